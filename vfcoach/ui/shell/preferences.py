"""The database and the data folder as the Settings dialog edits them, checked plainly.

The choice itself is stored by `storage/location.py` (a small file the `vfcoach` command
reads too, so a command typed later reaches the same database); it takes effect at the next
start, because the open database cannot be swapped under open windows and running jobs.
"""

from __future__ import annotations

from pathlib import Path

from vfcoach.coding.errors import VfcoachError
from vfcoach.storage.engine import normalise_url
from vfcoach.storage.location import Location, read_location, write_location

__all__ = ["InvalidPreference", "Location", "checked", "read_location", "write_location"]


class InvalidPreference(VfcoachError):
    """A database address or data folder that cannot be used."""


def checked(location: Location) -> Location:
    """The same choice tidied, or `InvalidPreference` saying plainly what is wrong."""
    url = location.database_url.strip()
    if url:
        if not url.lower().startswith(("postgresql://", "postgres://", "postgresql+")):
            raise InvalidPreference(
                "a server address starts with postgresql:// (for example "
                "postgresql://coach@server.example.org/vfcoach)"
            )
        try:
            normalise_url(url)
        except Exception as exc:  # sqlalchemy's ArgumentError, a port that is not a number
            raise InvalidPreference(f"that server address cannot be read: {exc}") from None
    folder = location.data_folder.strip()
    if folder:
        path = Path(folder).expanduser()
        if not path.is_absolute():
            raise InvalidPreference("choose the data folder with its full path")
        if path.exists() and not path.is_dir():
            raise InvalidPreference(f"{path} is a file, not a folder")
        if not path.exists() and not path.parent.is_dir():
            raise InvalidPreference(f"{path.parent} does not exist")
        folder = str(path)
    return Location(url, folder)
