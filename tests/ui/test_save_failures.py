"""The window never shows an unsaved edit as saved (issue 10, item 6).

Real SQLite file, real window, real shortcuts. The failures are real too: a second
`sqlite3` connection holding the write lock with `BEGIN IMMEDIATE`; a database that refuses
writes via `PRAGMA query_only = ON` on every connection the app opens (as root, chmod does
not stop writes, and query_only fails the write with the same SQLITE_READONLY error a
read-only file gives); and another connection changing an event behind the window's back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.engine import make_url

from tests.ui.test_coding_keyboard import key, stored
from vfcoach.coding.changes import AnnotationChange
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def sqlite_db(sqlite_url: str) -> Iterator[Database]:
    """The window's database, waiting only briefly for a lock so a test does not sit 15 s."""
    database = Database.open(sqlite_url, busy_timeout_ms=150)
    yield database
    database.dispose()


class WriteLock:
    """Another program writing: a second connection holding SQLite's write lock."""

    def __init__(self, db: Database) -> None:
        path = Path(str(make_url(db.url).database))
        self._conn = sqlite3.connect(path, isolation_level=None)
        self._conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self._conn.rollback()
        self._conn.close()


def _query_only(db: Database, on: bool) -> None:
    def listener(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    if on:
        event.listen(db.engine, "connect", listener)
        db.engine.__dict__["_test_query_only"] = listener
    else:
        event.remove(db.engine, "connect", db.engine.__dict__.pop("_test_query_only"))
    db.engine.dispose()


def _no_modal_dialog() -> None:
    assert QApplication.activeModalWidget() is None
    assert not [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


def _shown_as_failed(window: MainWindow, words: str) -> None:
    assert window.notice.isVisible(), "the failure is shown beside the video"
    assert words in window.notice.text()
    assert window.notice.text().startswith(("Not saved", "Undo not applied", "Redo not applied"))
    assert words in window.status.currentMessage()
    assert window.status.currentMessage() == window.notice.text()
    _no_modal_dialog()
    assert window.video.view.hasFocus(), "the coding keyboard stays on the video"


def test_a_code_key_while_another_program_holds_the_lock_is_not_shown_as_saved(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.player.seek_frame(10)
    key(qtbot, window, "l")  # one saved event first
    lanes_before = [len(lane.ids) for lane in window.timeline.lanes]
    count = window.coding.undo_stack.count()
    lock = WriteLock(sqlite_db)
    try:
        window.player.seek_frame(12)
        key(qtbot, window, "n")
        assert [a.code_key for a in stored(sqlite_db, window)] == ["DEL"]
        assert [a.code_key for a in window.store.annotations()] == ["DEL"]
        assert window.table_model.row_count() == 1
        assert [len(lane.ids) for lane in window.timeline.lanes] == lanes_before
        assert window.coding.undo_stack.count() == count
        assert window.coding.undo_stack.undoText() == "Code Delight at 00:00:00.400"
        _shown_as_failed(window, "another program is writing to the database")
        assert window.status.currentMessage().startswith(
            "Not saved: Code Nurturing response at 00:00:00.480"
        )
        assert "last edit NOT saved" in window.pass_label.text()
        assert "saved automatically" not in window.pass_label.text()
    finally:
        lock.release()
    key(qtbot, window, "n")  # the lock is gone: coding goes on
    assert sorted(a.code_key for a in stored(sqlite_db, window)) == ["DEL", "NUR"]
    assert window.table_model.row_count() == 2
    assert window.coding.undo_stack.count() == count + 1
    assert window.status.currentMessage() == "Code Nurturing response at 00:00:00.480"
    assert "saving works again" in window.notice.text().lower()
    assert "saved automatically" in window.pass_label.text()


def test_a_read_only_database_refuses_the_edit_and_says_why(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    _query_only(sqlite_db, on=True)
    window.player.seek_frame(5)
    key(qtbot, window, "f")  # a state: would open FTL
    assert stored(sqlite_db, window) == []
    assert window.store.annotations() == []
    assert window.code_panel._state_labels["FTL"].text() == ""  # not shown as open
    assert window.coding.undo_stack.count() == 0
    _shown_as_failed(window, "read-only")
    _query_only(sqlite_db, on=False)
    key(qtbot, window, "f")
    assert [a.code_key for a in stored(sqlite_db, window)] == ["FTL"]
    assert window.code_panel._state_labels["FTL"].text() == "●"


def test_undo_and_redo_that_cannot_be_saved_leave_the_stack_where_it_was(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.player.seek_frame(8)
    key(qtbot, window, "n")
    (placed,) = stored(sqlite_db, window)
    stack = window.coding.undo_stack
    lock = WriteLock(sqlite_db)
    try:
        key(qtbot, window, "z", CTRL)
        assert (stack.index(), stack.count()) == (1, 1)  # the edit stays, still undoable
        assert stored(sqlite_db, window) == [placed] == window.store.annotations()
        _shown_as_failed(window, "another program is writing")
        assert window.notice.text().startswith("Undo not applied")
    finally:
        lock.release()
    key(qtbot, window, "z", CTRL)
    assert (stack.index(), stored(sqlite_db, window)) == (0, [])
    lock = WriteLock(sqlite_db)
    try:
        key(qtbot, window, "z", CTRL | Qt.KeyboardModifier.ShiftModifier)
        assert (stack.index(), stack.count()) == (0, 1)  # still redoable
        assert stored(sqlite_db, window) == [] == window.store.annotations()
        assert window.notice.text().startswith("Redo not applied")
    finally:
        lock.release()
    key(qtbot, window, "z", CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert stored(sqlite_db, window) == [placed] == window.store.annotations()


def test_undo_after_someone_else_changed_the_event_refuses_and_keeps_their_change(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.player.seek_frame(8)
    key(qtbot, window, "n")
    (mine,) = stored(sqlite_db, window)
    window.coding.set_note(mine.id, "my note")
    stack = window.coding.undo_stack
    assert stack.index() == 2
    # another connection (a second window, the CLI) edits the same event
    other = Database.open(sqlite_db.url)
    try:
        with other.uow() as uow:
            current = uow.annotations.get(mine.id)
            uow.annotations.apply(
                AnnotationChange(updated=((current, replace(current, note="their note")),))
            )
            uow.commit()
    finally:
        other.dispose()
    key(qtbot, window, "z", CTRL)
    (kept,) = stored(sqlite_db, window)
    assert kept.note == "their note"
    assert stack.index() == 2
    _shown_as_failed(window, "changed elsewhere")
    assert window.store.get(mine.id).note == "their note"  # the window shows the truth
    row = window.table_model.row_of(mine.id)
    assert window.table_model.annotation_at(row).note == "their note"
    key(qtbot, window, "z", CTRL)  # asking again does not overwrite it either
    assert [a.note for a in stored(sqlite_db, window)] == ["their note"]
    assert stack.index() == 2


def test_a_comment_and_its_answers_undo_as_one_step_in_one_transaction(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.player.seek_frame(20)
    key(qtbot, window, "l")  # delight, the behaviour the comment is about
    window.player.seek_frame(40)
    key(qtbot, window, "m")
    qtbot.keyClick(window.video.view, Qt.Key.Key_Return)  # target = DEL
    key(qtbot, window, "1")  # on target
    key(qtbot, window, "1")  # positive
    qtbot.keyClick(window.video.view, Qt.Key.Key_Escape)
    stack = window.coding.undo_stack
    assert stack.count() == 2  # "Code DEL", then the comment with all its answers
    assert stack.undoText().startswith("Code In-the-moment comment at 00:00:01.600")
    statements: list[str] = []
    event.listen(
        sqlite_db.engine,
        "before_cursor_execute",
        lambda *a: statements.append(" ".join(a[2].split()[:2])),
    )
    key(qtbot, window, "z", CTRL)
    assert [a.code_key for a in stored(sqlite_db, window)] == ["DEL"]
    # one DELETE of the rows and no rewrite of an annotation; the pass's change stamp moves
    assert [s for s in statements if s.split()[0] in ("DELETE", "UPDATE")] == [
        "UPDATE coding_pass",
        "DELETE FROM",
    ]
    key(qtbot, window, "z", CTRL | Qt.KeyboardModifier.ShiftModifier)
    itm = next(a for a in stored(sqlite_db, window) if a.code_key == "ITM")
    assert dict(itm.modifiers) == {"target": "DEL", "on_target": "yes", "valence": "positive"}
    assert window.store.get(itm.id) == itm


def test_an_answer_that_cannot_be_saved_is_asked_again(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.player.seek_frame(40)
    key(qtbot, window, "m")
    question = window.code_panel.prompt.text()
    lock = WriteLock(sqlite_db)
    try:
        key(qtbot, window, "2")  # target = FTL, not saved
        assert window.code_panel.prompt.text() == question
        (itm,) = stored(sqlite_db, window)
        assert itm.modifiers == ()
    finally:
        lock.release()
    key(qtbot, window, "2")
    (itm,) = stored(sqlite_db, window)
    assert dict(itm.modifiers) == {"target": "FTL"}
    assert window.coding.undo_stack.count() == 1


def test_starting_a_state_of_a_set_and_ending_the_other_is_one_undo_step(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    window.player.seek_frame(5)
    key(qtbot, window, "f")
    window.player.seek_frame(12)
    key(qtbot, window, "i")  # ends FTL, starts INT
    key(qtbot, window, "z", CTRL)
    (ftl,) = stored(sqlite_db, window)
    assert (ftl.code_key, ftl.offset) == ("FTL", None)
