"""Files vfcoach makes hold family data: the data folder 0700, the database 0600 (item 1)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from vfcoach.storage import engine as engine_module
from vfcoach.storage.database import Database


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_default_data_folder_and_database_are_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "data" / "vfcoach"
    monkeypatch.setattr(engine_module.platformdirs, "user_data_dir", lambda app: str(folder))
    monkeypatch.delenv("VFCOACH_DB", raising=False)
    db = Database.open(None)
    with db.uow() as uow:
        uow.families.add("F-1")
        uow.commit()
    assert _mode(folder) == 0o700
    files = sorted(folder.glob("vfcoach.sqlite*"))
    assert files and all(_mode(f) == 0o600 for f in files), [(f.name, oct(_mode(f))) for f in files]
    db.dispose()


def test_an_older_open_folder_and_database_are_narrowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "vfcoach"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    db_file = folder / "vfcoach.sqlite"
    Database.open(f"sqlite:///{db_file}").dispose()
    db_file.chmod(0o644)
    monkeypatch.setattr(engine_module.platformdirs, "user_data_dir", lambda app: str(folder))
    monkeypatch.delenv("VFCOACH_DB", raising=False)
    Database.open(None).dispose()
    assert _mode(folder) == 0o700 and _mode(db_file) == 0o600
