"""The keys of recordings whose video is in vfcoach's encrypted media store.

Kept apart from `RecordingRepository` and the `Recording` value on purpose: a key is needed
only where a video is opened (`services/recordings/media_source.py`) or sealed, so it never
rides along in lists, exports or reports of recordings.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.ids import RecordingId
from vfcoach.storage.errors import NotFound
from vfcoach.storage.rows import RecordingRow


@dataclass(frozen=True, slots=True, repr=False)
class MediaKey:
    """A sealed file's id (from its header) and its key; repr hides the key."""

    file_id: bytes
    key: bytes

    def __repr__(self) -> str:
        return f"MediaKey(file_id={self.file_id.hex()})"


class MediaKeyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, recording_id: RecordingId) -> MediaKey | None:
        """The recording's key, or None for a video kept where it is (not encrypted)."""
        row = self._session.get(RecordingRow, recording_id)
        if row is None:
            raise NotFound(f"recording {recording_id} does not exist")
        if row.media_key is None or row.media_file_id is None:
            return None
        return MediaKey(bytes(row.media_file_id), bytes(row.media_key))

    def set(self, recording_id: RecordingId, key: MediaKey) -> None:
        row = self._session.get(RecordingRow, recording_id)
        if row is None:
            raise NotFound(f"recording {recording_id} does not exist")
        row.media_file_id = key.file_id
        row.media_key = key.key
        self._session.flush()

    def sealed(self) -> builtins.set[RecordingId]:
        """Ids of the recordings whose video is in the encrypted store (for the browser)."""
        rows = self._session.scalars(
            select(RecordingRow.id).where(RecordingRow.media_key.is_not(None))
        )
        return {RecordingId(r) for r in rows}
