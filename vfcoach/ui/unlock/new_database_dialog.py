"""The first start on a new database: choose a passphrase, then see the recovery key once.

The same dialog protects a database the demo made (its key was in the clear) and offers to
encrypt a database made before encryption (`vfcoach encrypt` in the window; "Not now" opens
it as it is).

The key file is written only when the person presses "Encrypt and continue" with two equal,
non-empty passphrases; Quit writes nothing. The recovery key is then shown in large letters,
in groups, with no copy to the clipboard (a clipboard keeps it where others can read it).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.storage.cipher.convert import encrypt_in_place, protect_demo
from vfcoach.storage.cipher.keys import remember
from vfcoach.storage.cipher.setup import prepare_new
from vfcoach.ui.unlock.unlock_dialog import problem_label, remember_box, secret_field

MIN_LENGTH = 8
NEW, DEMO, PLAIN = "new", "demo", "plain"  # a new database; the demo's; one made before
BEFORE = {
    NEW: "",
    DEMO: "This database was made by the demo, so it opened without a passphrase.\n\n",
    PLAIN: "This database was made before vfcoach encrypted its data: anyone with the file "
    "can read it.\n\n",
}
ABOUT = (
    "vfcoach keeps the families' records, your codes and your notes encrypted on this "
    "computer. Choose a passphrase; vfcoach asks for it each time it starts."
)


class NewDatabaseDialog(QDialog):
    """Chooses the passphrase of a new database and writes its key file."""

    def __init__(self, database: Path, parent: QWidget | None = None, *, kind: str = NEW) -> None:
        super().__init__(parent)
        self.database = database
        self.kind = kind
        self.recovery_key = ""
        self.setWindowTitle("Protect vfcoach's data")
        intro = QLabel(BEFORE[kind] + ABOUT)
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
        later = "Not now" if kind == PLAIN else "Quit"  # a plain one still opens as before
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(later)
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
            try:
                self.recovery_key = self._encrypt(text)
            except VfcoachError as exc:  # e.g. open in another vfcoach: say so, stay
                self.problem.setText(str(exc))
                self.problem.show()
                return
            remember(self.database, self.remember.isChecked() and self.remember.isVisible())
            self.accept()
            return
        self.problem.show()

    def _encrypt(self, passphrase: str) -> str:
        if self.kind == DEMO:
            return protect_demo(self.database, passphrase)
        if self.kind == PLAIN:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:  # before the window and any connection: nothing else to keep responsive
                return encrypt_in_place(self.database, passphrase)
            finally:
                QApplication.restoreOverrideCursor()
        return prepare_new(self.database, passphrase) or ""


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
