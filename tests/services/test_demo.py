"""The demo family: created once with two coded visits, then found again, never duplicated."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.services.conftest import DEMO_SECONDS
from vfcoach.coding.annotation_csv import format_csv, parse_csv
from vfcoach.coding.scheme import CodeKind
from vfcoach.services.demo.project import DEMO_FAMILY, DemoProjectOperation, demo_video_name
from vfcoach.services.recordings.media_source import load_media_source
from vfcoach.storage.database import Database
from vfcoach.video.sealed import is_sealed


def copy_media(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def test_demo_creates_two_coded_visits(
    sqlite_db: Database, demo_media: Path, tmp_path: Path
) -> None:
    media = copy_media(demo_media, tmp_path / "media")
    mtime = (media / demo_video_name(DEMO_SECONDS)).stat().st_mtime_ns
    seen: list[float] = []
    demo = DemoProjectOperation(sqlite_db, media, seconds=DEMO_SECONDS).run(
        progress=lambda done, _msg: seen.append(done)
    )
    assert demo.created and seen[-1] == 1.0
    assert (media / demo_video_name(DEMO_SECONDS)).stat().st_mtime_ns == mtime  # reused
    assert len(demo.visit_ids) == 2 and len(demo.recording_ids) == 2 and len(demo.pass_ids) == 2
    with sqlite_db.uow() as uow:
        family = uow.families.get(demo.family_id)
        assert family.code == DEMO_FAMILY and family.programme == "ABC"
        assert [v.number for v in uow.visits.for_family(family.id)] == [1, 2]
        assert all(v.date is not None for v in uow.visits.for_family(family.id))
        assert uow.coders.get_or_create("Demo coach").id == demo.coder_id
        first = uow.annotations.for_pass(demo.pass_id)
        second = uow.annotations.for_pass(demo.pass_ids[1])
        coding_pass = uow.passes.get(demo.pass_id)
        scheme = uow.schemes.get(coding_pass.scheme_id)
        frame_map = uow.recordings.frame_map(demo.recording_ids[0])
    assert scheme.name == "abc-style"
    assert 20 <= len(first) <= 30 and 3 <= len(second) < len(first)
    keys = {a.code_key for a in first}
    assert {"C_DIS", "NUR", "FTL", "INT", "DEL", "FR", "ITM"} <= keys
    assert any(a.modifier("subtype") for a in first if a.code_key == "FR")
    itms = [a for a in first if a.code_key == "ITM"]
    assert all(a.modifier("target") and a.modifier("valence") for a in itms)
    ids = {a.id for a in first}
    assert any(a.trigger in ids for a in itms) and any(a.note for a in first)
    states = [a for a in first if scheme.code(a.code_key).kind is CodeKind.STATE]
    assert all(a.offset is not None for a in states)
    # the pass is valid import material: exported and re-read, every rule holds
    again = parse_csv(format_csv(first, scheme), scheme, frame_map, demo.pass_id)
    assert [(a.code_key, a.onset, a.offset) for a in again] == [
        (a.code_key, a.onset, a.offset) for a in sorted(first, key=lambda a: a.sort_key())
    ]


def test_demo_is_idempotent(sqlite_db: Database, demo_media: Path, tmp_path: Path) -> None:
    media = copy_media(demo_media, tmp_path / "media")
    op = DemoProjectOperation(sqlite_db, media, seconds=DEMO_SECONDS)
    first = op.run()
    with sqlite_db.uow() as uow:
        counts = [uow.annotations.count_for_pass(p) for p in first.pass_ids]
    second = DemoProjectOperation(sqlite_db, media, seconds=DEMO_SECONDS).run()
    assert not second.created
    assert (second.family_id, second.visit_ids, second.recording_ids) == (
        first.family_id,
        first.visit_ids,
        first.recording_ids,
    )
    assert (second.coder_id, second.pass_ids) == (first.coder_id, first.pass_ids)
    with sqlite_db.uow() as uow:
        assert len(uow.families.list()) == 1
        assert [uow.annotations.count_for_pass(p) for p in first.pass_ids] == counts


def test_demo_video_made_again_when_it_vanished(
    sqlite_db: Database, demo_media: Path, tmp_path: Path
) -> None:
    media = copy_media(demo_media, tmp_path / "media")
    demo = DemoProjectOperation(sqlite_db, media, seconds=DEMO_SECONDS).run()
    with sqlite_db.uow() as uow:
        (stored,) = {uow.recordings.get(r).media_path for r in demo.recording_ids}
    assert is_sealed(stored)  # the demo's video is in the encrypted store like any other
    Path(stored).unlink()
    (media / demo_video_name(DEMO_SECONDS)).unlink()
    elsewhere = tmp_path / "other-media"
    again = DemoProjectOperation(sqlite_db, elsewhere, seconds=DEMO_SECONDS).run()
    assert again.recording_ids == demo.recording_ids
    assert (elsewhere / demo_video_name(DEMO_SECONDS)).is_file()  # made again there
    with sqlite_db.uow() as uow:
        paths = {uow.recordings.get(r).media_path for r in demo.recording_ids}
    (path,) = paths
    assert path != stored and is_sealed(path) and Path(path).is_file()
    assert load_media_source(sqlite_db, demo.recording_ids[0]).media_info().frame_count > 0
