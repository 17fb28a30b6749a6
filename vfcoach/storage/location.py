"""Where this computer keeps vfcoach's data: the database and the data folder, as chosen in
the window's Settings, read by the window and the `vfcoach` command alike.

This is the computer's choice, not the organisation's (it cannot live in the database it
points to) and not only the window's (a `vfcoach session add` typed later must reach the
same database), so it is a small JSON file in the user's configuration folder, readable
without Qt. It is owner-only, because a server address may carry a password. `--db`,
`VFCOACH_DB` and `VFCOACH_DATA` still win over it; `VFCOACH_CONFIG` names another file
(the test suite points it at an empty folder).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import platformdirs

log = logging.getLogger(__name__)

CONFIG_ENV_VAR = "VFCOACH_CONFIG"
FILE_NAME = "location.json"


@dataclass(frozen=True, slots=True)
class Location:
    database_url: str = ""  # "" = the SQLite file in the data folder, on this computer
    data_folder: str = ""  # "" = the platform's usual place


def location_file() -> Path:
    named = os.environ.get(CONFIG_ENV_VAR, "").strip()
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_config_dir("vfcoach")) / FILE_NAME


def read_location() -> Location:
    """The saved choice, or the defaults when there is none or it cannot be read."""
    path = location_file()
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Location()
    except (OSError, ValueError) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return Location()
    if not isinstance(raw, dict):
        return Location()
    return Location(str(raw.get("database_url") or ""), str(raw.get("data_folder") or ""))


def write_location(location: Location) -> None:
    """Save the choice owner-only; it applies from the next start."""
    write_private_json(location_file(), asdict(location))


def write_private_json(path: Path, data: object) -> None:
    """Replace `path` with `data` as JSON, owner-only, whole or not at all (this computer's
    own files: the location, and the media folders in `media_folders`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(data, out, indent=2)
        out.flush()
        os.fsync(out.fileno())
    part.replace(path)
