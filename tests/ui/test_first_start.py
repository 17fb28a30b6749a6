"""The first start asks who is coding (name and role) and creates nothing until answered;
the demo starts with no question. Real dialogs, a real database, settings in a temp file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vfcoach.coding.project import CoderRole
from vfcoach.services.people import join, list_people
from vfcoach.storage.database import Database
from vfcoach.ui import launch
from vfcoach.ui.people.first_start import (
    PersonDialog,
    ask_person,
    remember_person,
    remembered_person,
)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def dialog_for(qtbot: QtBot, db: Database) -> PersonDialog:
    dialog = PersonDialog(db, list_people(db))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_first_person_names_themselves_and_may_be_the_first_supervisor(
    qtbot: QtBot, sqlite_db: Database
):
    dialog = dialog_for(qtbot, sqlite_db)
    assert not dialog.ok_button.isEnabled()  # no name, no start
    qtbot.keyClicks(dialog.name_box, "Sue Smith")
    assert dialog.supervisor.isEnabled() and "Nobody here is a supervisor" in dialog.rule.text()
    qtbot.mouseClick(dialog.supervisor, Qt.MouseButton.LeftButton)
    dialog.grab().save("/tmp/h-who-first-start.png")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and dialog.actor.is_supervisor
    assert list_people(sqlite_db).supervisors == ("Sue Smith",)


def test_a_second_supervisor_cannot_be_chosen_and_the_dialog_says_why(
    qtbot: QtBot, sqlite_db: Database
):
    join(sqlite_db, "Sue", CoderRole.SUPERVISOR)
    dialog = dialog_for(qtbot, sqlite_db)
    qtbot.keyClicks(dialog.name_box, "Max")
    assert not dialog.supervisor.isEnabled() and dialog.coach.isChecked()
    assert "already has a supervisor (Sue)" in dialog.rule.text()
    dialog.grab().save("/tmp/h-who-first-start-second.png")
    dialog.name_box.setCurrentText("Sue")  # a known name keeps its stored role
    assert dialog.supervisor.isChecked() and not dialog.coach.isEnabled()
    dialog.name_box.setCurrentText("Max")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.actor is not None and not dialog.actor.is_supervisor
    assert list_people(sqlite_db).names == ("Max", "Sue")


def test_a_name_the_database_refuses_is_said_and_nothing_is_created(
    qtbot: QtBot, sqlite_db: Database
):
    dialog = dialog_for(qtbot, sqlite_db)
    dialog.name_box.setCurrentText("x" * 300)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.error.text().startswith("Not started:")
    assert list_people(sqlite_db).names == ()


def _answer(name: str | None) -> None:
    """Answer the modal question the way a person would, once it is on screen."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        assert isinstance(dialog, PersonDialog)
        if name is None:
            dialog.reject()
        else:
            dialog.name_box.setCurrentText(name)
            dialog.ok_button.click()

    QTimer.singleShot(0, act)


def test_ask_person_asks_once_per_database_then_remembers(
    qtbot: QtBot, sqlite_db: Database, settings: QSettings, tmp_path: Path
):
    _answer(None)  # cancelled: nothing is created and nobody is remembered
    assert ask_person(sqlite_db, settings) is None
    assert list_people(sqlite_db).names == () and remembered_person(settings, sqlite_db) == ""

    _answer("Ana")
    ana = ask_person(sqlite_db, settings)
    assert ana is not None and ana.name == "Ana" and list_people(sqlite_db).names == ("Ana",)
    assert ask_person(sqlite_db, settings) == ana.__class__("Ana", CoderRole.CODER)  # no question

    other = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    other.setValue("coder", "Ana")  # what the window remembered before it asked

    def check_offered() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check_offered)
            return
        assert isinstance(dialog, PersonDialog)
        offered.append(dialog.name_box.currentText())
        dialog.reject()

    offered: list[str] = []
    QTimer.singleShot(0, check_offered)
    assert ask_person(sqlite_db, other) is None  # asked all the same: nothing is silent
    assert offered == ["Ana"]

    remember_person(settings, sqlite_db, "Gone")  # remembered, but not in this database
    _answer("Ana")
    assert ask_person(sqlite_db, settings) is not None


def test_the_demo_starts_without_a_question(
    qtbot: QtBot, sqlite_db: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
):
    def never(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the demo must not ask who is coding")

    monkeypatch.setattr(launch, "ask_person", never)
    window = launch.open_window(sqlite_db, True, settings)
    assert window is not None
    qtbot.addWidget(window)
    assert window.coder_name == launch.DEMO_CODER


def test_a_first_start_asks_and_a_cancelled_one_opens_no_window(
    qtbot: QtBot, sqlite_db: Database, settings: QSettings
):
    _answer(None)
    assert launch.open_window(sqlite_db, False, settings) is None
    assert list_people(sqlite_db).names == ()
    _answer("Ana")
    window = launch.open_window(sqlite_db, False, settings)
    assert window is not None
    qtbot.addWidget(window)
    assert window.coder_name == "Ana" and window.toolbar.coder_box.currentText() == "Ana"
