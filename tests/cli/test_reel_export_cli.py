"""`vfcoach reel export`: a real reel from real media, and the safety gate at export time."""

from __future__ import annotations

import json
from pathlib import Path

import av
import pytest

from tests.cli.conftest import Cli
from tests.consent_helpers import agree
from tests.storage.conftest import annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.services.access import Actor
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import probe
from vfcoach.video.synth import make_counter_video, read_frame_index


@pytest.fixture
def coded(sqlite_url: str, cfr_video: Path, tmp_path: Path) -> tuple[int, int, FrameMap]:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    with Database.open(sqlite_url) as db:
        rec = ImportRecordingOperation(db, source, "F-0100", keep_in_place=True).run()
        agree(db, "F-0100")  # caregiver reels: the family agreed to caregiver viewing
        with db.uow() as uow:
            assert rec.scheme_id is not None
            coder = uow.coders.get_or_create("Ana")
            cpass = uow.passes.get_or_create(rec.id, coder.id, rec.scheme_id)
            fmap = uow.recordings.frame_map(rec.id)
            uow.annotations.add(annotation(cpass.id, 20, "NUR"))
            uow.annotations.add(annotation(cpass.id, 55, "DEL"))
            uow.commit()
    return rec.visit_id, cpass.id, fmap


def test_export_writes_one_mp4_that_starts_on_the_first_clip(cli: Cli, sqlite_url, coded, tmp_path):
    visit, _pass, _fmap = coded
    db = ("--db", sqlite_url)
    made = cli("reel", "create", visit, "--from-codes", "NUR,DEL", "--pre", "0.2",
               "--post", "0.2", "--coder", "Ana", *db)  # fmt: skip
    assert made.code == 0, made.err
    reel = int(made.out)
    clips = json.loads(cli("reel", "show", reel, "--json", *db).out)["clips"]
    out = tmp_path / "reel.mp4"
    done = cli("reel", "export", reel, "--out", out, *db)
    assert done.code == 0, done.err
    assert done.out.strip() == str(out) and not list(out.parent.glob(".*.part"))
    info = probe(out)
    assert info.has_audio and (info.width, info.height) == (1280, 720)
    first_start = clips[0]["in"]["frame"] - 5  # 0.2 s pre-roll at 25 fps
    with FrameGrabber(out) as grabber:
        picture = grabber.grab(0)[:, 160:1120]  # 4:3 source pillarboxed into 16:9
        assert read_frame_index(picture) == first_start


def test_export_refuses_a_reel_that_became_unsafe(cli: Cli, sqlite_url, coded, tmp_path):
    visit, pass_id, _fmap = coded
    db = ("--db", sqlite_url)
    reel = int(cli("reel", "create", visit, "--from-codes", "NUR", "--coder", "Ana", *db).out)
    with Database.open(sqlite_url) as database, database.uow() as uow:
        uow.annotations.add(annotation(pass_id, 21, "FR"))  # a concern coded inside the clip later
        uow.commit()
    out = tmp_path / "reel.mp4"
    refused = cli("reel", "export", reel, "--out", out, *db)
    assert refused.code == 1
    assert "refused" in refused.error_line
    assert not out.exists() and not list(out.parent.glob(".*.part"))


# ---- the stored media facts are the only authority (issue 11 §4) ----


def _replace_with_other_take(source: Path, tmp_path: Path) -> None:
    """The same name, other content: the scene re-encoded with 5 more frames at the front,
    so every stored frame number would now show a picture 5 frames earlier."""
    other = make_counter_video(tmp_path / "other-take.mp4", frames=80, fps=25, gop=10)
    source.write_bytes(other.read_bytes())


def test_export_refuses_a_recording_whose_file_was_replaced(cli: Cli, sqlite_url, coded, tmp_path):
    visit, _pass, _fmap = coded
    db = ("--db", sqlite_url)
    reel = int(cli("reel", "create", visit, "--from-codes", "NUR", "--coder", "Ana", *db).out)
    source = tmp_path / "visit.mp4"
    kept = source.read_bytes()
    _replace_with_other_take(source, tmp_path)
    out = tmp_path / "reel.mp4"
    for mode in ("exact", "fast"):
        refused = cli("reel", "export", reel, "--out", out, "--mode", mode, *db)
        assert refused.code == 1
        line = refused.error_line
        assert "recording 1 (F-0100 visit 1)" in line and "has changed" in line, line
        assert "Find moved recording" in line and "vfcoach relink 1" in line, line
        assert not out.exists() and not list(out.parent.glob(".*.part"))
    # the original, moved elsewhere and found again by relink, exports as before
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "moved.mp4").write_bytes(kept)
    assert cli("relink", 1, archive, *db).code == 0
    done = cli("reel", "export", reel, "--out", out, *db)
    assert done.code == 0, done.err
    assert out.exists()


def test_export_follows_the_reels_caption_placement(cli: Cli, sqlite_url, coded, tmp_path):
    from vfcoach.coding.reels import ReelId
    from vfcoach.services.reels.caption_place import set_caption_place

    visit, _pass, _fmap = coded
    db = ("--db", sqlite_url)
    reel = int(cli("reel", "create", visit, "--from-codes", "NUR", "--coder", "Ana", *db).out)
    with Database.open(sqlite_url) as database:
        set_caption_place(database, ReelId(reel), "subtitles", Actor("Ana"))  # chosen in the app
    out = tmp_path / "reel.mp4"
    done = cli("reel", "export", reel, "--out", out, "--mode", "fast", *db)
    assert done.code == 0, done.err
    with av.open(str(out)) as container:
        assert any(s.type == "subtitle" for s in container.streams)  # under, not burned in
    bare = tmp_path / "bare.mp4"
    assert cli("reel", "export", reel, "--out", bare, "--captions", "none", *db).code == 0
    with av.open(str(bare)) as container:
        assert not any(s.type == "subtitle" for s in container.streams)  # the option wins
