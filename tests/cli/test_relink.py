"""`vfcoach relink`: a moved and renamed video is found by content, a look-alike is not."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.conftest import Cli
from vfcoach.coding.ids import RecordingId
from vfcoach.storage.database import Database


def test_relink_after_move(
    cli: Cli, sqlite_url: str, cfr_video: Path, vfr_video: Path, tmp_path: Path
) -> None:
    db = ("--db", sqlite_url)
    old = tmp_path / "camera" / "clip.mp4"
    old.parent.mkdir()
    shutil.copyfile(cfr_video, old)
    rid = cli("session", "add", old, "--family", "F-3", *db).out.strip()
    archive = tmp_path / "archive" / "2024" / "may"
    archive.mkdir(parents=True)
    shutil.copyfile(vfr_video, archive / "clip.mp4")  # same name, other content: not it
    moved = archive / "family-F-3-visit-1.mp4"
    old.rename(moved)
    (rows,) = json.loads(cli("session", "list", "--json", *db).out)
    assert rows["media_present"] is False
    r = cli("relink", rid, tmp_path / "archive", *db)
    assert r.code == 0, r.err
    assert r.out.strip() == str(moved.absolute())
    (rows,) = json.loads(cli("session", "list", "--json", *db).out)
    assert rows["media_present"] is True and "media_path" not in rows  # a list: no file names
    with Database.open(sqlite_url) as database, database.uow() as uow:
        assert uow.recordings.get(RecordingId(int(rid))).media_path == str(moved.absolute())


def test_relink_failures(cli: Cli, sqlite_url: str, cfr_video: Path, tmp_path: Path) -> None:
    db = ("--db", sqlite_url)
    rid = cli("session", "add", cfr_video, "--family", "F-4", *db).out.strip()
    empty = tmp_path / "empty"
    empty.mkdir()
    r = cli("relink", rid, empty, *db)
    assert r.code == 1 and "no file there has the content of recording" in r.error_line
    nofolder = cli("relink", rid, tmp_path / "nope", *db)
    assert nofolder.code == 1 and "not a folder" in nofolder.error_line
    assert cli("relink", "12345", empty, *db).code == 1
