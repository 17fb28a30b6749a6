"""Runs long jobs off the UI thread with a progress dialog and a Cancel button.

The job is a Qt-free callable `(progress, token) -> result` (the same one the CLI runs
inline). Results and errors come back on the UI thread through a signals object created
there; progress is throttled so a fast job cannot flood the event loop.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from vfcoach.coding.cancel import Cancelled, CancelToken, Progress
from vfcoach.coding.errors import VfcoachError

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]


class _Signals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Task(QRunnable):
    def __init__(self, job: Job, signals: _Signals, token: CancelToken) -> None:
        super().__init__()
        self._job, self._signals, self._token = job, signals, token
        self._last = 0.0

    def _progress(self, done: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last >= 0.1 or done >= 1.0:
            self._last = now
            self._signals.progress.emit(done, message)
        self._token.check()

    def run(self) -> None:
        try:
            result = self._job(self._progress, self._token)
        except Cancelled:
            self._signals.cancelled.emit()
        except (VfcoachError, OSError) as exc:
            self._signals.failed.emit(str(exc))
        except Exception as exc:  # a bug must reach the person, not die silently in a thread
            log.exception("background job failed")
            self._signals.failed.emit(f"Unexpected error: {exc}")
        else:
            self._signals.finished.emit(result)


class OperationRunner(QObject):
    """Starts jobs on a pool; a pool is injected so tests can run jobs inline."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._active: list[_Signals] = []

    def start(
        self,
        job: Job,
        *,
        title: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        parent_widget: QWidget | None = None,
    ) -> CancelToken:
        token = CancelToken()
        signals = _Signals()
        self._active.append(signals)
        dialog = QProgressDialog(title, "Cancel", 0, 1000, parent_widget)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(token.cancel)

        def finish() -> None:
            dialog.close()
            dialog.deleteLater()
            self._active.remove(signals)

        def done(result: object) -> None:
            finish()
            on_done(result)

        def failed(message: str) -> None:
            finish()
            on_error(message)

        def progressed(fraction: float, message: str) -> None:
            dialog.setValue(int(fraction * 1000))
            dialog.setLabelText(message)

        signals.progress.connect(progressed)
        signals.finished.connect(done)
        signals.failed.connect(failed)
        signals.cancelled.connect(lambda: failed("Cancelled."))
        self._pool.start(_Task(job, signals, token))
        return token

    def wait(self, msecs: int = -1) -> bool:
        return self._pool.waitForDone(msecs)
