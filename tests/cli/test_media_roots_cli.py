"""`vfcoach media roots add|list|remove`, and `reel export` of a video moved on this computer."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.storage.conftest import annotation
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.storage.location import CONFIG_ENV_VAR
from vfcoach.storage.media_folders import media_file


def use_computer(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setenv(CONFIG_ENV_VAR, str(folder / "location.json"))


def test_roots_add_list_remove_on_two_computers(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    videos, other = tmp_path / "videos", tmp_path / "other"
    videos.mkdir()
    other.mkdir()
    use_computer(monkeypatch, tmp_path / "laptop")
    assert cli("media", "roots", "list").out == ""
    added = cli("media", "roots", "add", videos)
    assert added.code == 0 and added.out.strip() == str(videos.resolve())
    assert cli("media", "roots", "add", videos).out.strip().endswith("(already listed)")
    use_computer(monkeypatch, tmp_path / "office")
    assert cli("media", "roots", "add", other).code == 0
    assert cli("media", "roots", "list").out.split() == [str(other.resolve())]
    use_computer(monkeypatch, tmp_path / "laptop")
    assert cli("media", "roots", "list").out.split() == [str(videos.resolve())]
    assert cli("media", "roots", "remove", videos).code == 0
    assert cli("media", "roots", "list").out == ""


def test_bad_roots_print_one_line_and_change_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_computer(monkeypatch, tmp_path / "laptop")
    good = tmp_path / "good"
    good.mkdir()
    cli("media", "roots", "add", good)
    before = media_file().read_bytes()
    a_file = tmp_path / "clip.mp4"
    a_file.write_bytes(b"x")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    for argv, says in (
        (("add", tmp_path / "nowhere"), "no such folder"),
        (("add", a_file), "a file, not a folder"),
        (("add", loop), "cannot be opened"),
        (("remove", tmp_path / "nowhere"), "not one of this computer's media folders"),
        (("add", ""), "error"),
    ):
        r = cli("media", "roots", *argv)
        assert r.code != 0 and says in r.err.splitlines()[-1], r.err
    assert media_file().read_bytes() == before


def test_reel_export_finds_a_moved_video_without_a_relink(
    cli: Cli,
    sqlite_url: str,
    cfr_video: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    use_computer(monkeypatch, tmp_path / "laptop")
    added = tmp_path / "A" / "visit.mp4"
    added.parent.mkdir()
    added.write_bytes(cfr_video.read_bytes())
    with Database.open(sqlite_url) as db:
        rec = ImportRecordingOperation(db, added, "F-0100").run()
        with db.uow() as uow:
            assert rec.scheme_id is not None
            coder = uow.coders.get_or_create("Ana")
            cpass = uow.passes.get_or_create(rec.id, coder.id, rec.scheme_id)
            uow.annotations.add(annotation(cpass.id, 20, "NUR"))
            uow.commit()
    moved = tmp_path / "B" / "kept" / "renamed.mp4"
    moved.parent.mkdir(parents=True)
    added.rename(moved)
    db = ("--db", sqlite_url)
    reel = int(
        cli("reel", "create", rec.visit_id, "--from-codes", "NUR", "--coder", "Ana", *db).out
    )
    out = tmp_path / "reel.mp4"
    refused = cli("reel", "export", reel, "--out", out, *db)
    assert refused.code == 1 and not out.exists()  # not found, and no media folder listed yet

    assert cli("media", "roots", "add", tmp_path / "B").code == 0
    done = cli("reel", "export", reel, "--out", out, *db)
    assert done.code == 0, done.err
    assert out.stat().st_size > 0
    with Database.open(sqlite_url) as database, database.uow() as uow:
        kept = uow.recordings.get(rec.id).media_path
    assert kept == str(added)  # the shared row keeps the path it was added with
