"""Hand-picked moments from the coding screen (issue 5 §1): chosen events and a marked range
go to a reel through the real main window, its keys and its dialogs, into the database, and
the open reel editor shows them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from vfcoach.coding.reels import Reel
from vfcoach.storage.database import Database
from vfcoach.ui.events.event_model import AnnotationRole
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.reels.reel_choice import NEW_REEL, ReelChoiceDialog
from vfcoach.ui.reels.reel_editor import ReelEditorDialog

SHOTS = Path("/tmp")


def code(qtbot: QtBot, window: MainWindow, *marks: tuple[int, str]) -> None:
    """Code point events the way a coder does: seek, press the code's key."""
    for frame, key in marks:
        window.player.seek_frame(frame)
        qtbot.keyClick(window.video.view, key)


def select(window: MainWindow, *keys: str) -> None:
    """Ctrl+click the events of these codes in the event list."""
    table = window.events.table
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.clearSelection()
    for row in range(table.model().rowCount()):
        index = table.model().index(row, 0)
        if index.data(AnnotationRole).code_key in keys:
            table.selectionModel().select(index, flags)


def choose(window: MainWindow, reel: str, caption: str = "") -> ReelChoiceDialog:
    dialog = window.moments.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.reels.setCurrentIndex(dialog.reels.findText(reel, Qt.MatchFlag.MatchStartsWith))
    dialog.title.setText("For Mia's mother")
    dialog.caption.setText(caption)
    return dialog


def open_editor(qtbot: QtBot, window: MainWindow) -> ReelEditorDialog:
    window._open_reels()
    (editor,) = window.findChildren(ReelEditorDialog)
    qtbot.waitExposed(editor)
    return editor


def stored_reels(db: Database, window: MainWindow) -> list[Reel]:
    assert window.opened is not None
    with db.uow() as uow:
        return uow.reels.list_for_visit(window.opened.recording.visit_id)


def test_select_two_events_add_them_and_the_editor_shows_them(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    code(qtbot, window, (5, "n"), (72, "l"))
    editor = open_editor(qtbot, window)
    assert editor.model.rowCount() == 0
    window.activateWindow()
    select(window, "NUR", "DEL")
    assert [a.code_key for a in window.events.chosen()] == ["NUR", "DEL"]
    qtbot.keyClick(window.video.view, "r", Qt.KeyboardModifier.ControlModifier)  # Ctrl+R
    choose(window, NEW_REEL).accept()
    (reel,) = stored_reels(sqlite_db, window)
    assert reel.title == "For Mia's mother" and reel.created_by == "Tester"
    assert [c.start.frame for c in reel.clips] == [5, 72]
    assert reel.clips[0].caption.startswith("You comforted")
    assert [a.code_key for a in window.store.annotations()] == ["NUR", "DEL"]  # no FR coded
    assert editor.reel is not None and editor.reel.id == reel.id
    assert [editor.model.clip_at(r).start.frame for r in range(editor.model.rowCount())] == [5, 72]
    assert not window.moments.report.isVisible()
    assert "Added 2 clips to “For Mia's mother”" in window.status.currentMessage()
    editor.grab().save(str(SHOTS / "reel_add_moments_editor.png"))


def test_a_refused_event_is_reported_and_the_others_are_added(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    code(qtbot, window, (5, "n"), (45, "w"), (72, "l"))  # an OVW between two strengths
    select(window, "NUR", "OVW", "DEL")
    window.events.table.grab()  # the context menu holds the same action
    assert window.moments.add_events_action in window.events.table.actions()
    window.moments.add_events_action.trigger()
    choose(window, NEW_REEL).accept()
    (reel,) = stored_reels(sqlite_db, window)
    assert [c.start.frame for c in reel.clips] == [5, 72]
    report = window.moments.report
    assert report.isVisible()
    assert report.text() == "Added 2 clips to “For Mia's mother”. 1 not added:"
    assert report.informativeText().startswith("OVW at 00:00:01.800: not for caregivers")
    assert "moment of concern" in report.informativeText()
    report.grab().save(str(SHOTS / "reel_add_moments_refused.png"))
    # The same events again into that reel: the two become clips 3 and 4, OVW refused again.
    window.moments.add_events_action.trigger()
    choose(window, "For Mia's mother").accept()
    (again,) = stored_reels(sqlite_db, window)
    assert len(again.clips) == 4


def test_mark_a_range_with_the_keys_and_add_it(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    view = window.video.view
    window.player.seek_frame(10)
    qtbot.keyClick(view, "I", Qt.KeyboardModifier.ShiftModifier)
    window.player.seek_frame(30)
    qtbot.keyClick(view, "O", Qt.KeyboardModifier.ShiftModifier)
    assert window.moments.marks.span() == (10, 30)
    assert window.timeline.range_mark == (400, 1200)
    assert window.store.annotations() == []  # Shift+I / Shift+O code nothing (not INT, LEAD_NONE)
    window.grab().save(str(SHOTS / "reel_add_range_marked.png"))
    editor = open_editor(qtbot, window)
    window.moments.add_range_action.trigger()
    choose(window, NEW_REEL, "You waited, and he came to you.").accept()
    (reel,) = stored_reels(sqlite_db, window)
    (clip,) = reel.clips
    assert (clip.start.frame, clip.end.frame, clip.annotation_id) == (10, 30, None)
    assert clip.caption == "You waited, and he came to you."
    assert editor.model.rowCount() == 1
    assert window.moments.marks.span() is None and window.timeline.range_mark == (None, None)


def test_a_range_needs_both_marks_and_a_refused_range_changes_nothing(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.moments.add_range_action.trigger()
    assert window.moments.dialog is None
    assert "Mark an in point (Shift+I)" in window.status.currentMessage()
    code(qtbot, window, (20, "w"))  # OVW inside the range
    window.player.seek_frame(30)
    window.video.view.setFocus()
    window.moments.marks.mark_in()
    window.player.seek_frame(10)
    window.moments.marks.mark_out()  # marked backwards: still frames 10 to 30
    assert window.moments.marks.span() == (10, 30)
    window.moments.add_range_action.trigger()
    choose(window, NEW_REEL, "You waited.").accept()
    (reel,) = stored_reels(sqlite_db, window)  # made, and still empty
    assert reel.clips == ()
    assert window.moments.report.text() == "The range was not added:"
    assert "OVW at 00:00:00.800" in window.moments.report.informativeText()
    assert window.moments.marks.span() == (10, 30)  # kept: the coach adjusts and tries again
