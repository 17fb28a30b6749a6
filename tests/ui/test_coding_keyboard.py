"""Coding from the keyboard, through real shortcuts, into the real database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from vfcoach.storage.database import Database
from vfcoach.ui.events.event_model import COL_LINK
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
    assert window.code_panel._state_labels["FTL"].text() == "●"
    assert window.code_panel._name_labels["FTL"].font().bold()
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
    assert "In-the-moment comment · Target:" in window.code_panel.prompt.text()
    assert "2 following the lead" in window.code_panel.prompt.text().replace("\u00a0", " ")
    key(qtbot, window, "2")  # target = FTL
    key(qtbot, window, "1")  # on_target = yes
    key(qtbot, window, "1")  # valence = positive
    assert "What the comment does" in window.code_panel.prompt.text()
    key(qtbot, window, "1")  # toggle describes_behaviour
    key(qtbot, window, "3")  # toggle links_outcome
    key(qtbot, window, "3")  # and off again
    key(qtbot, window, "2")  # toggle links_target
    qtbot.keyClick(window.video.view, Qt.Key.Key_Return)  # components done
    assert "Addressed to" in window.code_panel.prompt.text()
    qtbot.keyClick(window.video.view, Qt.Key.Key_Escape)
    assert not window.code_panel.prompt.isVisible()
    (a,) = stored(sqlite_db, window)
    assert dict(a.modifiers) == {
        "target": "FTL",
        "on_target": "yes",
        "valence": "positive",
        "components": "describes_behaviour+links_target",
    }


def test_comment_links_to_the_behaviour_just_coded_and_enter_takes_its_target(
    qtbot, window, sqlite_db
):
    window.player.seek_frame(20)
    key(qtbot, window, "l")  # delight
    window.player.seek_frame(40)
    key(qtbot, window, "m")
    assert "Enter = delight" in window.code_panel.prompt.text()
    qtbot.keyClick(window.video.view, Qt.Key.Key_Return)  # target = DEL, as suggested
    key(qtbot, window, "1")  # on target
    key(qtbot, window, "1")  # positive: three keystrokes after M
    key(qtbot, window, "n")  # coding on closes the question and places the next code
    rows = {a.code_key: a for a in stored(sqlite_db, window)}
    assert rows["ITM"].trigger == rows["DEL"].id
    assert dict(rows["ITM"].modifiers) == {
        "target": "DEL",
        "on_target": "yes",
        "valence": "positive",
    }
    link = window.table_model.index(window.table_model.row_of(rows["ITM"].id), COL_LINK)
    assert link.data() == "→ Delight 00:00:00.800"


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


def test_delete_removes_every_selected_event_and_one_undo_restores_them(qtbot, window, sqlite_db):
    for frame, code in ((8, "l"), (9, "n"), (12, "l")):
        window.player.seek_frame(frame)
        key(qtbot, window, code)
    first, second, third = sorted(stored(sqlite_db, window), key=lambda a: a.onset.frame)
    window.events.select(first.id)
    table = window.events.table
    table.selectionModel().select(
        window.events.proxy.mapFromSource(
            window.events.model.index(window.events.model.row_of(third.id), 0)
        ),
        table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
    )
    assert {a.id for a in window.events.chosen()} == {first.id, third.id}
    qtbot.mouseClick(window.events.delete_button, Qt.MouseButton.LeftButton)
    assert [a.id for a in stored(sqlite_db, window)] == [second.id]
    assert window.coding.undo_stack.undoText() == "Delete 2 events"
    key(qtbot, window, "z", Qt.KeyboardModifier.ControlModifier)
    assert {a.id for a in stored(sqlite_db, window)} == {first.id, second.id, third.id}
    # the Del key acts on the whole selection too
    window.events.table.selectAll()
    qtbot.keyClick(window.video.view, Qt.Key.Key_Delete)
    assert stored(sqlite_db, window) == []


def test_comment_after_taking_over_suggests_following_the_lead(qtbot, window, sqlite_db):
    window.player.seek_frame(20)
    key(qtbot, window, "i")  # taking over starts
    window.player.seek_frame(40)
    key(qtbot, window, "m")
    qtbot.keyClick(window.video.view, Qt.Key.Key_Return)  # take the suggested target
    rows = {a.code_key: a for a in stored(sqlite_db, window)}
    assert rows["ITM"].trigger == rows["INT"].id
    assert dict(rows["ITM"].modifiers)["target"] == "FTL"


def test_starting_inside_an_ended_stretch_is_refused_and_said(qtbot, window, sqlite_db):
    window.player.seek_frame(5)
    key(qtbot, window, "f")
    window.player.seek_frame(30)
    key(qtbot, window, "f")  # following the lead 5-30
    window.player.seek_frame(10)
    key(qtbot, window, "i")  # taking over inside it: refused
    assert [a.code_key for a in stored(sqlite_db, window)] == ["FTL"]
    assert window.notice.isVisible()
    assert "Not coded: Taking over cannot start at 00:00:00.400" in window.notice.text()
    assert "Following the lead from" in window.notice.text()
    window.player.seek_frame(40)
    key(qtbot, window, "l")  # the next edit that saves clears the note
    assert not window.notice.isVisible()
