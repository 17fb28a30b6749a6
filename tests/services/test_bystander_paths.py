"""A flagged bystander span never leaves vfcoach in a reel (domain.md §7.4), on every path.

Mirrors the concern rule's tests (test_reels.py, test_reel_written_frames.py): each way a
moment can get into a reel is tried against a flagged span (suggest, add an event, add a
range, trim, override, a span flagged after the clip was made, coach-view reels, exact and
fast export, the CLI export) and the fidelity draw. The decision, as the README says: a clip
touching a flagged span is REFUSED with a plain message (never cut silently); the coach
trims it or removes it. A fast copy whose keyframe lead-in would show the span is cut
exactly, and every frame of the file is decoded to prove the span is not in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.actors import who
from tests.cli.conftest import Cli, cli  # noqa: F401  (fixture)
from tests.services.test_fidelity_operations import add_coder, stored_clips
from tests.services.test_reel_written_frames import FAST, World, make_world, shown_frames
from tests.services.test_tally_operations import MIN, make_recording
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.reels import Audience, Reel, ReelRefused
from vfcoach.services.bystanders import (
    FLAGGED,
    UNFLAGGED,
    FlagBystanderOperation,
    UnflagBystanderOperation,
    bystander_spans,
)
from vfcoach.services.reels.clip_edits import TrimClipOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.override import OverrideClipOperation
from vfcoach.services.tally.fidelity import DrawFidelityClipsOperation
from vfcoach.storage.database import Database
from vfcoach.video.export import ExportOptions

SPAN = (260, 280)  # frames 10.4 s to 11.2 s show a neighbour who did not consent
EXACT = ExportOptions(mode="exact", width=320, height=240, captions="none")
BYSTANDER = "bystander who has not consented"


def flag(world: World, first: int = SPAN[0], last: int = SPAN[1]) -> int:
    span = FlagBystanderOperation(
        world.db, world.recording_id, world.fmap.ms_at(first), world.fmap.ms_at(last),
        "neighbour at the door", who(world.db, "Ana"),
    ).run()  # fmt: skip
    assert span.id is not None
    return span.id


def clip_count(world: World, reel: Reel) -> int:
    assert reel.id is not None
    with world.db.uow() as uow:
        return len(uow.reels.get(reel.id).clips)


@pytest.fixture
def world(db: Database, long_gop_video: Path, tmp_path: Path) -> World:
    return make_world(db, long_gop_video, tmp_path)


@pytest.fixture
def sqlite_world(sqlite_db: Database, long_gop_video: Path, tmp_path: Path) -> World:
    return make_world(sqlite_db, long_gop_video, tmp_path)


def test_a_flag_snaps_to_frames_is_listed_and_audited_with_times_only(world: World):
    span_id = flag(world)
    (span,) = bystander_spans(world.db, world.recording_id)
    assert (span.start.frame, span.end.frame) == SPAN and span.flagged_by == "Ana"
    UnflagBystanderOperation(world.db, span_id, who(world.db, "Ana")).run()
    assert bystander_spans(world.db, world.recording_id) == []
    with world.db.uow() as uow:
        events = [e for e in uow.audit.list() if e.action in (FLAGGED, UNFLAGGED)]
    assert [e.action for e in events] == [FLAGGED, UNFLAGGED]
    assert all("neighbour" not in str(e.detail) for e in events)  # a note may describe someone


def test_a_span_outside_the_recording_is_refused_and_nothing_is_stored(world: World):
    with pytest.raises(InvalidTime, match="outside the recording"):
        FlagBystanderOperation(world.db, world.recording_id, 99_000, 99_500).run()
    assert bystander_spans(world.db, world.recording_id) == []


def test_adding_a_range_or_an_event_over_a_span_is_refused(world: World):
    nur = world.code(270, "NUR")
    flag(world)
    reel = world.empty_reel()
    assert reel.id is not None
    with pytest.raises(ReelRefused, match=BYSTANDER):
        world.add_range(reel, 200, 262)
    with pytest.raises(ReelRefused, match=BYSTANDER):
        AddClipOperation(world.db, reel.id, annotation_id=nur.id, caption="You held her.").run()
    assert clip_count(world, reel) == 0
    world.add_range(reel, 100, 200)  # 1 s padding each side: ends at frame 225, clear of it


def test_trimming_a_clip_into_a_span_is_refused(world: World):
    flag(world)
    reel = world.add_range(world.empty_reel(), 320, 350)  # padded from 295: clear of 280
    assert reel.id is not None
    with pytest.raises(ReelRefused, match=BYSTANDER):
        TrimClipOperation(world.db, reel.id, reel.clips[0].id, start_frame=290).run()
    with world.db.uow() as uow:
        assert uow.reels.get(reel.id).clips[0].start.frame == 320  # unchanged


def test_suggestions_pass_over_a_strength_inside_a_span(world: World):
    world.code(270, "NUR")
    outside = world.code(420, "NUR")
    flag(world)
    reel = world.empty_reel(from_codes=["NUR"], coder_name="Ana")
    assert [c.annotation_id for c in reel.clips] == [outside.id]


def test_no_override_lets_a_bystander_in(world: World):
    reel = world.add_range(world.empty_reel(), 300, 350)
    assert reel.id is not None
    flag(world)
    reason = "we discussed this moment with her"
    with pytest.raises(ReelRefused, match="nothing an override can lift"):
        OverrideClipOperation(world.db, reel.id, 1, reason, who(world.db, "Ana")).run()


@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("options", [EXACT, FAST], ids=["exact", "fast"])
def test_a_span_flagged_after_the_clip_was_made_refuses_the_next_export(
    sqlite_world: World, tmp_path: Path, audience: Audience, options: ExportOptions
):
    world = sqlite_world
    reel = world.add_range(world.empty_reel(audience=audience), 300, 350)
    span_id = flag(world, 320, 330)
    out = tmp_path / "reel.mp4"
    with pytest.raises(ReelRefused, match=f"clip 1: the clip shows a {BYSTANDER}"):
        world.export(reel, out, options)
    assert not out.exists() and not list(tmp_path.glob(".*.part"))
    UnflagBystanderOperation(world.db, span_id).run()  # unflagged: the same reel exports
    world.export(reel, out, options)
    assert 325 in shown_frames(out)


def test_a_fast_copy_never_shows_a_span_on_its_keyframe_lead_in(sqlite_world: World, tmp_path):
    world = sqlite_world
    flag(world, 255, 270)  # just after keyframe 250; the clip 400..425 pads to 375..450
    reel = world.add_range(world.empty_reel(), 400, 425)
    report = world.export(reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert report.mode == "exact" and BYSTANDER in " ".join(report.warnings)
    assert not any(255 <= f <= 270 for f in frames) and 400 in frames


def test_the_cli_export_refuses_in_one_line(
    cli: Cli,  # noqa: F811
    sqlite_url: str,
    long_gop_video: Path,
    tmp_path: Path,
):
    with Database.open(sqlite_url) as db:
        world = make_world(db, long_gop_video, tmp_path)
        reel = world.add_range(world.empty_reel(), 300, 350)
    db_arg = ("--db", sqlite_url)
    flagged = cli("bystander", "flag", world.recording_id, "--from", "12.8", "--to", "13.2",
                  "--note", "visitor", "--as", "Ana", *db_arg)  # fmt: skip
    assert flagged.code == 0, flagged.err
    listed = cli("bystander", "list", world.recording_id, *db_arg)
    assert "00:00:12.800 to 00:00:13.200\tvisitor" in listed.out
    out = tmp_path / "reel.mp4"
    refused = cli("reel", "export", reel.id, "--out", out, *db_arg)
    assert refused.code == 1 and BYSTANDER in refused.error_line
    assert not out.exists()


def test_a_fidelity_draw_leaves_flagged_time_out(sqlite_db: Database):
    rid = make_recording(sqlite_db, minutes=12)
    add_coder(sqlite_db)
    FlagBystanderOperation(sqlite_db, rid, 1 * MIN, 10 * MIN).run()  # 0..1 and 10..12 left
    for seed in range(5):  # every draw, wherever it lands, misses the flagged nine minutes
        DrawFidelityClipsOperation(sqlite_db, rid, "Ana", 1, length_min=1.0, seed=seed).run()
        clips = stored_clips(sqlite_db)
        assert all(end <= 1 * MIN or start > 10 * MIN for start, end in clips), clips
        with sqlite_db.uow() as uow:  # drawn clips are excluded from the next draw: reset
            for p in uow.passes.for_recording(rid):
                for a in uow.annotations.for_pass(p.id):
                    uow.annotations.remove(a.id)
            uow.commit()
