"""Notices coders added elsewhere (another window, the CLI, another computer on the database).

The coder box was filled once at start, so a coder added by `vfcoach double role` or on a
colleague's computer only appeared after a restart. A cheap read of the people (one small
query) runs on the runner's parallel lane every `INTERVAL_MS` and whenever the window is
activated; `changed` fires only when the list differs from the last one seen, so the box is
not rebuilt under the person's mouse for nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.services.people import People, list_people
from vfcoach.storage.database import Database
from vfcoach.ui.runner import Lane, TaskRunner

INTERVAL_MS = 15_000


class CoderWatch(QObject):
    changed = Signal(object)  # People

    def __init__(self, db: Database, runner: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self._db, self._runner = db, runner
        self._last: tuple[str, ...] | None = None
        self._asked = False
        self._again = False  # asked again while a question was out: ask once more after it
        self._stopped = False
        self._window = window
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False

    def seen(self, names: tuple[str, ...]) -> None:
        """The list the window filled in itself (at start, after a change of coder)."""
        self._last = names

    def check(self) -> None:
        """Ask for the people in the background; one question at a time (a check asked while
        one is out is asked after it, since that one may have read before the change)."""
        if self._stopped:  # the window closed: its runner is shut down
            return
        if self._asked:
            self._again = True
            return
        self._asked = True

        def job(_progress: Progress, _token: CancelToken) -> People:
            return list_people(self._db)

        self._runner.start_quiet(job, self._arrived, self._failed, lane=Lane.PARALLEL, owner=self)

    def _arrived(self, people: People) -> None:
        self._answered()
        if people.names != self._last:
            self._last = people.names
            self.changed.emit(people)

    def _failed(self, _message: str) -> None:
        self._answered()  # the database is away; the next tick asks again

    def _answered(self) -> None:
        self._asked = False
        if self._again:
            self._again = False
            self.check()

    def stop(self) -> None:
        """The window closes: no more checks, and none answered into a closed window."""
        self._stopped = True
        self.timer.stop()
        self._window.removeEventFilter(self)  # a late activation of the closing window
        self._runner.discard(self)
