"""The app's one task runner: a serial lane for database writes, a parallel lane for reads.

A job is a Qt-free callable `(progress, token) -> result` (the same one the CLI runs
inline). It runs on a plain Python worker thread that never touches a Qt object: progress
and the outcome go into a thread-safe queue that a timer on the UI thread drains, and the
outcome is handed to `on_done` or `on_error` there. An earlier version emitted signals of a
Python-defined QObject from a QThreadPool worker; with PySide that deadlocked when the UI
thread (holding the GIL inside a Qt call) waited on a connection lock the worker held while
it waited for the GIL (seen with gdb). Keeping Qt on one thread removes that class of hang.

Lanes, as Anki's task manager serialises collection work: everything whose purpose is to
write the database (the demo project, a double-coding draw, a reel export that records
itself) goes through `SERIAL`, one job at a time in the order asked; reads and renders
(figures, drift, trend charts, report pages, preview frames) go through `PARALLEL`. A read
that audits a supervisor's look at a blind pass writes one short row; SQLite's busy timeout
orders that against the serial lane. The main window makes the one runner and hands it to
every window it opens. Executors are injected, so a test can run jobs inline or hold them.
"""

from __future__ import annotations

import enum
import logging
import os
import queue
from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from vfcoach.coding.cancel import Cancelled, CancelToken, Progress
from vfcoach.coding.errors import VfcoachError

log = logging.getLogger(__name__)

Job = Callable[[Progress, CancelToken], Any]
_POLL_MS = 50


class Lane(enum.Enum):
    SERIAL = "serial"  # database writes, one at a time, in order
    PARALLEL = "parallel"  # reads and renders


def _run(job: Job, token: CancelToken, out: queue.SimpleQueue[tuple[str, Any]]) -> None:
    def progress(done: float, message: str) -> None:
        out.put(("progress", (done, message)))
        token.check()

    try:
        token.check()  # cancelled while queued: never started
        out.put(("done", job(progress, token)))
    except Cancelled:
        out.put(("cancelled", None))
    except (VfcoachError, OSError) as exc:
        out.put(("failed", str(exc)))
    except Exception as exc:  # a bug must reach the person, not die silently in a thread
        log.exception("background job failed")
        out.put(("failed", f"Unexpected error: {exc}"))


@dataclass(eq=False)
class Task:
    """One started job: cancel it, or ask whether its outcome has been delivered."""

    token: CancelToken
    out: queue.SimpleQueue[tuple[str, Any]]
    dialog: QProgressDialog | None  # None for quiet background work (e.g. a trend chart)
    on_done: Callable[[Any], None]
    on_error: Callable[[str], None]
    owner: object | None
    future: Future[None] | None = None
    finished: bool = field(default=False)

    def cancel(self) -> None:
        self.token.cancel()


class TaskRunner(QObject):
    """Starts jobs on a lane; one timer drains every running job's queue on the UI thread.

    Finished dialogs are hidden and handed back to Python to be freed, never
    `deleteLater`-ed: PySide would delete them a second time.
    """

    def __init__(
        self,
        serial: Executor | None = None,
        parallel: Executor | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        workers = max(2, min(4, os.cpu_count() or 2))
        self._lanes: dict[Lane, Executor] = {
            Lane.SERIAL: serial or ThreadPoolExecutor(1, thread_name_prefix="write"),
            Lane.PARALLEL: parallel or ThreadPoolExecutor(workers, thread_name_prefix="read"),
        }
        self._tasks: list[Task] = []
        self._timer = QTimer(self)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self.drain)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def busy_for(self, owner: object) -> bool:
        """Whether a job started for `owner` has not delivered its outcome yet."""
        return any(t.owner is owner for t in self._tasks)

    def start(
        self,
        job: Job,
        *,
        title: str,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        parent_widget: QWidget | None = None,
        lane: Lane = Lane.PARALLEL,
        owner: object | None = None,
    ) -> Task:
        """A job the person asked for and waits on: a progress dialog with Cancel."""
        token = CancelToken()
        dialog = QProgressDialog(title, "Cancel", 0, 1000, parent_widget)
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(token.cancel)
        return self._submit(
            Task(token, queue.SimpleQueue(), dialog, on_done, on_error, owner), job, lane
        )

    def start_quiet(
        self,
        job: Job,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        *,
        lane: Lane = Lane.PARALLEL,
        owner: object | None = None,
    ) -> Task:
        """Background work the person did not ask for and need not wait on: no dialog."""
        task = Task(CancelToken(), queue.SimpleQueue(), None, on_done, on_error, owner)
        return self._submit(task, job, lane)

    def _submit(self, task: Task, job: Job, lane: Lane) -> Task:
        self._tasks.append(task)
        self._timer.start()
        task.future = self._lanes[lane].submit(_run, job, task.token, task.out)
        return task

    def drain(self) -> None:
        """Deliver what the workers reported; the timer calls this, a test may too."""
        for task in list(self._tasks):
            self._drain_one(task)
        if not self._tasks:
            self._timer.stop()

    def _drain_one(self, task: Task) -> None:
        while task in self._tasks:
            try:
                kind, value = task.out.get_nowait()
            except queue.Empty:
                return
            if kind == "progress":
                if task.dialog is not None:
                    done, message = value
                    task.dialog.setValue(int(done * 1000))
                    task.dialog.setLabelText(message)
                continue
            self._forget(task)
            if kind == "done":
                task.on_done(value)
            else:
                task.on_error("Cancelled." if kind == "cancelled" else str(value))

    def _forget(self, task: Task) -> None:
        self._tasks.remove(task)
        task.finished = True
        if task.dialog is not None:
            task.dialog.hide()
            task.dialog.setParent(None)  # Python owns it now and frees it with the task

    def discard(self, owner: object) -> None:
        """Cancel `owner`'s jobs, wait for a running one to stop, and never call it back.

        For a window being dropped: its callbacks must not reach widgets Qt has deleted.
        """
        mine = [t for t in self._tasks if t.owner is owner]
        for task in mine:
            task.cancel()
        for task in mine:
            if task.future is not None and not task.future.cancel():
                task.future.result()  # running: it stops at its next progress report
            self._forget(task)

    def shutdown(self) -> None:
        """Wait for the jobs in flight and stop both lanes (the main window closes)."""
        for executor in self._lanes.values():
            executor.shutdown(wait=True, cancel_futures=True)
