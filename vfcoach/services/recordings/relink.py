"""Find a recording's video again after it was moved, and point the recording at it.

Coaches copy and reorganise video folders; a path is only a hint. The fingerprint stored at
import identifies the file's content, so a file found by fingerprint is the same recording
and its frame map (hence every annotation's frame) still holds. A file that merely has the
same name is never accepted: relinking to different content would silently re-time codes.
"""

from __future__ import annotations

import logging
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.storage.database import Database
from vfcoach.video.fingerprint import find_by_fingerprint

log = logging.getLogger(__name__)


class NoMatchingFile(VfcoachError):
    """No file in the folder has the recording's content."""


class RelinkOperation:
    """Search `folder` (recursively, as `find_by_fingerprint` does) and store the new path."""

    def __init__(self, db: Database, recording_id: RecordingId, folder: str | Path) -> None:
        self.db = db
        self.recording_id = recording_id
        self.folder = Path(folder)

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> Path:
        folder = self.folder.expanduser().absolute()
        if not folder.is_dir():
            raise NoMatchingFile(f"{folder}: not a folder")
        with self.db.uow() as uow:
            recording = uow.recordings.get(self.recording_id)
        progress(0.0, f"Looking for recording {recording.id} in {folder.name}")
        found = find_by_fingerprint(folder, recording.facts.fingerprint)
        if token is not None:
            token.check()
        if found is None:
            raise NoMatchingFile(
                f"{folder}: no file there has the content of recording {recording.id} "
                f"(was {Path(recording.media_path).name})"
            )
        new_path = found.absolute()
        with self.db.uow() as uow:
            uow.recordings.set_path(recording.id, str(new_path))
            uow.commit()
        log.info("relinked recording %s", recording.id)
        progress(1.0, "Found")
        return new_path
