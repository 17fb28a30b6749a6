"""Which family a file being written belongs to, so an erase can find every file vfcoach wrote.

An operation that writes a file for a family (a reel, an annotation export) wraps its write
in `writing_for(note)`; the writer calls `announce(path)` before the first byte lands, and the
operation's `note` records the path (in the database, in `services/retention/register.py`).
Recording before writing means a crash mid-write still leaves the path on the register: an
erase then finds no file there, which is harmless, while a file nobody registered would be
missed. Stdlib only, like the rest of `vfcoach.output`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

Note = Callable[[Path], None]

_current: ContextVar[Note | None] = ContextVar("vfcoach_written_for", default=None)


@contextlib.contextmanager
def writing_for(note: Note) -> Iterator[None]:
    """Every file the writer starts inside this block (on this thread) is passed to `note`."""
    token = _current.set(note)
    try:
        yield
    finally:
        _current.reset(token)


def announce(path: Path) -> None:
    """Called by the writer with the target's real path before it writes anything."""
    note = _current.get()
    if note is not None:
        note(path)
