"""Cancellation and progress for long jobs, shared by the GUI runner and the CLI.

Operations check the token between packets or items; the GUI's Cancel button and the
CLI's Ctrl+C both just set it.
"""

from __future__ import annotations

import threading
from typing import Protocol

from vfcoach.coding.errors import VfcoachError


class Cancelled(VfcoachError):
    """The person asked the job to stop; whatever it wrote has been removed."""


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("cancelled")


class Progress(Protocol):
    def __call__(self, done: float, message: str) -> None:
        """`done` from 0.0 to 1.0."""


def no_progress(done: float, message: str) -> None:
    """A progress sink for callers that do not show one."""
