"""Reading a file a person named (an import file), with one plain refusal per way it can fail.

`Path.read_text` on a FIFO blocks forever, on a device reads forever, and a symlink loop or
a denied permission surfaces as `[Errno ...]`. Here the file is looked at first: it must be
a regular file of sane size, and its bytes must be UTF-8 (a spreadsheet's Latin-1 export is
named as such). OS errors keep their path so the CLI can print "permission denied: PATH".
"""

from __future__ import annotations

import stat
from pathlib import Path

from vfcoach.coding.errors import VfcoachError

MAX_IMPORT_BYTES = 50_000_000  # far above any scheme or annotation file


class NotAFile(VfcoachError):
    """A path that is not a regular file (a folder, a pipe, a device) or far too large."""


class NotUtf8(VfcoachError):
    """A text file in another encoding; `offset` is the first byte that is not UTF-8."""

    def __init__(self, path: Path, offset: int) -> None:
        self.path, self.offset = path, offset
        super().__init__(f"{path}: not UTF-8 text (byte {offset}); save it as UTF-8")


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file; `NotAFile` or an `OSError` naming the path otherwise."""
    st = path.stat()  # follows links: a loop raises ELOOP with the path
    if stat.S_ISDIR(st.st_mode):
        raise NotAFile(f"is a folder, not a file: {path}")
    if not stat.S_ISREG(st.st_mode):
        raise NotAFile(f"not a regular file (a pipe, socket or device): {path}")
    if st.st_size > MAX_IMPORT_BYTES:
        raise NotAFile(f"too large to import ({st.st_size} bytes): {path}")
    return path.read_bytes()


def read_text(path: Path) -> str:
    """The UTF-8 text of a regular file (a leading BOM dropped); `NotUtf8` otherwise."""
    raw = read_bytes(path)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise NotUtf8(path, exc.start) from None
