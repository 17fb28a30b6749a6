"""Writing a checked target: a part file beside it, then one rename, or nothing at all.

The bytes go to `.<name>.vfcoach-export-<pid>.part` in the target's folder (a hidden name a
person can still read: which file, that vfcoach wrote it, which process), created `0600`
because every file vfcoach writes holds family data. On success it is fsynced and takes the
target's name in one step: `os.replace` when the person asked to replace, otherwise a hard
link, which fails if a file of that name appeared meanwhile (so nothing is ever replaced that
was not asked for). On an error, a cancel or SIGTERM it is deleted. A `kill -9` cannot be
caught, so every export first deletes the part files of ours whose process is gone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from vfcoach.output.register import announce
from vfcoach.output.target import CheckedTarget, OutputExists

PART_TAG = ".vfcoach-export-"
_PART = re.compile(r"^\.(?P<name>.+)\.vfcoach-export-(?P<pid>\d+)\.part$")
FILE_MODE = 0o600

_active: set[str] = set()  # part files this process is writing now
_lock = threading.Lock()


def part_path(real: Path) -> Path:
    return real.with_name(f".{real.name}{PART_TAG}{os.getpid()}.part")


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill would end the process there: never guess, keep its file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _uid() -> int:
    getuid = getattr(os, "getuid", None)  # Windows has no owners by number (st_uid is 0)
    return 0 if getuid is None else int(getuid())


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete our own part files in `folder` whose writer has died; returns what went."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    me = os.getpid()
    for entry in entries:
        m = _PART.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            if entry.stat(follow_symlinks=False).st_uid != _uid():
                continue  # not ours
            pid = int(m["pid"])
            with _lock:
                busy = entry.path in _active
            if (pid == me and not busy) or (pid != me and not _alive(pid)):
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
    return removed


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        _fsync(folder)


class PartFile:
    """One output being written: `path` is where the writer puts the bytes."""

    def __init__(self, target: CheckedTarget) -> None:
        self.target = target
        announce(target.real)  # the family's register of written files (issue 14 §2)
        remove_stale_parts(target.real.parent)
        self.path = part_path(target.real)
        self._done = False
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            os.close(fd)
            with _lock:
                _active.add(str(self.path))
        except BaseException:  # a SIGTERM right here still leaves nothing
            self.discard()
            raise

    def publish(self) -> Path:
        """fsync, judge the target once more, and give the part file its name."""
        try:
            _fsync(self.path)
            self.path.chmod(FILE_MODE)  # whatever the writer did to it
            final = self.target.recheck()
            if final.replace:
                self.path.replace(final.real)
            else:
                self._link(final.real)
            _fsync_folder(final.real.parent)
        finally:
            self.discard()
        return self.target.real

    def _link(self, real: Path) -> None:
        try:
            os.link(self.path, real)
        except FileExistsError:
            raise OutputExists(self.target.given) from None
        except OSError as exc:  # e.g. a FAT memory stick has no hard links
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            if real.is_symlink() or real.exists():
                raise OutputExists(self.target.given) from None
            self.path.replace(real)

    def discard(self) -> None:
        """Delete the part file (after publishing, only the extra name goes)."""
        if self._done:
            return
        self._done = True
        self.path.unlink(missing_ok=True)
        with _lock:
            _active.discard(str(self.path))


@contextlib.contextmanager
def writing(target: CheckedTarget) -> Iterator[Path]:
    """`with writing(t) as part:` write to `part`; it becomes the target when the block ends
    without an exception, and is deleted when it raises (or a signal handler raises)."""
    part = PartFile(target)
    try:
        yield part.path
    except BaseException:
        part.discard()
        raise
    part.publish()


def write_bytes(target: CheckedTarget, data: bytes) -> Path:
    with writing(target) as part:
        part.write_bytes(data)
    return target.real


def write_text(target: CheckedTarget, text: str) -> Path:
    """UTF-8, newlines as given (a CSV export writes its own)."""
    return write_bytes(target, text.encode("utf-8"))
