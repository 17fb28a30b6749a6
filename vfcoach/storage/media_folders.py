"""This computer's media folders, and where it found each recording's video in them.

On a team the database is shared but the videos are not: each coach's laptop keeps copies
under its own folders (`D:\\Visits`, `/Users/ana/Movies/vfcoach`). So the list of folders
to look in, and what was found there, belong to this computer, never to the database:
writing one laptop's path into the shared row would send everyone else to a file they do
not have. They live beside the database location (`location.json`, same folder, same
owner-only writing) in `media.json`, which the window and the `vfcoach` command both read;
`VFCOACH_CONFIG` moves both (the test suite plays two computers with two folders).

A remembered path is keyed by recording id *and* fingerprint, and callers use it only while
the file there still has that fingerprint: two databases on one computer may both have a
"recording 3", and a file may be replaced after it was found.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vfcoach.coding.ids import RecordingId
from vfcoach.storage.errors import StorageError
from vfcoach.storage.location import location_file, write_private_json

log = logging.getLogger(__name__)

FILE_NAME = "media.json"


class MediaFolderRefused(StorageError):
    """A folder that cannot be added to (or removed from) this computer's media folders."""


@dataclass(frozen=True, slots=True)
class MediaFolders:
    folders: tuple[str, ...] = ()
    found: dict[str, str] = field(default_factory=dict)  # "<recording id> <fingerprint>" -> path


def media_file() -> Path:
    """`media.json` next to this computer's `location.json`."""
    return location_file().with_name(FILE_NAME)


def read_media_folders() -> MediaFolders:
    """The saved list, or an empty one when there is none or it cannot be read."""
    path = media_file()
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return MediaFolders()
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return MediaFolders()
    if not isinstance(raw, dict):
        return MediaFolders()
    folders = raw.get("folders")
    found = raw.get("found")
    return MediaFolders(
        tuple(str(f) for f in folders) if isinstance(folders, list) else (),
        {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {},
    )


def _write(media: MediaFolders) -> None:
    write_private_json(media_file(), {"folders": list(media.folders), "found": media.found})


def checked_folder(folder: str | Path) -> Path:
    """The folder as it will be listed (absolute, links resolved), or `MediaFolderRefused`."""
    given = Path(folder).expanduser()
    try:
        real = given.resolve(strict=True)
    except FileNotFoundError:
        raise MediaFolderRefused(f"{given}: there is no such folder on this computer") from None
    except RuntimeError:  # a link that leads back to itself
        raise MediaFolderRefused(
            f"{given}: this folder cannot be opened (it is a link that leads back to itself)"
        ) from None
    except OSError as exc:
        why = exc.strerror or str(exc)
        raise MediaFolderRefused(f"{given}: this folder cannot be opened ({why})") from None
    if not real.is_dir():
        what = "this is a file, not a folder" if real.is_file() else "this is not a folder"
        raise MediaFolderRefused(f"{given}: {what}")
    return real


def add_media_folder(folder: str | Path) -> tuple[Path, bool]:
    """List `folder` on this computer; (its listed form, False if it was listed already)."""
    real = checked_folder(folder)
    media = read_media_folders()
    if str(real) in media.folders:
        return real, False
    _write(MediaFolders((*media.folders, str(real)), media.found))
    return real, True


def remove_media_folder(folder: str | Path) -> Path:
    """Take `folder` off this computer's list (it may be gone already); what it found is
    forgotten too. `MediaFolderRefused` if it is not listed."""
    given = Path(folder).expanduser()
    forms = {str(given.absolute())}
    with contextlib.suppress(OSError, RuntimeError):  # a loop of links: as given only
        forms.add(str(given.resolve()))
    media = read_media_folders()
    listed = [f for f in media.folders if f in forms]
    if not listed:
        raise MediaFolderRefused(
            f"{given}: this folder is not one of this computer's media folders"
        )
    kept = tuple(f for f in media.folders if f not in listed)
    gone = tuple(Path(f) for f in listed)
    found = {
        k: v for k, v in media.found.items() if not any(Path(v).is_relative_to(g) for g in gone)
    }
    _write(MediaFolders(kept, found))
    return Path(listed[0])


def set_media_folders(folders: Sequence[str | Path]) -> None:
    """Make this computer's list exactly `folders` (each checked first; a refusal changes
    nothing; one listed already may be away, as a drive that is not plugged in). What was
    found in a folder no longer listed is forgotten."""
    media = read_media_folders()
    checked = tuple(
        dict.fromkeys(
            str(f) if str(f) in media.folders else str(checked_folder(f)) for f in folders
        )
    )
    if checked == media.folders:
        return
    kept = {k: v for k, v in media.found.items() if any(Path(v).is_relative_to(f) for f in checked)}
    _write(MediaFolders(checked, kept))


def _key(recording_id: RecordingId, fingerprint: str) -> str:
    return f"{recording_id} {fingerprint}"


def remembered_path(recording_id: RecordingId, fingerprint: str) -> Path | None:
    """Where this computer last found the recording's video (not yet checked again)."""
    path = read_media_folders().found.get(_key(recording_id, fingerprint))
    return Path(path) if path else None


def remember_path(recording_id: RecordingId, fingerprint: str, path: Path) -> None:
    """Note, for this computer only, that the recording's video is at `path`."""
    media = read_media_folders()
    _write(MediaFolders(media.folders, {**media.found, _key(recording_id, fingerprint): str(path)}))
