"""Signing in to a team database from the window: the dialog, and who the window acts as."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.team.conftest import TeamDb
from vfcoach.services.team import admin
from vfcoach.ui.launch import open_window
from vfcoach.ui.team.sign_in import SignInDialog

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def anna(team_db: TeamDb) -> str:
    admin.init_team(team_db.admin_url)
    name = team_db.login("anna")
    admin.add_person(team_db.admin_url, name, "coach", "pw")
    return name


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _fill(qtbot: QtBot, dialog: SignInDialog, server: str, name: str, password: str) -> None:
    dialog.server.setText(server)
    dialog.name.setText(name)
    dialog.password.setText(password)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)


def test_signing_in_opens_the_window_as_that_person(
    qtbot: QtBot, team_db: TeamDb, anna: str, settings: QSettings, tmp_path: Path
):
    dialog = SignInDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(qtbot, dialog, "no server here", anna, "pw")
    assert dialog.problem.isVisible() and "HOST/DATABASE" in dialog.problem.text()
    _fill(qtbot, dialog, f"127.0.0.1:{team_db.server.port}/{team_db.name}", "postgres", "pw")
    assert "not a person" in dialog.problem.text()  # the owner is no coach: an admin adds people
    dialog.grab().save("/tmp/h-team-sign-in-refused.png")
    _fill(qtbot, dialog, f"127.0.0.1:{team_db.server.port}/{team_db.name}", anna, "s3cret-pw")
    assert dialog.result() == SignInDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.name == anna
    db = dialog.database
    assert db is not None
    settings.sync()
    kept = (tmp_path / "settings.ini").read_text()
    assert anna in kept and "s3cret" not in kept  # name and server kept, never the password
    try:
        window = open_window(db, demo=False, settings=settings)  # no "who are you?" question
        assert window is not None
        qtbot.addWidget(window)
        assert window.session.coder_name == anna
        assert not window.toolbar.coder_box.isEnabled()
        window.session.act_as("someone else")  # the login is who acts, whatever is asked
        assert window.session.coder_name == anna
        window.grab().save("/tmp/h-team-window-signed-in.png")
        window.close()
    finally:
        db.dispose()


def test_the_dialog_remembers_server_and_name(qtbot: QtBot, settings: QSettings):
    settings.setValue("team/server", "db.example.org/vfcoach")
    settings.setValue("team/name", "anna")
    dialog = SignInDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.server.text() == "db.example.org/vfcoach" and dialog.name.text() == "anna"
    assert dialog.password.text() == ""
    dialog.grab().save("/tmp/h-team-sign-in.png")


def test_a_server_that_does_not_answer_leaves_the_dialog_alive(
    qtbot: QtBot, settings: QSettings
) -> None:
    """Connecting is off the UI thread: the dialog says it is signing in, ignores a second
    click, and Cancel works at once, whatever the server does."""
    silent = socket.socket()  # accepts connections and never says a word
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)
    port = silent.getsockname()[1]
    try:
        dialog = SignInDialog(settings)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.server.setText(f"127.0.0.1:{port}/vfcoach")
        dialog.name.setText("anna")
        dialog.password.setText("pw")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        started = time.monotonic()
        ok.click()
        assert time.monotonic() - started < 1.0  # the click came back at once
        assert dialog.busy and not ok.isEnabled() and dialog.problem.text() == "Signing in…"
        qtbot.wait(300)  # the event loop runs meanwhile: the window is not frozen
        dialog.grab().save("/tmp/h-team-signing-in.png")
        dialog.reject()
        assert dialog.result() == SignInDialog.DialogCode.Rejected and dialog.database is None
    finally:
        silent.close()
