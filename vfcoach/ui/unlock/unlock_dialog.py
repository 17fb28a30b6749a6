"""The question at start when the database is encrypted: its passphrase, or the recovery key.

A wrong passphrase keeps the dialog open with "That passphrase does not open this database"
under the field; nothing is written until it fits. "Forgot it?" shows the recovery key field
and two fields for a new passphrase; only the key file changes then. Quit leaves vfcoach.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.storage.cipher.convert import reset_passphrase
from vfcoach.storage.cipher.errors import CipherError
from vfcoach.storage.cipher.keys import key_store_available, remember, try_passphrase


def secret_field(placeholder: str = "") -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


def problem_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a00000")
    label.hide()
    return label


def remember_box() -> QCheckBox:
    box = QCheckBox("Remember on this computer (no question at start)")
    box.setToolTip(
        "Keeps the database's key in this computer's password store. Anyone who can sign "
        "in to this computer as you can then open vfcoach's data."
    )
    box.setVisible(key_store_available())
    return box


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery key) until the database's key is unwrapped."""

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.setWindowTitle("Open vfcoach")
        self.intro = intro = QLabel(
            "The coaching data on this computer is encrypted. Type your passphrase to open it."
        )
        intro.setWordWrap(True)
        self.passphrase = secret_field()
        self.remember = remember_box()
        self.problem = problem_label()
        self.forgot = QPushButton("Forgot it? Use the recovery key…")
        self.forgot.setFlat(True)
        self.forgot.clicked.connect(self.show_recovery)
        self.recovery = QLineEdit()
        self.recovery.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new_passphrase = secret_field("a new passphrase")
        self.again = secret_field("the same again")
        self.recovery_form = QWidget()
        recovery_rows = QFormLayout(self.recovery_form)
        recovery_rows.setContentsMargins(0, 0, 0, 0)
        recovery_rows.addRow("Recovery key", self.recovery)
        recovery_rows.addRow("New passphrase", self.new_passphrase)
        recovery_rows.addRow("Again", self.again)
        self.recovery_form.hide()
        self.form = form = QFormLayout()
        form.addRow("Passphrase", self.passphrase)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Open")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        self.buttons.accepted.connect(self.try_open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.forgot)
        layout.addWidget(self.recovery_form)
        layout.addWidget(self.remember)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.passphrase.setFocus()

    def show_recovery(self) -> None:
        """Swap the passphrase for the recovery key and a new passphrase."""
        self.intro.setText(
            "Type the recovery key you wrote down when vfcoach was set up, and choose a new "
            "passphrase. Your data stays as it is."
        )
        self.form.setRowVisible(self.passphrase, False)
        self.forgot.hide()
        self.recovery_form.show()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Set and open")
        self.problem.hide()
        self.recovery.setFocus()
        self.adjustSize()

    def say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()
        self.adjustSize()

    def try_open(self) -> None:
        try:
            if self.recovery_form.isVisible():
                if self.new_passphrase.text() != self.again.text():
                    self.say("The two new passphrases differ.")
                    return
                if not self.new_passphrase.text():
                    self.say("Choose a new passphrase.")
                    return
                reset_passphrase(self.database, self.recovery.text(), self.new_passphrase.text())
            else:
                try_passphrase(self.database, self.passphrase.text())
        except CipherError as exc:
            self.say(str(exc).replace("; nothing was changed", "."))
            return
        remember(self.database, self.remember.isChecked() and self.remember.isVisible())
        self.accept()
