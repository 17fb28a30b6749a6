"""A small real project and a drawer of hostile files, for the bad-input tests of the CLI.

The project is the demo family (a generated 20 s video, two visits, a coded pass) made once
per session and copied for each test, so a refusal can be checked against the database
file's bytes. Hostile files are real: a FIFO, a symlink loop, a folder, garbage, and scheme
documents in Latin-1, nested 100,000 deep, with a lone surrogate or a duplicate field.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from vfcoach.services.demo.project import DemoProjectOperation
from vfcoach.storage.database import Database
from vfcoach.storage.location import CONFIG_ENV_VAR

SCHEME_CODE = (
    '{"key": "%s", "label": "A", "kind": "point", "shortcut": "a", "caregiver_visible": false}'
)


@dataclass(frozen=True)
class World:
    """One test's copy of the demo project, its hostile files and its data folder."""

    root: Path
    db_path: Path
    video: Path

    @property
    def url(self) -> str:
        return f"sqlite:///{self.db_path}"

    def file(self, name: str) -> Path:
        return self.root / "files" / name

    def digest(self) -> str:
        """The database's bytes (file and write-ahead log); `main` closed its connections."""
        h = hashlib.sha256()
        for suffix in ("", "-wal"):
            p = Path(f"{self.db_path}{suffix}")
            if p.exists():
                h.update(p.read_bytes())
        return h.hexdigest()


def _files(folder: Path) -> None:
    folder.mkdir()
    os.mkfifo(folder / "fifo")
    (folder / "loop1").symlink_to(folder / "loop2")
    (folder / "loop2").symlink_to(folder / "loop1")
    (folder / "folder").mkdir()
    (folder / "garbage.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "latin1.json").write_bytes('{"name": "Schéma", "codes": []}'.encode("latin-1"))
    (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (folder / "surrogate.json").write_text('{"name": "\\ud800", "codes": []}', encoding="utf-8")
    (folder / "nul.json").write_text('{"name": "a\\u0000b", "codes": []}', encoding="utf-8")
    (folder / "duplicate.json").write_text(
        '{"name": "A", "name": "B", "codes": [%s]}' % (SCHEME_CODE % "OK"), encoding="utf-8"
    )
    (folder / "homoglyph.json").write_text(
        '{"name": "H", "codes": [%s]}' % (SCHEME_CODE % "\u0410TT"), encoding="utf-8"
    )


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("hostile-demo")
    db_path = folder / "demo.sqlite"
    with Database.open(f"sqlite:///{db_path}") as db:
        DemoProjectOperation(db, folder / "media", seconds=20).run()
    video = next((folder / "media").glob("*.mp4"))
    return db_path, video


def make_world(root: Path, template: tuple[Path, Path]) -> World:
    root.mkdir(parents=True, exist_ok=True)
    db_path = root / "project.sqlite"
    shutil.copyfile(template[0], db_path)
    if not (root / "files").exists():
        _files(root / "files")
    return World(root, db_path, template[1])


@pytest.fixture
def world(
    tmp_path: Path, demo_template: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> World:
    """A fresh copy of the demo project; the data folder (and its log) under tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv(CONFIG_ENV_VAR, str(tmp_path / "config" / "location.json"))  # media.json
    monkeypatch.delenv("VFCOACH_DB", raising=False)
    return make_world(tmp_path / "world", demo_template)
