"""The first start on a new database: choose a passphrase, then see the recovery key once.

The key file is written only when the person presses "Encrypt and continue" with two equal,
non-empty passphrases; Quit writes nothing. The recovery key is then shown in large letters,
in groups, with no copy to the clipboard (a clipboard keeps it where others can read it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vfcoach.storage.cipher.convert import protect_demo
from vfcoach.storage.cipher.keys import remember
from vfcoach.storage.cipher.setup import prepare_new
from vfcoach.ui.unlock.unlock_dialog import problem_label, remember_box, secret_field

MIN_LENGTH = 8


class NewDatabaseDialog(QDialog):
    """Chooses the passphrase of a new database and writes its key file."""

    def __init__(
        self, database: Path, parent: QWidget | None = None, *, demo_made: bool = False
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.demo_made = demo_made
        self.recovery_key = ""
        self.setWindowTitle("Protect vfcoach's data")
        before = (
            "This database was made by the demo, so it opened without a passphrase. "
            if demo_made
            else ""
        )
        intro = QLabel(
            before + "vfcoach keeps the families' records, your codes and your notes "
            "encrypted on this computer. Choose a passphrase; vfcoach asks for it each time "
            "it starts."
        )
        intro.setWordWrap(True)
        self.passphrase = secret_field(f"at least {MIN_LENGTH} characters")
        self.again = secret_field("the same again")
        self.remember = remember_box()
        self.problem = problem_label()
        form = QFormLayout()
        form.addRow("Passphrase", self.passphrase)
        form.addRow("Again", self.again)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Encrypt and continue")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        buttons.accepted.connect(self.encrypt_new)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def encrypt_new(self) -> None:
        text = self.passphrase.text()
        if len(text) < MIN_LENGTH:
            self.problem.setText(f"Use at least {MIN_LENGTH} characters.")
        elif text != self.again.text():
            self.problem.setText("The two passphrases differ.")
        else:
            if self.demo_made:
                self.recovery_key = protect_demo(self.database, text)
            else:
                self.recovery_key = prepare_new(self.database, text) or ""
            remember(self.database, self.remember.isChecked() and self.remember.isVisible())
            self.accept()
            return
        self.problem.show()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once, and what it is for, in plain words."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Your recovery key")
        text = QLabel(
            "Write this recovery key on paper and keep it somewhere safe, away from this "
            "computer. If you forget your passphrase, it lets you choose a new one. "
            "It is shown only now."
        )
        text.setWordWrap(True)
        groups = recovery_key.split("-")
        shown = "  ".join(groups[:4]) + "\n" + "  ".join(groups[4:])
        self.key = QLabel(shown)
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(16)
        self.key.setFont(font)
        self.key.setStyleSheet("padding: 12px; border: 1px solid palette(mid)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("I have written it down")
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.key)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
