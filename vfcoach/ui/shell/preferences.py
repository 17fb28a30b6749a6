"""Where the database and the data folder are, as chosen in Settings, applied at start-up.

These two belong to the computer, not the organisation (another computer on the same
PostgreSQL database keeps its own data folder), so they live in QSettings. They take effect
at the next start: the open database cannot be swapped under open windows and running jobs.
`--db` and `VFCOACH_DB` (and `VFCOACH_DATA`) still win, so a script or a test is never
redirected by what someone clicked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from vfcoach.coding.errors import VfcoachError
from vfcoach.storage.engine import DATA_ENV_VAR, ENV_VAR, normalise_url

DATABASE_URL = "database/url"  # "" = this computer (the SQLite file in the data folder)
DATA_FOLDER = "data/folder"  # "" = the platform's usual place


class InvalidPreference(VfcoachError):
    """A database address or data folder that cannot be used."""


@dataclass(frozen=True, slots=True)
class Where:
    database_url: str  # "" for this computer
    data_folder: str  # "" for the usual place

    def checked(self) -> Where:
        """The same, or `InvalidPreference` saying plainly what is wrong."""
        url = self.database_url.strip()
        if url:
            if not url.lower().startswith(("postgresql://", "postgres://", "postgresql+")):
                raise InvalidPreference(
                    "a server address starts with postgresql:// (for example "
                    "postgresql://coach@server.example.org/vfcoach)"
                )
            try:
                normalise_url(url)
            except Exception as exc:  # sqlalchemy's ArgumentError, a bad port...
                raise InvalidPreference(f"that server address cannot be read: {exc}") from None
        folder = self.data_folder.strip()
        if folder:
            path = Path(folder).expanduser()
            if not path.is_absolute():
                raise InvalidPreference("choose the data folder with its full path")
            if path.exists() and not path.is_dir():
                raise InvalidPreference(f"{path} is a file, not a folder")
            if not path.exists() and not path.parent.is_dir():
                raise InvalidPreference(f"{path.parent} does not exist")
            folder = str(path)
        return Where(url, folder)


def read_where(settings: QSettings) -> Where:
    return Where(
        str(settings.value(DATABASE_URL, "") or ""), str(settings.value(DATA_FOLDER, "") or "")
    )


def write_where(settings: QSettings, where: Where) -> None:
    settings.setValue(DATABASE_URL, where.database_url)
    settings.setValue(DATA_FOLDER, where.data_folder)
    settings.sync()


def apply_at_start(settings: QSettings, db_url: str | None) -> str | None:
    """Before the database opens: point the data folder where Settings said (unless
    `VFCOACH_DATA` is set) and return the database URL to open (`--db`, then `VFCOACH_DB`,
    then the server chosen in Settings, then None for the file in the data folder)."""
    where = read_where(settings)
    if where.data_folder and not os.environ.get(DATA_ENV_VAR, "").strip():
        os.environ[DATA_ENV_VAR] = where.data_folder
    if db_url or os.environ.get(ENV_VAR, "").strip():
        return db_url
    return where.database_url or None
