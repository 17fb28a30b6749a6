"""What no export may write over, read from the database: the one place that gathers it.

Every recording's media (whoever coded it, moved or not: a path that no longer exists is
still refused, so a new file never takes a lost recording's place), the database files when
it is SQLite, and vfcoach's data folder. `check_output` is what every command and save dialog
calls before writing a file a person named (`vfcoach.output` holds the rule itself).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from vfcoach.output import CheckedTarget, Protected, check_target
from vfcoach.storage.database import Database
from vfcoach.storage.engine import data_folder, database_files


def local_protected(db_url: str | None = None) -> Protected:
    """The data folder and the database files, known without opening the database."""
    files: list[tuple[str | Path, str]] = []
    if db_url is not None:
        files = [(f, "the vfcoach database") for f in database_files(db_url)]
    return Protected.of(files, [(data_folder(), "vfcoach's data folder")])


def protected_outputs(db: Database) -> Protected:
    """Everything `local_protected` names, plus the media of every recording."""
    with db.uow() as uow:
        media = [
            (path, f"the video of recording {rid}") for rid, path in uow.recordings.media_paths()
        ]
    return local_protected(db.url) + Protected.of(media)


def check_output(
    db: Database | None, path: str | Path, accepted: Sequence[str], replace: bool = False
) -> CheckedTarget:
    """Judge a target against the database's protected files (or only the local ones)."""
    protected = local_protected() if db is None else protected_outputs(db)
    return check_target(path, accepted, protected, replace)
