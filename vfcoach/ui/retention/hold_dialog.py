"""*Legal hold…* on a family: place one with a reason, or release the one in place.

A family on legal hold cannot be erased (domain.md §7.5). Where roles are in use only a
supervisor (or a team database's admin) may change a hold; the service says so plainly.
"""

from __future__ import annotations

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

from vfcoach.storage.retention import Hold


class HoldDialog(QDialog):
    """`choice` is "place" (with `reason`) or "release" once accepted."""

    def __init__(self, family_code: str, hold: Hold | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.choice = ""
        self.setWindowTitle(f"Legal hold: family {family_code}")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.reason = QLineEdit()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        if hold is None:
            text = (
                f"Family {family_code} is not on legal hold. While on hold it cannot be "
                "erased, whatever the retention rule says."
            )
            self.reason.setPlaceholderText("Why (e.g. a court order and its number)")
            self.action = QPushButton("Place hold")
            self.action.setEnabled(False)
            self.reason.textChanged.connect(lambda t: self.action.setEnabled(len(t.strip()) >= 3))
        else:
            when = f"{hold.placed_at.day} {hold.placed_at:%B %Y}"
            text = (
                f"Family {family_code} is on legal hold since {when}, placed by "
                f"{hold.placed_by}: {hold.reason}"
            )
            self.reason.hide()
            self.action = QPushButton("Release hold")
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        if hold is None:
            form = QFormLayout()
            form.addRow("Why", self.reason)
            layout.addLayout(form)
        buttons.addButton(self.action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.action.clicked.connect(self._chosen)
        layout.addWidget(buttons)
        self._placing = hold is None

    def _chosen(self) -> None:
        if self._placing and len(self.reason.text().strip()) < 3:
            return
        self.choice = "place" if self._placing else "release"
        self.accept()
