"""Coding from the keyboard, through real shortcuts, into the real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow


def stored(db: Database, window: MainWindow) -> list:
    cpass = window.store.coding_pass
    assert cpass is not None
    with db.uow() as uow:
        return uow.annotations.for_pass(cpass.id)


def key(qtbot: QtBot, window: MainWindow, text: str, mod=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.video.view, text, mod)


def test_point_code_marks_current_frame(qtbot, window, sqlite_db):
    window.player.seek_frame(10)
    key(qtbot, window, "n")
    rows = stored(sqlite_db, window)
    assert [(a.code_key, a.onset.frame, a.offset) for a in rows] == [("NUR", 10, None)]
    assert rows[0].onset.pts_ms == window.player.frame_map.ms_at(10) == 400


def test_state_code_starts_and_ends_on_second_press(qtbot, window, sqlite_db):
    window.player.seek_frame(5)
    key(qtbot, window, "f")
    assert "● open" in window.code_panel._state_labels["FTL"].text()
    for _ in range(15):
        qtbot.keyClick(window.video.view, Qt.Key.Key_Right)
    key(qtbot, window, "f")
    (a,) = stored(sqlite_db, window)
    assert (a.code_key, a.onset.frame, a.offset.frame) == ("FTL", 5, 20)
    assert window.code_panel._state_labels["FTL"].text() == ""


def test_me_set_switch_closes_the_open_state(qtbot, window, sqlite_db):
    window.player.seek_frame(5)
    key(qtbot, window, "f")
    window.player.seek_frame(12)
    key(qtbot, window, "i")
    rows = {a.code_key: a for a in stored(sqlite_db, window)}
    assert rows["FTL"].offset.frame == 12
    assert rows["INT"].onset.frame == 12 and rows["INT"].offset is None


def test_arrow_keys_step_frames_and_shift_jumps_five_seconds(qtbot, window):
    window.player.seek_frame(3)
    qtbot.keyClick(window.video.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.video.view, Qt.Key.Key_Right)
    assert window.player.frame == 5
    qtbot.keyClick(window.video.view, Qt.Key.Key_Left)
    assert window.player.frame == 4
    window.player.seek_frame(0)
    qtbot.keyClick(window.video.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.player.frame == 74  # 3-s recording: +5 s rests on the last frame
    qtbot.keyClick(window.video.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert window.player.frame == window.player.frame_map.at_ms(2960 - 5000) == 0


def test_itm_modifiers_from_digits(qtbot, window, sqlite_db):
    window.player.seek_frame(30)
    key(qtbot, window, "m")
    assert window.code_panel.prompt.isVisible()
    assert "target" in window.code_panel.prompt.text()
    key(qtbot, window, "2")  # target = FTL
    key(qtbot, window, "1")  # on_target = yes
    key(qtbot, window, "1")  # valence = positive
    assert not window.code_panel.prompt.isVisible()
    (a,) = stored(sqlite_db, window)
    assert dict(a.modifiers) == {"target": "FTL", "on_target": "yes", "valence": "positive"}


def test_digits_do_nothing_without_a_question(qtbot, window, sqlite_db):
    key(qtbot, window, "1")
    assert stored(sqlite_db, window) == []


def test_undo_and_redo_are_committed(qtbot, window, sqlite_db):
    window.player.seek_frame(8)
    key(qtbot, window, "l")
    (placed,) = stored(sqlite_db, window)
    key(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    assert stored(sqlite_db, window) == []
    key(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert stored(sqlite_db, window) == [placed]


def test_delete_key_removes_selected_event(qtbot, window, sqlite_db):
    window.player.seek_frame(8)
    key(qtbot, window, "l")
    window.player.seek_frame(9)
    key(qtbot, window, "n")
    window.events.select(stored(sqlite_db, window)[0].id)
    qtbot.keyClick(window.video.view, Qt.Key.Key_Delete)
    assert [a.code_key for a in stored(sqlite_db, window)] == ["NUR"]
