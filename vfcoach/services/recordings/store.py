"""vfcoach's encrypted media store: where added videos are kept, and how their keys travel.

Adding a video copies it, encrypted (`video/sealed`), into `<data folder>/media/<id>.vfm`
unless the coach chose to keep it where it is. The copy is all or nothing (a part file in
the media folder, fsync, rename) and, when the database write that follows fails or is
cancelled, the new file is deleted again, so the store never holds a video no recording
knows. The key is written to the recording row in the same transaction as the recording
(`storage/media_keys.py`), never beside the file; `remember_recording_key` hands it to the
video layer whenever a recording's video is opened.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.ids import RecordingId
from vfcoach.storage.engine import PRIVATE_FOLDER, data_folder
from vfcoach.storage.media_keys import MediaKey
from vfcoach.storage.uow import UnitOfWork
from vfcoach.video.errors import MediaUnreadable
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.sealed import SUFFIX, SealedFile, forget_key, remember_key, seal_file
from vfcoach.video.sealed.writer import PART_SUFFIX

NOT_ENCRYPTED = "not encrypted by vfcoach"
_PART = re.compile(r"^\.[0-9a-f]{32}\.(?P<pid>\d+)" + re.escape(PART_SUFFIX) + "$")


def media_store_folder() -> Path:
    """`<data folder>/media`, made owner-only when missing."""
    folder = data_folder() / "media"
    folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    return folder


def encrypted_ids(uow: UnitOfWork) -> frozenset[RecordingId]:
    """Recordings whose stored path is a sealed file in the store. A sealed recording that was
    relinked to a plain copy of its video keeps its key (its sealed file may come back) but
    is no longer encrypted by vfcoach, and the browser must say so."""
    keyed = uow.media_keys.sealed()
    return frozenset(
        rid for rid, path in uow.recordings.media_paths() if rid in keyed and path.endswith(SUFFIX)
    )


def remember_recording_key(uow: UnitOfWork, recording_id: RecordingId) -> bool:
    """Give the video layer this recording's key, if its video is sealed; True if it is."""
    key = uow.media_keys.get(recording_id)
    if key is None:
        return False
    remember_key(key.file_id, key.key)
    return True


def seal_into_store(
    source: Path,
    wanted_fingerprint: str,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
    folder: Path | None = None,
) -> SealedFile:
    """An encrypted copy of `source` in the media store, checked to hold the same video.

    `wanted_fingerprint` is the source's fingerprint taken when it was probed: the sealed
    copy's plaintext must have it, or the file changed while it was copied (then nothing is
    kept and the coach is asked to add it again).
    """
    store = folder if folder is not None else media_store_folder()
    remove_stale_parts(store)
    sealed = seal_file(source, store, progress, token)
    remember_key(sealed.file_id, sealed.key)
    try:
        if fingerprint(sealed.path) != wanted_fingerprint:
            raise MediaUnreadable(
                source, "the file changed while it was being copied; add it again"
            )
    except BaseException:
        discard(sealed)
        raise
    return sealed


def discard(sealed: SealedFile) -> None:
    """Delete a sealed file no recording will keep (a failed or cancelled add)."""
    forget_key(sealed.file_id)
    with contextlib.suppress(OSError):
        sealed.path.unlink()


def media_key(sealed: SealedFile) -> MediaKey:
    return MediaKey(sealed.file_id, sealed.key)


@contextlib.contextmanager
def kept_only_if_committed(sealed: list[SealedFile]) -> Iterator[None]:
    """Run a database write; on any error or cancel, delete the files sealed for it."""
    try:
        yield
    except BaseException:
        for s in sealed:
            discard(s)
        raise


def remove_stale_parts(folder: Path) -> None:
    """Delete part files left by an add whose process died (a crash mid-copy)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        m = _PART.match(entry.name)
        if m is None or int(m["pid"]) == os.getpid() or _alive(int(m["pid"])):
            continue
        with contextlib.suppress(OSError):
            Path(entry.path).unlink()


def _alive(pid: int) -> bool:
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
