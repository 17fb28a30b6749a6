"""A content fingerprint that follows a recording when it is moved, renamed or copied.

Coaches reorganise video folders and copy them between laptops, so the path stored with a
recording is only a hint. The fingerprint lets vfcoach recognise the same file elsewhere and
notice a different file under the old name (which would silently shift every code).
Hashing whole files would take minutes for an hour of HD, so we hash the size and three
sampled 1 MiB chunks: a re-encode, a trim or a different take all change them.

A sealed file (vfcoach's encrypted media store) is fingerprinted by its plaintext, read
through its key: the same value as the video it was sealed from, so the store's copy and
the original are recognised as one recording.

Form: ``v1:<size in bytes>:<sha256 hex>``. The size is spelled out so a folder search can
skip every file of another size without reading it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import BinaryIO

from vfcoach.video.errors import MediaEmpty, MediaError, MediaMissing, MediaUnreadable
from vfcoach.video.sealed import SealedReader, is_sealed

_CHUNK = 1 << 20
_VERSION = "v1"
VIDEO_SUFFIXES = (".mp4", ".mov", ".m4v", ".mkv", ".avi")


def fingerprint(path: str | Path) -> str:
    """Fingerprint of a media file; raises `MediaMissing`/`MediaEmpty`/`MediaUnreadable`."""
    p = Path(path)
    try:
        if is_sealed(p):
            with SealedReader(p) as reader:
                if reader.size == 0:
                    raise MediaEmpty(p)
                return f"{_VERSION}:{reader.size}:{digest_of(reader, reader.size)}"  # type: ignore[arg-type]
        size = p.stat().st_size
        if size == 0:
            raise MediaEmpty(p)
        return f"{_VERSION}:{size}:{_digest(p, size)}"
    except MediaError:
        raise
    except FileNotFoundError as exc:
        raise MediaMissing(p) from exc
    except OSError as exc:
        raise MediaUnreadable(p, f"the file cannot be read ({exc.strerror or exc})") from exc


def _digest(path: Path, size: int) -> str:
    with path.open("rb") as fh:
        return digest_of(fh, size)


def digest_of(fh: BinaryIO, size: int) -> str:
    """The sampled hash of `size` bytes readable from the seekable `fh`."""
    h = hashlib.sha256(size.to_bytes(8, "little"))
    if size <= 3 * _CHUNK:
        fh.seek(0)
        h.update(fh.read())
    else:
        for offset in (0, (size - _CHUNK) // 2, size - _CHUNK):
            fh.seek(offset)
            h.update(fh.read(_CHUNK))
    return h.hexdigest()


def fingerprint_size(fp: str) -> int | None:
    """The byte size a fingerprint was taken from, or None for a form we do not know."""
    parts = fp.split(":")
    if len(parts) == 3 and parts[0] == _VERSION and parts[1].isdigit():
        return int(parts[1])
    return None


def find_by_fingerprint(
    folder: str | Path,
    fingerprint: str,
    *,
    suffixes: tuple[str, ...] = VIDEO_SUFFIXES,
) -> Path | None:
    """The first file under `folder` (recursively) with this fingerprint, or None.

    Only files of the right size are read, so searching a folder of long videos is quick.
    Unreadable files and folders are passed over: the search is a convenience, not an audit.
    """
    want_size = fingerprint_size(fingerprint)
    wanted = {s.lower() for s in suffixes}
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs.sort()
        for name in sorted(files):
            candidate = Path(root, name)
            if candidate.suffix.lower() not in wanted:
                continue
            try:
                size = candidate.stat().st_size
                if size == 0 or (want_size is not None and size != want_size):
                    continue
                if f"{_VERSION}:{size}:{_digest(candidate, size)}" == fingerprint:
                    return candidate
            except OSError:
                continue
    return None
