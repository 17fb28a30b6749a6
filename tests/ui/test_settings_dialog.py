"""Settings (Ctrl+,): saved all or nothing, a connection tested off the UI thread, and the
database and data folder used from the next start."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vfcoach.services.reels.evidence import reel_settings
from vfcoach.services.tally.fidelity import load_thresholds
from vfcoach.storage.database import Database
from vfcoach.storage.engine import DATA_ENV_VAR, ENV_VAR, data_folder, resolve_db_url
from vfcoach.storage.location import CONFIG_ENV_VAR, Location, read_location, write_location
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.shell.settings_dialog import SettingsDialog


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's own location file (not yet written)."""
    path = tmp_path / "config" / "location.json"
    monkeypatch.setenv(CONFIG_ENV_VAR, str(path))
    return path


def open_settings(qtbot: QtBot, window: MainWindow) -> SettingsDialog:
    qtbot.keyClick(window.video.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.shell.dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_ctrl_comma_saves_thresholds_and_words_then_gives_the_video_the_keys(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, tmp_path: Path, config: Path
) -> None:
    dialog = open_settings(qtbot, window)
    dialog.grab().save("/tmp/h-shell-settings.png")
    page = dialog.fidelity_page
    page.programme.setCurrentText("VIPP-SD")
    page.rate.setValue(2.5)
    page.programme.setCurrentText("ABC")  # what was typed for VIPP-SD is kept
    dialog.words_page.text.setPlainText("FTL\nfollowing the lead\n")
    dialog.where_page.folder.setText(str(tmp_path))
    assert dialog.save()
    assert load_thresholds(sqlite_db, "VIPP-SD").min_rate_per_min == 2.5
    with sqlite_db.uow() as uow:
        assert reel_settings(uow).jargon == ("FTL", "following the lead")
    assert read_location() == Location("", str(tmp_path))
    assert config.stat().st_mode & 0o777 == 0o600
    assert "next start" in window.status.currentMessage()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.video.view)


def test_a_bad_value_is_refused_with_a_message_and_nothing_changes(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, config: Path
) -> None:
    before = load_thresholds(sqlite_db, "ABC")
    dialog = open_settings(qtbot, window)
    dialog.fidelity_page.rate.setValue(4.0)
    dialog.where_page.server.setChecked(True)
    dialog.where_page.address.setText("mysql://somewhere/else")
    assert not dialog.save()
    assert dialog.isVisible()
    assert dialog.message.text().startswith("Nothing was saved: a server address starts with")
    assert load_thresholds(sqlite_db, "ABC") == before
    assert not config.exists()
    dialog.where_page.address.setText("")
    dialog.words_page.text.setPlainText("  \n")
    assert not dialog.save() and "address" in dialog.message.text()
    dialog.reject()


def test_test_connection_runs_on_the_runner_and_says_plainly(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, inline_runner: TaskRunner,
    sqlite_url: str,
) -> None:  # fmt: skip
    dialog = SettingsDialog(sqlite_db, inline_runner, window.session, window)
    qtbot.addWidget(dialog)
    page = dialog.where_page
    page.server.setChecked(True)
    page.address.setText("postgresql://coach:s3cret@127.0.0.1:1/vfcoach")
    page.test_button.click()
    assert page.test_result.text() == "Connecting…" and not page.test_button.isEnabled()
    inline_runner.drain()
    assert page.test_result.text().startswith("It did not work: could not connect")
    assert "s3cret" not in page.test_result.text() and page.test_button.isEnabled()
    page.address.setText(sqlite_url)  # any address the test can reach
    page.test_button.click()
    inline_runner.drain()
    assert page.test_result.text().startswith("It worked. Connected to SQLite")


def test_the_chosen_database_and_data_folder_are_used_by_window_and_cli_alike(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv(DATA_ENV_VAR, raising=False)
    write_location(Location("postgresql://coach@server/vfcoach", str(tmp_path / "data")))
    assert resolve_db_url(None) == "postgresql://coach@server/vfcoach"
    assert data_folder() == tmp_path / "data"
    assert resolve_db_url("sqlite:///given.sqlite") == "sqlite:///given.sqlite"  # --db wins
    monkeypatch.setenv(ENV_VAR, "postgresql://u@h/env")
    assert resolve_db_url(None) == "postgresql://u@h/env"  # and VFCOACH_DB
    write_location(Location("", str(tmp_path / "data")))
    monkeypatch.delenv(ENV_VAR)
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'data' / 'vfcoach.sqlite'}"
