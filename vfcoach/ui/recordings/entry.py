"""Where *Add videos…* starts: a menu action, the empty browser's button, or files dropped.

`AddVideosEntry.open_add_videos` is the slot a File-menu action (Ctrl+O) connects to: it asks
for files, then opens the dialog. Dropped files skip the chooser. When videos were added the
browser is refreshed and the status line says how many, so the coach sees them at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStatusBar

from vfcoach.coding.project import Recording
from vfcoach.services.access import Actor
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_pane import BrowserPane
from vfcoach.ui.recordings.add_videos import AddVideosDialog, choose_video_files
from vfcoach.ui.runner import TaskRunner


class Host(Protocol):
    """What the entry needs of the window it serves (the main window has all of it)."""

    db: Database
    runner: TaskRunner
    status: QStatusBar

    @property
    def actor(self) -> Actor: ...

    def refresh_browser(self) -> None: ...


class AddVideosEntry(QObject):
    """Owns the add-videos dialog for one window; `recordings_added` after each batch."""

    recordings_added = Signal(list)

    def __init__(self, host: Host, pane: BrowserPane) -> None:
        super().__init__(pane)
        self.host, self.pane = host, pane
        self.dialog: AddVideosDialog | None = None
        pane.add_requested.connect(self.open_add_videos)
        pane.files_dropped.connect(self.add_files)

    def open_add_videos(self) -> AddVideosDialog | None:
        """Ask for video files (several at once), then place them in the dialog."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_files(choose_video_files(self.dialog))
            return self.dialog
        paths = choose_video_files(self.pane.window())
        return self.add_files(paths) if paths else None

    def add_files(self, paths: list[Path]) -> AddVideosDialog:
        """The dialog with these files in it (an open one takes them in too)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_files(paths)
        else:
            h = self.host
            self.dialog = AddVideosDialog(h.db, h.runner, h.actor, paths, self.pane.window())
            self.dialog.added.connect(self._added)
            self.dialog.open()
        return self.dialog

    def _added(self, recordings: list[Recording]) -> None:
        self.host.refresh_browser()
        n = len(recordings)
        self.host.status.showMessage(f"Added {n} video{'' if n == 1 else 's'}.", 8000)
        self.recordings_added.emit(recordings)
