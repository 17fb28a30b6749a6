"""`KindChangeDialog`: a supervisor confirms, with a reason, that a code changes what it means.

Shown by the scheme editor when a save is refused because a code's kind, polarity or
caregiver visibility would change (`vfcoach.coding.scheme_guard`): a concern code made
caregiver-visible could put a frightening moment in a caregiver reel. OK stays disabled until
a name and a reason of the words the rule asks for are there, so the dialog cannot produce a
refusal of its own; whether the name is a supervisor is checked by the save, not here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.scheme_guard import MIN_CONFIRM_WORDS, KindChangeConfirmation


class KindChangeDialog(QDialog):
    """Asks who confirms the change and why; `confirmation` is the answer, tidied."""

    def __init__(self, refusal: str, supervisor: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Confirm a change of meaning")
        explain = QLabel(
            f"Not saved: {refusal}\n\nA supervisor can confirm this change with a reason "
            f"(at least {MIN_CONFIRM_WORDS} words). Their name, the time, the changes and the "
            "reason are written to the audit log. Moments already coded keep the meaning of "
            "the version they were coded with, and FR is never shown to caregivers."
        )
        explain.setWordWrap(True)
        self.supervisor_edit = QLineEdit(supervisor)
        self.supervisor_edit.setPlaceholderText("Supervisor's name")
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("Why this code should change its meaning")
        self.supervisor_edit.textChanged.connect(self._check)
        self.reason_edit.textChanged.connect(self._check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("Confirm and save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Supervisor", self.supervisor_edit)
        form.addRow("Reason", self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(520, 320)
        self._check()

    @property
    def ok_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert button is not None
        return button

    @property
    def confirmation(self) -> KindChangeConfirmation:
        reason = " ".join(self.reason_edit.toPlainText().split())
        return KindChangeConfirmation(reason, self.supervisor_edit.text().strip())

    def _check(self) -> None:
        answer = self.confirmation
        enough = len(answer.reason.split()) >= MIN_CONFIRM_WORDS
        self.ok_button.setEnabled(bool(answer.by) and enough)
