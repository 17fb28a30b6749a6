"""Live refresh: what other people change shows in this window within a second (issue 13 §3).

A `ChangeFeed` (storage) listens in a thread of its own -- PostgreSQL change notices, or on
SQLite a poll of the file's change stamp -- and its callbacks emit this object's signals,
which Qt queues to the UI thread. Notices are gathered for `GATHER_MS` (a burst of codes
is one reload, not fifty) and then each view that shows what changed re-reads it:

- the browser, when recordings, passes or people changed;
- the event list, when events of the open pass changed (only those rows are re-read; the
  window's own edits are already at the stored version and redraw nothing);
- an open reel editor, when its reels changed (only if what is stored differs from what it
  shows, so a coach's own edit does not lose their selected clip);
- the reliability view, when passes or events changed and it shows a result;
- the coder box, when people changed.

A lost connection is shown in the status bar until it is back, with when the next try is;
then everything is re-read once, since notices sent meanwhile were missed. Edits are never
queued while the database is away: they fail, and the save notice says so as before.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.reliability.result import IrrResult
from vfcoach.services.reels.view import view_reels
from vfcoach.storage.changes import Change, ChangeFeed
from vfcoach.storage.errors import StorageError
from vfcoach.ui.reels.reel_editor import ReelEditorDialog, reel_line

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

GATHER_MS = 150
RETRY_MS = 2000  # a re-read that failed is tried again after this
BROWSER_TABLES = {"recording", "coding_pass", "coder"}
REEL_TABLES = {"reel", "reel_clip"}
BACK = "Connected to the database again; showing the latest changes."


def paused_text(seconds: float) -> str:
    return f"Database unreachable: no live updates; next try in {max(1, round(seconds))} s"


class LiveRefresh(QObject):
    heard = Signal(object)  # Change, from the feed's thread
    connection = Signal(bool, float)  # listening?, seconds until the next try

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._pending: list[Change] = []
        self._lost = False
        self.feed_ready = False  # listening (or polling) at least once since the start
        self.label = QLabel("")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setToolTip(
            "Changes others make are not shown and your edits cannot be saved until the "
            "database answers again; vfcoach keeps trying and catches up by itself."
        )
        self.label.setStyleSheet("color: #a3261b;")
        self.label.hide()
        window.status.addPermanentWidget(self.label)
        self._gather = QTimer(self)
        self._gather.setSingleShot(True)
        self._gather.setInterval(GATHER_MS)
        self._gather.timeout.connect(self._dispatch)
        self.heard.connect(self._collect)
        self.connection.connect(self._on_connection)
        self.feed = ChangeFeed(window.db.engine, self.heard.emit, self.connection.emit)
        self.feed.start()

    def stop(self) -> None:
        """The window closes: the feed's thread and connection end, nothing is dispatched."""
        self._gather.stop()
        self.feed.stop()
        self._pending.clear()

    def _collect(self, change: Change) -> None:
        self._pending.append(change)
        if not self._gather.isActive():
            self._gather.start()

    def _on_connection(self, listening: bool, seconds: float) -> None:
        if not listening:
            self._lost = True
            self.label.setText(paused_text(seconds))
            self.label.show()
            return
        self.label.hide()
        self.feed_ready = True
        if self._lost:  # notices sent while away were missed: re-read everything shown
            self._lost = False
            self._window.status.showMessage(BACK, 5000)
            self._collect(Change(None))

    def _dispatch(self) -> None:
        changes, self._pending = self._pending, []
        try:
            self._show(changes)
        except StorageError:
            # The notice came, the re-read could not (the server went away in between):
            # say so and try again, rather than lose the news or let the error escape.
            self._pending = changes + self._pending
            self.label.setText(paused_text(RETRY_MS / 1000))
            self.label.show()
            self._gather.start(RETRY_MS)
            return
        if not self._lost:
            self.label.hide()
        self._gather.setInterval(GATHER_MS)

    def _show(self, changes: list[Change]) -> None:
        tables = {c.table for c in changes}
        everything = None in tables
        window = self._window
        if everything or tables & BROWSER_TABLES:
            window.refresh_browser()
        if everything or "coder" in tables:
            window.coder_watch.check()
        self._follow_events(changes, everything)
        if everything or tables & REEL_TABLES:
            for editor in window.findChildren(ReelEditorDialog):
                follow_reels(editor)
        shown = window.reliability_window  # with a result on screen: bring it up to date
        if shown is None or not shown.isVisible() or shown.irr is None:
            return
        if everything or concerns(changes, shown.irr):
            shown.compute()

    def _follow_events(self, changes: list[Change], everything: bool) -> None:
        coding_pass = self._window.store.coding_pass
        if coding_pass is None:
            return
        if everything:
            self._window.store.follow_stored(None)
            return
        ids = {
            AnnotationId(uuid.UUID(str(c.ids["id"])))
            for c in changes
            if c.table == "annotation" and c.ids.get("pass_id") == coding_pass.id
        }
        if ids:
            self._window.store.follow_stored(ids)


def concerns(changes: list[Change], irr: IrrResult) -> bool:
    """Whether a result on screen may have changed: a code of one of its passes, or any
    pass's news (a pass submitted or started may bring a recording in or out of it). Codes
    of other passes, twenty coaches' key presses among them, leave it alone."""
    passes = {int(p) for r in irr.recordings for p in (r.pass_a, r.pass_b)}
    return any(
        c.table == "coding_pass" or (c.table == "annotation" and c.ids.get("pass_id") in passes)
        for c in changes
    )


def follow_reels(editor: ReelEditorDialog) -> None:
    """Re-show the editor's reels if what is stored differs from what it shows."""
    if not editor.isVisible() or editor.exporting:
        return
    stored = [v.reel for v in view_reels(editor.db, editor.visit_id, editor.actor)]
    listed = [editor.reels.item(n).text() for n in range(editor.reels.count())]
    shown = editor.reel
    now = next((r for r in stored if shown is not None and r.id == shown.id), None)
    same_list = [reel_line(r) for r in stored] == listed
    if same_list and (shown is None or (now is not None and now.revision == shown.revision)):
        return
    row = editor.current_row()
    editor.refresh_reels()
    if 0 <= row < editor.model.rowCount():
        editor.table.selectRow(row)
