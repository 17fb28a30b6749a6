"""Consent watches: an open window notices a withdrawal within a fraction of a second.

A watch asks one cheap question (is the scope still in force?) every `INTERVAL_MS` on the
runner's read lane, never on the UI thread, one question at a time. The first refusal is
emitted once as `stopped(message)`; the window stops playing and says why. Polling, not the
change feed: it works the same on SQLite (no notices) and PostgreSQL, and a withdrawal made
on another computer is seen as fast as one made here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from vfcoach.ui.runner import TaskRunner

INTERVAL_MS = 300


class ConsentWatch(QObject):
    stopped = Signal(str)  # the plain refusal, once

    def __init__(
        self, runner: TaskRunner, check: Callable[[], str | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self._check = runner, check
        self._asking = False
        self.fired = False
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._ask)
        self._timer.start()

    def _ask(self) -> None:
        if self._asking or self.fired:
            return
        self._asking = True
        try:
            self.runner.start_quiet(
                lambda p, t: self._check(), self._heard, self._unheard, owner=self
            )
        except RuntimeError:  # the runner was shut down: its window is closing
            self._timer.stop()

    def _heard(self, refusal: str | None) -> None:
        self._asking = False
        if refusal and not self.fired:
            self.fired = True
            self._timer.stop()
            self.stopped.emit(refusal)

    def _unheard(self, _message: str) -> None:
        self._asking = False  # a busy or unreachable database: ask again next time

    def stop(self) -> None:
        self._timer.stop()
        self.runner.discard(self)
