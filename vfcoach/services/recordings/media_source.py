"""Build a recording's `MediaSource` from storage: the one place its video facts come from.

Storage and video are siblings (neither imports the other), so the value the grabber, the
player and the reel export take is put together here: the stored path, frame map and facts,
and a name a coach recognises ("recording 3 (DEMO-01 visit 2)") for the refusal when the
file under that path is no longer the video that was added. The path is this computer's:
the stored one, or where this computer found the same content before (`local_media`).
"""

from __future__ import annotations

from pathlib import Path

from vfcoach.coding.ids import RecordingId
from vfcoach.services.recordings.local_media import local_path
from vfcoach.services.recordings.store import remember_recording_key
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork
from vfcoach.video.source import MediaSource


def media_source_in(uow: UnitOfWork, recording_id: RecordingId) -> MediaSource:
    """The recording's video as stored, read inside the caller's unit of work."""
    recording = uow.recordings.get(recording_id)
    visit = uow.visits.get(recording.visit_id)
    family = uow.families.get(visit.family_id)
    remember_recording_key(uow, recording_id)  # a sealed video opens with its key only
    return MediaSource(
        path=local_path(recording.id, recording.facts.fingerprint, Path(recording.media_path)),
        frame_map=uow.recordings.frame_map(recording_id),
        facts=recording.facts,
        recording_id=recording.id,
        name=f"recording {recording.id} ({family.code} visit {visit.number})",
    )


def load_media_source(db: Database, recording_id: RecordingId) -> MediaSource:
    with db.uow() as uow:
        return media_source_in(uow, recording_id)
