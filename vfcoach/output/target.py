"""Where vfcoach may write a file a person named: the one policy every command and dialog uses.

A `--out` once replaced a family's only copy of a visit with a reel, and another destroyed
the database (issue 10 item 1). So before anything is written the target is judged here, on
the real file it resolves to (symlinks, `..` and relative paths followed; hard links found by
device and inode): never a recording's media, the database or its `-wal`/`-shm`/journal,
anything inside the data folder, a folder, a device, pipe or socket; a folder that does not
exist is named as such; an existing ordinary file is replaced only when the person said so
(`--force`, or yes in the window); and the extension decides the format, or the write is
refused with the names it could have had. The protected set is gathered by an operation from
the database (`services/output_guard.py`): this module knows no database, no Qt and no
codec, so `video` and every operation can use it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.errors import VfcoachError


class OutputRefused(VfcoachError):
    """A target vfcoach will not write; the message says why and names the target."""


class OutputExists(OutputRefused):
    """The target is an ordinary file of the person's: replaced only when they say so."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists; add --force to replace it")


@dataclass(frozen=True, slots=True)
class ProtectedFile:
    real: str  # the resolved path, judged even when the file is gone
    what: str  # e.g. "the video of recording 3", for the refusal
    inode: tuple[int, int] | None  # (st_dev, st_ino) while it exists: catches hard links


@dataclass(frozen=True, slots=True)
class Protected:
    """Files and folders no export may touch."""

    files: tuple[ProtectedFile, ...] = ()
    folders: tuple[tuple[str, str], ...] = ()  # (resolved folder, what it is)

    @classmethod
    def of(
        cls,
        files: Iterable[tuple[str | Path, str]],
        folders: Iterable[tuple[str | Path, str]] = (),
    ) -> Protected:
        """From (path, what) pairs; paths are resolved now, as the targets will be."""
        found = []
        for path, what in files:
            if not str(path):
                continue
            real = _real(path)
            try:
                st = Path(real).stat()
                inode: tuple[int, int] | None = (st.st_dev, st.st_ino)
            except OSError:
                inode = None
            found.append(ProtectedFile(real, what, inode))
        kept = tuple((_real(f), what) for f, what in folders if str(f))
        return cls(tuple(found), kept)

    def __add__(self, other: Protected) -> Protected:
        return Protected(self.files + other.files, self.folders + other.folders)

    def refusal(self, real: str, st: os.stat_result | None) -> str | None:
        """What the resolved target is, if it is protected; else None."""
        for f in self.files:
            if os.path.normcase(f.real) == os.path.normcase(real):
                return f.what
            if st is not None and f.inode == (st.st_dev, st.st_ino):
                return f"{f.what} (another name for the same file)"
        for folder, what in self.folders:
            if real == folder or real.startswith(folder.rstrip(os.sep) + os.sep):
                return f"inside {what}"
        return None


@dataclass(frozen=True, slots=True)
class CheckedTarget:
    """A target the policy accepted: write to `real` (through `vfcoach.output.writer`)."""

    given: Path  # as the person wrote it, for messages
    real: Path  # the file the bytes go to
    suffix: str  # lower-case extension, which decides the format
    replace: bool
    protected: Protected

    def recheck(self) -> CheckedTarget:
        """The same judgement again, just before the finished file takes the name."""
        return check_target(self.given, (self.suffix,), self.protected, self.replace)


def _real(path: str | Path) -> str:
    return str(Path(path).expanduser().resolve())  # symlinks, `..`, relative: the real file


def _suffixes(accepted: Sequence[str]) -> str:
    names = [s for s in accepted]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def check_target(
    path: str | Path, accepted: Sequence[str], protected: Protected, replace: bool = False
) -> CheckedTarget:
    """Judge `path` as a new file of one of the `accepted` extensions (".mp4", ...).

    Raises `OutputExists` for an ordinary existing file when `replace` is False (the window
    then asks), `OutputRefused` for everything that is never written.
    """
    given = Path(path)
    if not str(path).strip():
        raise OutputRefused("no file name given")
    if "\x00" in str(path):
        raise OutputRefused(f"{str(path)!r} is not a file name (it holds a NUL character)")
    suffix = given.suffix.lower()
    if suffix not in accepted:
        raise OutputRefused(
            f"{given}: the file name must end in {_suffixes(accepted)} (the extension "
            "decides the format)"
        )
    real = _real(given)
    if Path(real).suffix.lower() != suffix:
        raise OutputRefused(f"{given} leads to {real}, which is not a {suffix} file")
    if Path(real).is_dir():
        raise OutputRefused(f"{given} is a folder; name a file in it")
    parent = Path(real).parent
    if not parent.is_dir():
        raise OutputRefused(f"{given}: the folder {parent} does not exist")
    try:
        st: os.stat_result | None = Path(real).stat()
    except FileNotFoundError:
        st = None
    what = protected.refusal(real, st)
    if what is not None:
        raise OutputRefused(f"{given} is {what}; vfcoach never writes over it")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputRefused(f"{given} is not an ordinary file (a device, pipe or socket)")
    if st is not None and not replace:
        raise OutputExists(given)
    return CheckedTarget(given, Path(real), suffix, replace, protected)
