"""Run one stage of the export on its own thread, a few items ahead of the next stage.

Exact mode is decode -> scale -> encode. FFmpeg releases the GIL inside each of them, but
called one after the other from one Python thread they still wait for each other: while
the main thread hands a frame to x264, nobody feeds the decoder. Decoding and scaling on a
worker thread, a few frames ahead, lets the two halves overlap the way the ffmpeg command
line's own threads do. The worker holds no Qt object and reports nothing itself: items and
errors travel through one bounded queue, and closing the consumer stops the worker.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Generator
from typing import Generic, TypeVar

T = TypeVar("T")

_DONE = object()
_POLL_S = 0.1


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


class Ahead(Generic[T]):
    """What `items` yields, computed on a worker thread up to `depth` items early.

    The worker starts at once, so the next clip can decode its lead-in while this one
    finishes. Errors raised in `items` are raised in the consumer. `close` (or leaving a
    `with` block) stops the worker and closes `items` on it, so its `finally` runs.
    """

    def __init__(self, items: Generator[T, None, None], depth: int = 24) -> None:
        self._box: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._items = items
        self._ended = False
        self._worker = threading.Thread(target=self._work, name="reel-export-decode", daemon=True)
        self._worker.start()

    def _offer(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._box.put(item, timeout=_POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _work(self) -> None:
        try:
            for item in self._items:
                if not self._offer(item):
                    break
        except BaseException as exc:  # handed to the consumer, which raises it
            self._offer(_Failed(exc))
        else:
            self._offer(_DONE)
        finally:
            self._items.close()

    def __iter__(self) -> Ahead[T]:
        return self

    def __next__(self) -> T:
        if self._ended:
            raise StopIteration
        got = self._box.get()
        if got is _DONE:
            self._ended = True
            raise StopIteration
        if isinstance(got, _Failed):
            self._ended = True
            raise got.error
        return got  # type: ignore[return-value]

    def close(self) -> None:
        self._stop.set()
        while self._worker.is_alive():  # unblock a worker waiting to put, then let it end
            try:
                self._box.get_nowait()
            except queue.Empty:
                self._worker.join(_POLL_S)

    def __enter__(self) -> Ahead[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
