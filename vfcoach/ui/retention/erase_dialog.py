"""*Erase family…*: what goes, in plain words, then the family code typed to confirm.

The Erase button stays disabled until the code typed matches exactly and a reason is given,
so a stray Enter cannot erase a family. A family on legal hold gets the reason of the hold
and no way to erase it here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.services.retention.erase import ErasePlan


class EraseFamilyDialog(QDialog):
    def __init__(self, plan: ErasePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(f"Erase family {plan.family_code}")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        heading = QLabel(f"Erasing family {plan.family_code} deletes, for good:")
        heading.setStyleSheet("font-weight: bold;")
        layout.addWidget(heading)
        items = QLabel("\n".join(f"•  {line}" for line in plan.summary()))
        items.setTextFormat(Qt.TextFormat.PlainText)
        items.setWordWrap(True)
        layout.addWidget(items)
        if plan.outside:
            outside = QLabel(
                f"{len(plan.outside)} of the family's file(s) are outside vfcoach's data folder "
                "(your own videos, exported reels or reports): they stay where they are, and "
                "you get the list afterwards, to delete them yourself."
            )
            outside.setWordWrap(True)
            layout.addWidget(outside)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. the family asked for it; the retention period ended")
        self.typed = QLineEdit()
        self.typed.setPlaceholderText(plan.family_code)
        form = QFormLayout()
        form.addRow("Why", self.reason)
        form.addRow("Type the family code", self.typed)
        layout.addLayout(form)
        self.note = QLabel("This cannot be undone.")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #a40000;")
        layout.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.erase_button = QPushButton("Erase family")
        self.erase_button.setAutoDefault(False)
        buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.erase_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if plan.hold_reason is not None:
            heading.setText(f"Family {plan.family_code} is on legal hold.")
            items.hide()
            self.note.setText(
                f"This family is on legal hold ({plan.hold_reason}), so it cannot be erased. "
                "A supervisor must release the hold first."
            )
            for widget in (self.reason, self.typed):
                widget.setEnabled(False)
        self.reason.textChanged.connect(self._judge)
        self.typed.textChanged.connect(self._judge)
        self._judge()

    def ready(self) -> bool:
        return (
            self.plan.hold_reason is None
            and self.typed.text().strip() == self.plan.family_code
            and len(self.reason.text().strip()) >= 3
        )

    def _judge(self) -> None:
        self.erase_button.setEnabled(self.ready())

    def accept(self) -> None:
        if self.ready():  # Enter in a field must not erase before the code matches
            super().accept()
