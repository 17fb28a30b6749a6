"""The sign-in dialog of a team database: server, name, password.

The server and name are remembered in the settings for next time; the password never is. It
goes to the operating system's key store when the person ticks "Remember" and a store exists
(`services.team.sign_in`); otherwise the box is off and the password is asked each time.
A failed sign-in keeps the dialog open with the reason in plain words under the fields.
Connecting runs off the UI thread: a server that does not answer takes up to the connect
timeout, and the dialog meanwhile says so, stays responsive and can be cancelled.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vfcoach.services.access import Actor
from vfcoach.services.team.sign_in import (
    SignInFailed,
    forget_password,
    key_store_available,
    recall_password,
    remember_password,
    sign_in,
)
from vfcoach.storage.database import Database

SERVER_KEY = "team/server"
NAME_KEY = "team/name"


class SignInDialog(QDialog):
    """Asks for the server, name and password until they open a team database."""

    _answered = Signal(object, str, str, str)  # (Database, Actor) or SignInFailed; the form

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in to your team's database")
        self.settings = settings
        self.database: Database | None = None
        self.actor: Actor | None = None
        self.server = QLineEdit(str(settings.value(SERVER_KEY, "") or ""))
        self.server.setPlaceholderText("e.g. db.example.org/vfcoach")
        self.name = QLineEdit(str(settings.value(NAME_KEY, "") or ""))
        self.name.setPlaceholderText("your sign-in name, e.g. anna")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox("Remember my password on this computer")
        if key_store_available():
            saved = recall_password(self.server.text(), self.name.text())
            if saved:
                self.password.setText(saved)
                self.remember.setChecked(True)
        else:
            self.remember.hide()
        self.no_store = QLabel(
            "This computer has no password store, so your password is asked each time."
        )
        self.no_store.setWordWrap(True)
        self.no_store.setStyleSheet("color: palette(mid)")
        self.no_store.setVisible(not key_store_available())
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a00000")
        self.problem.hide()
        form = QFormLayout()
        form.addRow("Server", self.server)
        form.addRow("Name", self.name)
        form.addRow("Password", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in")
        self._ok = ok
        self.busy = False  # an attempt is on its way
        self._answered.connect(self._on_answer)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Your admin gives you the server, your name and a password."))
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.no_store)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        (self.password if self.name.text() else self.server).setFocus()

    def try_sign_in(self) -> None:
        """Open the database as the person, off the UI thread; the answer comes back in
        `_on_answer` (on failure the reason is said and the dialog stays open)."""
        if self.busy:
            return
        server, name, password = self.server.text(), self.name.text(), self.password.text()
        self._set_busy(True)
        threading.Thread(
            target=self._attempt, args=(server, name, password), daemon=True, name="sign-in"
        ).start()

    def _attempt(self, server: str, name: str, password: str) -> None:
        result: object
        try:
            result = sign_in(server, name, password)
        except SignInFailed as exc:
            result = exc
        try:
            self._answered.emit(result, server, name, password)
        except RuntimeError:  # the dialog is gone (cancelled and closed): nobody to tell
            if isinstance(result, tuple):
                result[0].dispose()

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._ok.setEnabled(not busy)
        for field in (self.server, self.name, self.password):
            field.setReadOnly(busy)
        if busy:
            self.problem.setStyleSheet("color: palette(text)")
            self.problem.setText("Signing in…")
            self.problem.show()

    def _on_answer(self, result: object, server: str, name: str, password: str) -> None:
        if not self.busy:  # cancelled meanwhile: nobody waits for this connection
            if isinstance(result, tuple):
                result[0].dispose()
            return
        self._set_busy(False)
        if isinstance(result, SignInFailed):
            self.problem.setStyleSheet("color: #a00000")
            self.problem.setText(str(result))
            self.problem.show()
            self.adjustSize()  # room for the reason, without squeezing the fields
            return
        assert isinstance(result, tuple)
        self.database, self.actor = result
        self.problem.hide()
        self.settings.setValue(SERVER_KEY, server.strip())
        self.settings.setValue(NAME_KEY, name.strip())
        if self.remember.isChecked():
            remember_password(server.strip(), name.strip(), password)
        else:
            forget_password(server.strip(), name.strip())
        self.accept()

    def reject(self) -> None:
        """Cancel, also while an attempt is on its way (its connection is closed on arrival)."""
        self.busy = False
        super().reject()


def ask_sign_in(settings: QSettings, parent: QWidget | None = None) -> Database | None:
    """The signed-in team database, or None when the person cancels."""
    dialog = SignInDialog(settings, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.database
