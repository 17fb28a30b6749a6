"""A team password kept in the computer's key store through `keyring`, and never elsewhere.

A headless test machine has no key store (keyring's `fail` backend): the dialog then says the
password is asked each time and keeps nothing. A desktop has one; `Vault` (tests/key_store.py)
is a real keyring backend, holding its secrets in memory so the test can look inside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from tests.key_store import Vault, vault
from tests.team.conftest import TeamDb
from vfcoach.services.team import admin
from vfcoach.ui.team.sign_in import SignInDialog

pytestmark = pytest.mark.postgres

__all__ = ["vault"]  # a fixture used by parameter name


@pytest.fixture
def no_store() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture(scope="module")
def bert(team_db: TeamDb) -> str:
    admin.init_team(team_db.admin_url)
    name = team_db.login("bert")
    admin.add_person(team_db.admin_url, name, "coach", "pw")
    return name


def _sign_in(qtbot: QtBot, settings: QSettings, server: str, name: str, pw: str, keep: bool):
    dialog = SignInDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.server.setText(server)
    dialog.name.setText(name)
    dialog.password.setText(pw)
    dialog.remember.setChecked(keep)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=15_000)  # connecting is off the UI thread
    assert dialog.result() == SignInDialog.DialogCode.Accepted, dialog.problem.text()
    assert dialog.database is not None
    dialog.database.dispose()


def test_a_kept_password_is_in_the_key_store_only_and_fills_the_next_sign_in(
    qtbot: QtBot, team_db: TeamDb, bert: str, vault: Vault, tmp_path: Path
):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    server = f"127.0.0.1:{team_db.server.port}/{team_db.name}"
    _sign_in(qtbot, settings, server, bert, "kept-pw-7Q", keep=True)
    assert list(vault.kept.values()) == ["kept-pw-7Q"]
    settings.sync()
    assert "kept-pw-7Q" not in (tmp_path / "settings.ini").read_text()
    again = SignInDialog(settings)
    qtbot.addWidget(again)
    assert again.remember.isVisibleTo(again) and again.remember.isChecked()
    assert again.password.text() == "kept-pw-7Q"
    _sign_in(qtbot, settings, server, bert, "kept-pw-7Q", keep=False)  # unticked: forgotten
    assert vault.kept == {}
    assert SignInDialog(settings).password.text() == ""


def test_not_ticked_nothing_is_kept(
    qtbot: QtBot, team_db: TeamDb, bert: str, vault: Vault, tmp_path: Path
):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    server = f"127.0.0.1:{team_db.server.port}/{team_db.name}"
    _sign_in(qtbot, settings, server, bert, "not-kept-pw", keep=False)
    assert vault.kept == {}
    assert SignInDialog(settings).password.text() == ""


def test_without_a_key_store_the_password_is_asked_each_time(
    qtbot: QtBot, no_store: None, tmp_path: Path
):
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    dialog = SignInDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.remember.isVisible() and dialog.no_store.isVisible()
    assert "asked each time" in dialog.no_store.text()
