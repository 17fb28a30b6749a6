"""Who is coding, in a real window: opening only shows a recording, *Start coding* makes the
pass, the screen says whose codes it shows, and coders added elsewhere appear."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.test_double_coding_window import code_as
from vfcoach.coding.annotation import PassPurpose
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import CoderRole, Recording
from vfcoach.services.people import join
from vfcoach.services.reliability.plan import AssignOperation, SampleOperation
from vfcoach.storage.database import Database
from vfcoach.ui.coder_watch import INTERVAL_MS
from vfcoach.ui.events.event_model import COL_NOTE
from vfcoach.ui.main_window import MainWindow


@pytest.fixture
def make_window(qtbot: QtBot, sqlite_db: Database) -> Iterator:
    made: list[MainWindow] = []

    def make(name: str) -> MainWindow:
        w = MainWindow(sqlite_db, name)
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow, timeout=10_000)
        made.append(w)
        return w

    yield make
    for w in made:
        w.player.unload()


def passes_of(db: Database, rec: RecordingId) -> list[tuple[str, str]]:
    with db.uow() as uow:
        names = {c.id: c.name for c in uow.coders.list()}
        return [(names[p.coder_id], p.purpose.value) for p in uow.passes.for_recording(rec)]


def test_opening_makes_nobody_a_coder_until_start_coding(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, make_window
):
    join(sqlite_db, "Dee", CoderRole.CODER)
    w = make_window("Dee")
    index = w.browser_model.indexFromItem(w.browser_model.recording_items()[0])
    w.browser.setCurrentIndex(index)
    w.browser.clicked.emit(index)  # a click in the browser opens it
    assert w.opened is not None and w.opened.recording.id == recording.id
    assert passes_of(sqlite_db, recording.id) == []  # looked at: no pass
    assert w.whose.text == "No codes yet" and w.whose.start_button.isVisible()
    QApplication.processEvents()
    w.grab().save("/tmp/h-who-not-started.png")

    qtbot.waitUntil(lambda: w.player.loaded, timeout=10_000)
    qtbot.keyClick(w.video.view, "n")  # a code key before starting is not swallowed silently
    assert "not started coding this recording" in w.status.currentMessage()
    assert passes_of(sqlite_db, recording.id) == [] and w.store.annotations() == []
    # a draw now has nothing of Dee's to draw from
    assert (
        SampleOperation(sqlite_db, share=1.0, seed=3, actor=who(sqlite_db, "Sue"))
        .run()
        .recording_ids
        == ()
    )

    w.player.seek_frame(30)
    assert QKeySequence("Ctrl+Return") in w.start_action.shortcuts()
    assert "Start coding this recording" in [a.text() for a in w.shell.menus["Code"].actions()]
    qtbot.keyClick(w.video.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert passes_of(sqlite_db, recording.id) == [("Dee", "primary")]
    assert w.whose.text == "Your codes" and not w.whose.start_button.isVisible()
    assert w.player.frame == 30  # the video stayed where it was
    qtbot.keyClick(w.video.view, "n")
    assert [(a.code_key, a.onset.frame) for a in w.store.annotations()] == [("NUR", 30)]
    QApplication.processEvents()  # let the layout follow the hidden button, then look
    w.grab().save("/tmp/h-who-your-codes.png")


def test_another_coders_codes_are_shown_read_only(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, make_window
):
    code_as(sqlite_db, recording, "Ana Lima", "NUR", "DEL")
    w = make_window("Ben")
    assert w.open_recording(recording.id)
    assert w.whose.text == "Ana Lima's codes, read only"
    assert "not started" in w.pass_label.text()
    assert [a.code_key for a in w.store.annotations()] == ["NUR", "DEL"]
    assert w.table_model.rowCount() == 2
    QApplication.processEvents()
    w.grab().save("/tmp/h-who-read-only.png")

    assert not w.events.delete_button.isEnabled()
    cell = w.table_model.index(0, COL_NOTE)
    assert not w.table_model.flags(cell) & Qt.ItemFlag.ItemIsEditable
    w.events.table.selectRow(0)
    qtbot.keyClick(w.video.view, Qt.Key.Key_Delete)  # nothing of Ana's can be deleted
    qtbot.keyClick(w.video.view, Qt.Key.Key_F2)  # nor given a note (no note box opens)
    assert "read only" in w.status.currentMessage()
    qtbot.keyClick(w.video.view, "n")  # nor added to
    assert "not started coding" in w.status.currentMessage()
    with sqlite_db.uow() as uow:
        assert uow.coders.by_name("Ben") is None  # looking made Ben nobody
    assert passes_of(sqlite_db, recording.id) == [("Ana Lima", "primary")]
    assert [a.code_key for a in w.store.annotations()] == ["NUR", "DEL"]

    qtbot.mouseClick(w.whose.start_button, Qt.MouseButton.LeftButton)
    assert w.whose.text == "Your codes" and w.store.annotations() == []
    assert w.events.delete_button.isEnabled()
    assert passes_of(sqlite_db, recording.id) == [("Ana Lima", "primary"), ("Ben", "reliability")]

    w.session.act_as("Ana Lima")  # the label follows the acting person
    assert w.whose.text == "Your codes"
    assert [a.code_key for a in w.store.annotations()] == ["NUR", "DEL"]


def test_blind_coding_shows_nobody_elses_codes_before_starting(
    sqlite_db: Database, recording: Recording, make_window
):
    code_as(sqlite_db, recording, "Ana", "NUR")
    AssignOperation(sqlite_db, recording.id, "Ben", actor=who(sqlite_db, "Sue")).run()
    w = make_window("Ben")
    assert w.open_recording(recording.id)
    assert w.whose.text == "No codes shown" and w.store.annotations() == []
    assert "blind double coding" in w.whose.detail.text()
    assert w.start_coding()
    assert [p for p in passes_of(sqlite_db, recording.id) if p[0] == "Ben"] == [
        ("Ben", PassPurpose.RELIABILITY.value)
    ]


def test_coders_added_elsewhere_appear_without_a_restart(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, make_window
):
    w = make_window("Ana")
    box = w.toolbar.coder_box
    names = lambda: [box.itemText(i) for i in range(box.count())]  # noqa: E731
    assert "Zoe" not in names()
    assert w.coder_watch.timer.isActive() and w.coder_watch.timer.interval() == INTERVAL_MS
    join(sqlite_db, "Zoe", CoderRole.CODER)  # as the CLI or another computer would
    w.coder_watch.check()  # what the timer (or the window being activated) does
    qtbot.waitUntil(lambda: "Zoe" in names(), timeout=10_000)
    assert box.currentText() == "Ana" and names()[-1] == "New person…"


def test_drawing_fidelity_clips_before_starting_says_so_and_creates_nothing(
    sqlite_db: Database, recording: Recording, make_window, monkeypatch: pytest.MonkeyPatch
):
    from vfcoach.ui import fidelity_actions

    told: list[str] = []
    monkeypatch.setattr(
        fidelity_actions.QMessageBox, "information", lambda _w, _t, text: told.append(text)
    )
    w = make_window("Dee")
    assert w.open_recording(recording.id)
    w.toolbar.fidelity.draw_clips()
    assert told and "Start coding this recording" in told[0]
    assert passes_of(sqlite_db, recording.id) == []


def test_with_several_coders_the_person_chooses_whose_codes_to_look_at(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, make_window
):
    code_as(sqlite_db, recording, "Ana", "NUR", "DEL")
    code_as(sqlite_db, recording, "Cleo", "FTL")
    w = make_window("Ben")
    assert w.open_recording(recording.id)
    assert w.whose.text == "Ana's codes, read only" and w.whose.chooser_row.isVisible()
    chooser = w.whose.chooser
    assert [chooser.itemData(i) for i in range(chooser.count())] == ["Ana", "Cleo"]
    w.player.seek_frame(20)
    chooser.setCurrentIndex(1)
    chooser.activated.emit(1)  # as a pick from the list does
    assert w.whose.text == "Cleo's codes, read only"
    assert [a.code_key for a in w.store.annotations()] == ["FTL"] and w.player.frame == 20
    QApplication.processEvents()
    w.grab().save("/tmp/h-who-choose-coder.png")
    assert passes_of(sqlite_db, recording.id) == [("Ana", "primary"), ("Cleo", "reliability")]
    assert w.start_coding() and not w.whose.chooser_row.isVisible()
