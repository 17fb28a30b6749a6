"""Where a recording's video is on *this* computer: the stored path, or one found by content.

A team shares one database but not one disk. The stored path is where the video was when it
was added, on that computer; another coach's laptop keeps its copy elsewhere. So each
computer lists its own media folders (`storage.media_folders`), and a recording whose stored
path is not here is looked for there by fingerprint (`find_local_media`, a long job: the
window runs it on the runner's parallel lane, the CLI inline). A match is remembered for
this computer only; the database row keeps its path, which still serves the computer that
added it. A remembered path is used only while the file there has the recording's
fingerprint (`local_path`), so a file replaced since is never shown in its place, and a
file in those folders with the same name but other content is never taken.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.ids import RecordingId
from vfcoach.storage.media_folders import read_media_folders, remember_path, remembered_path
from vfcoach.video.errors import MediaError
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.folder_search import search_folders
from vfcoach.video.source import MediaSource

log = logging.getLogger(__name__)


def local_path(recording_id: RecordingId, wanted: str, stored: Path) -> Path:
    """The stored path if it is here, else where this computer found the same content
    before (checked again now), else the stored path (whose refusal names the problem).
    Quick: at most one fingerprint of one file, never a folder search."""
    if stored.exists():
        return stored
    found = remembered_path(recording_id, wanted)
    if found is None:
        return stored
    try:
        if fingerprint(found) == wanted:
            return found
    except MediaError:
        pass
    log.info("recording %s is no longer at %s on this computer", recording_id, found)
    return stored


def should_search(media: MediaSource) -> bool:
    """Whether `media`'s file is not here but this computer has media folders to look in."""
    return (
        media.recording_id is not None
        and not media.path.exists()
        and bool(read_media_folders().folders)
    )


def find_local_media(
    media: MediaSource, progress: Progress = no_progress, token: CancelToken | None = None
) -> MediaSource:
    """`media` pointed at this computer's copy of its video, found in the media folders by
    content and remembered here; `media` unchanged if its file is here or none matches."""
    if not should_search(media):
        return media
    assert media.recording_id is not None
    folders = [Path(f) for f in read_media_folders().folders]
    progress(0.0, f"Looking for the video of {media.label} in your media folders")
    found = search_folders(folders, media.fingerprint, progress, token)
    if found is None:
        return media
    found = found.absolute()
    remember_path(media.recording_id, media.fingerprint, found)
    log.info("found recording %s in this computer's media folders", media.recording_id)
    progress(1.0, f"Found {found.name}")
    return dataclasses.replace(media, path=found)
