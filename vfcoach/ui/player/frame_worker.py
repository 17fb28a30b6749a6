"""Exact frames decoded on one plain Python thread, so stepping never stalls the window.

Decoding one 1080p frame after a step took ~50 ms on the UI thread, and holding an arrow key
queued steps faster than they were decoded. Here the UI thread only posts a request and
returns: there is one pending slot, so a newer request replaces an older one that has not
started (the newest wins; auto-repeat never queues up), and each result carries the id of
its request so the player shows nothing older than what it already shows.

The pattern is `ui/runner.py`'s: the thread never touches a Qt object. Results go into a
thread-safe queue that a timer on the UI thread drains, and the timer runs only while a
request is outstanding. A `FrameGrabber` is not thread-safe, so once handed to `request`
it belongs to this thread until `retire` closes it here, after any decode still using it.
"""

from __future__ import annotations

import logging
import queue
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

from vfcoach.coding.errors import VfcoachError
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.images import RGB

log = logging.getLogger(__name__)

_POLL_MS = 2  # a result waits at most this long for the UI thread; idle, the timer stops


@dataclass(frozen=True, slots=True)
class _Request:
    request_id: int
    grabber: FrameGrabber
    frame: int


@dataclass(frozen=True, slots=True)
class DecodedFrame:
    request_id: int
    frame: int
    rgb: RGB | None  # None when the frame could not be decoded (see `error`)
    error: str = ""


class _Lane:
    """What the UI thread and the decode thread share; holds no Qt object, so the thread
    keeps no window alive, and `weakref.finalize` can end it when the player goes away."""

    def __init__(self) -> None:
        self.wake = threading.Condition()
        self.pending: _Request | None = None
        self.retired: list[FrameGrabber] = []
        self.stopping = False
        self.results: queue.SimpleQueue[DecodedFrame] = queue.SimpleQueue()

    def stop(self) -> None:
        with self.wake:
            self.stopping = True
            self.pending = None
            self.wake.notify()

    def loop(self) -> None:
        while True:
            with self.wake:
                while self.pending is None and not self.retired and not self.stopping:
                    self.wake.wait()
                job, self.pending = self.pending, None
                retired, self.retired = self.retired, []
                stopping = self.stopping
            if job is not None:
                self.results.put(_decode(job))
            for grabber in retired:
                grabber.close()
            if stopping:
                return


def _decode(job: _Request) -> DecodedFrame:
    try:
        return DecodedFrame(job.request_id, job.frame, job.grabber.grab(job.frame))
    except VfcoachError as exc:
        return DecodedFrame(job.request_id, job.frame, None, str(exc))
    except Exception as exc:  # a bug must reach the person, not kill the decode thread
        log.exception("frame decode failed")
        return DecodedFrame(job.request_id, job.frame, None, f"Unexpected error: {exc}")


class FrameWorker(QObject):
    """One decoding thread per player; `on_result` runs on the UI thread, newest first."""

    def __init__(
        self, on_result: Callable[[DecodedFrame], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._on_result = on_result
        self._lane = _Lane()
        self._next_id = 0
        self._outstanding = 0  # requested, not yet drained (UI thread only)
        self._thread = threading.Thread(target=self._lane.loop, name="frame-decode", daemon=True)
        self._thread.start()
        weakref.finalize(self, self._lane.stop)
        self._timer = QTimer(self)
        self._timer.setInterval(_POLL_MS)
        self._timer.timeout.connect(self._drain)

    @property
    def idle(self) -> bool:
        """Nothing requested is still waiting to be shown (tests and benchmarks wait on it)."""
        return self._outstanding == 0

    @property
    def last_id(self) -> int:
        """The id of the newest request made so far (0 before any)."""
        return self._next_id

    def request(self, grabber: FrameGrabber, frame: int) -> int:
        """Decode `frame` on the worker; returns at once with the request's id."""
        self._next_id += 1
        lane = self._lane
        with lane.wake:
            if lane.stopping:  # after `stop` nothing decodes, so nothing may be waited for
                return self._next_id
            if lane.pending is None:
                self._outstanding += 1
            lane.pending = _Request(self._next_id, grabber, frame)  # an older one is dropped
            lane.wake.notify()
        self._timer.start()
        return self._next_id

    def retire(self, grabber: FrameGrabber) -> None:
        """Close `grabber` on the worker once nothing uses it; a pending decode of it is dropped."""
        lane = self._lane
        with lane.wake:
            if lane.pending is not None and lane.pending.grabber is grabber:
                lane.pending = None
                self._outstanding -= 1
            lane.retired.append(grabber)
            lane.wake.notify()

    def stop(self) -> None:
        """End the thread (after closing retired grabbers); results still queued are dropped."""
        self._timer.stop()
        self._lane.stop()
        self._thread.join(timeout=5)
        self._outstanding = 0

    # --- back on the UI thread -------------------------------------------------------------
    def _drain(self) -> None:
        newest: DecodedFrame | None = None
        while True:
            try:
                result = self._lane.results.get_nowait()
            except queue.Empty:
                break
            self._outstanding -= 1
            newest = result  # results come in request order: only the newest is shown
        if self._outstanding <= 0:
            self._outstanding = 0
            self._timer.stop()
        if newest is not None:
            self._on_result(newest)
