"""Runs long jobs off the UI thread with a progress dialog and a Cancel button.

The job is a Qt-free callable `(progress, token) -> result` (the same one the CLI runs
inline). It runs on a plain Python worker thread that never touches a Qt object: progress
and the outcome go into a thread-safe queue that a timer on the UI thread drains. An
earlier version emitted signals of a Python-defined QObject from a QThreadPool worker; with
PySide that deadlocked when the UI thread (holding the GIL inside a Qt call) waited on a
connection lock the worker held while it waited for the GIL. Keeping Qt on one thread
removes that whole class of hang.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from vfcoach.coding.cancel import Cancelled, CancelToken, Progress
from vfcoach.coding.errors import VfcoachError

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]
_POLL_MS = 50


def _run(job: Job, token: CancelToken, out: queue.SimpleQueue[tuple[str, Any]]) -> None:
    def progress(done: float, message: str) -> None:
        out.put(("progress", (done, message)))
        token.check()

    try:
        out.put(("done", job(progress, token)))
    except Cancelled:
        out.put(("cancelled", None))
    except (VfcoachError, OSError) as exc:
        out.put(("failed", str(exc)))
    except Exception as exc:  # a bug must reach the person, not die silently in a thread
        log.exception("background job failed")
        out.put(("failed", f"Unexpected error: {exc}"))


@dataclass
class _Running:
    out: queue.SimpleQueue[tuple[str, Any]]
    dialog: QProgressDialog | None  # None for quiet background work (e.g. a trend chart)
    on_done: Callable[[Any], None]
    on_error: Callable[[str], None]


class OperationRunner(QObject):
    """Starts jobs on a worker; an executor is injected so tests can run jobs inline.

    One timer drains every running job's queue. Finished dialogs are hidden and handed back
    to Python to be freed, never `deleteLater`-ed: PySide would delete them a second time.
    """

    def __init__(self, executor: Executor | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor or ThreadPoolExecutor(max_workers=1, thread_name_prefix="job")
        self._jobs: list[_Running] = []
        self._timer = QTimer(self)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self._drain)

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

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
        dialog = QProgressDialog(title, "Cancel", 0, 1000, parent_widget)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(token.cancel)
        running = _Running(queue.SimpleQueue(), dialog, on_done, on_error)
        self._jobs.append(running)
        self._timer.start()
        self._executor.submit(_run, job, token, running.out)
        return token

    def start_quiet(
        self, job: Job, on_done: Callable[[Any], None], on_error: Callable[[str], None]
    ) -> CancelToken:
        """Background work the person did not ask for and need not wait on: no dialog."""
        token = CancelToken()
        running = _Running(queue.SimpleQueue(), None, on_done, on_error)
        self._jobs.append(running)
        self._timer.start()
        self._executor.submit(_run, job, token, running.out)
        return token

    def _drain(self) -> None:
        for running in list(self._jobs):
            self._drain_one(running)
        if not self._jobs:
            self._timer.stop()

    def _drain_one(self, running: _Running) -> None:
        while True:
            try:
                kind, value = running.out.get_nowait()
            except queue.Empty:
                return
            dialog = running.dialog
            if kind == "progress":
                if dialog is not None:
                    done, message = value
                    dialog.setValue(int(done * 1000))
                    dialog.setLabelText(message)
                continue
            self._jobs.remove(running)
            if dialog is not None:
                dialog.hide()
                dialog.setParent(None)  # Python owns it now and frees it with `running`
            if kind == "done":
                running.on_done(value)
            else:
                running.on_error("Cancelled." if kind == "cancelled" else str(value))
            return

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
