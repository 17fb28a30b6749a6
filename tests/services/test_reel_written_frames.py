"""No moment of concern reaches a caregiver through the frames a file really shows (issue 10).

The source has keyframes 10 s apart (frames 0 and 250, as phones record), a frightening
moment (`FR`, frame 260) and a nurturing one (`NUR`, frame 410) 6 s later. A fast copy of
the NUR clip (385..435 with 1 s of padding) would start at keyframe 250 and show the FR;
every path that puts that moment into a reel (suggest, add event, add range, override,
recode after, exact mode) is exported and EVERY frame of the file is decoded and its burned-in
index read back, so the test sees what a caregiver would see, not what the plan says.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest

from tests.actors import who
from tests.consent_helpers import agree
from tests.video.export.reading import index_of
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId, RecordingId, VisitId, new_annotation_id
from vfcoach.coding.reels import ClipOverride, Reel, ReelRefused
from vfcoach.coding.reels.safety import HELD
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import ExportReelOperation
from vfcoach.services.reels.override import OverrideClipOperation
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database
from vfcoach.video.export import ExportOptions, ExportReport

FR_FRAME, NUR_FRAME = 260, 410  # 10.4 s and 16.4 s: the FR is 6 s before the NUR
NUR_CLIP = (385, 435)  # NUR with the default 1 s pre- and post-roll at 25 fps
SOURCE_SIZE = (160, 120)
FAST = ExportOptions(mode="fast", width=320, height=240, captions="none")
EXACT = ExportOptions(mode="exact", width=320, height=240, captions="none")


@dataclass(frozen=True)
class World:
    db: Database
    visit_id: VisitId
    recording_id: RecordingId
    pass_id: PassId
    fmap: FrameMap

    def code(self, frame: int, key: str, offset: int | None = None) -> Annotation:
        a = Annotation(
            new_annotation_id(),
            self.pass_id,
            key,
            self.fmap.moment(frame),
            None if offset is None else self.fmap.moment(offset),
        )
        with self.db.uow() as uow:
            uow.annotations.add(a)
            uow.commit()
        return a

    def empty_reel(self, **kw: object) -> Reel:
        return CreateReelOperation(self.db, self.visit_id, **kw).run().reel  # type: ignore[arg-type]

    def add_range(self, reel: Reel, first: int, last: int, **kw: object) -> Reel:
        assert reel.id is not None
        op = AddClipOperation(
            self.db, reel.id, None, self.recording_id, first, last, "You held her close.", **kw
        )  # type: ignore[arg-type]
        return op.run().reel

    def padded(self, reel: Reel, n: int = 0) -> tuple[int, int]:
        """Clip n's frames as chosen: the in and out point with their padding."""
        clip = reel.clips[n]
        return self.fmap.at_ms(clip.padded_start_ms), self.fmap.at_ms(clip.padded_end_ms)

    def export(
        self, reel: Reel, target: Path, options: ExportOptions, viewer: str | None = None
    ) -> ExportReport:
        assert reel.id is not None
        return ExportReelOperation(
            self.db, reel.id, target, options, actor=who(self.db, viewer)
        ).run()


def make_world(db: Database, source: Path, tmp_path: Path) -> World:
    copy = tmp_path / "visit-long-gop.mp4"
    copy.write_bytes(source.read_bytes())
    rec = ImportRecordingOperation(db, copy, "F-0100").run()
    agree(db, "F-0100")  # caregiver reels: the family agreed to caregiver viewing
    with db.uow() as uow:
        assert rec.scheme_id is not None
        coder = uow.coders.get_or_create("Ana")
        cpass = uow.passes.get_or_create(rec.id, coder.id, rec.scheme_id)
        fmap = uow.recordings.frame_map(rec.id)
        uow.commit()
    return World(db, rec.visit_id, rec.id, cpass.id, fmap)


@pytest.fixture
def world(sqlite_db: Database, long_gop_video: Path, tmp_path: Path) -> World:
    return make_world(sqlite_db, long_gop_video, tmp_path)


def shown_frames(path: Path) -> list[int]:
    """The burned-in source index of EVERY frame of the file, in playing order."""
    out: list[int] = []
    with av.open(str(path)) as container:
        for frame in container.decode(container.streams.video[0]):
            rgb = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
            index = index_of(rgb, SOURCE_SIZE)
            assert index is not None, f"frame {len(out)} of {path.name} has no readable index"
            out.append(index)
    return out


def assert_cut_exactly(report: ExportReport, frames: list[int], clip: tuple[int, int]) -> None:
    """The fast export fell back to exact, said why, and shows only the clip's own frames."""
    assert report.mode == "exact"
    assert any("from its keyframe" in w for w in report.warnings), report.warnings
    assert frames, "the reel is empty"
    assert min(frames) >= clip[0] and max(frames) <= clip[1], (min(frames), max(frames))


def test_suggested_clip_fast_mode_never_shows_the_fr_on_its_lead_in(world: World, tmp_path):
    world.code(FR_FRAME, "FR")
    world.code(NUR_FRAME, "NUR")
    reel = world.empty_reel(from_codes=["NUR"], coder_name="Ana")
    assert world.padded(reel)[0] == NUR_CLIP[0]  # the suggestion's story runs on after it
    report = world.export(reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames
    assert_cut_exactly(report, frames, world.padded(reel))
    assert "FR at" in " ".join(report.warnings)  # the coach is told what the lead-in held


def test_a_clean_lead_in_stays_a_fast_copy(world: World, tmp_path):
    world.code(FR_FRAME, "FR")
    world.code(NUR_FRAME, "NUR")
    early = world.code(30, "DEL")
    reel = world.empty_reel(from_codes=["DEL"], coder_name="Ana")
    assert [c.annotation_id for c in reel.clips] == [early.id]
    report = world.export(reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert report.mode == "fast" and frames[0] == 0  # keyframe 0: 5 harmless frames early
    assert FR_FRAME not in frames


def test_added_event_in_a_mixed_reel_makes_the_whole_reel_exact(world: World, tmp_path):
    world.code(FR_FRAME, "FR")
    nur = world.code(NUR_FRAME, "NUR")
    world.code(30, "DEL")
    reel = world.empty_reel(from_codes=["DEL"], coder_name="Ana")
    assert reel.id is not None
    reel = AddClipOperation(world.db, reel.id, annotation_id=nur.id, caption="You held her.").run()
    assert world.padded(reel.reel, 1) == NUR_CLIP  # an added event: just the moment, padded
    report = world.export(reel.reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames and 30 in frames
    assert report.mode == "exact"
    assert any("clip 2 would show frames 250.." in w for w in report.warnings), report.warnings
    first = world.padded(reel.reel, 0)
    assert all(first[0] <= f <= first[1] or NUR_CLIP[0] <= f <= NUR_CLIP[1] for f in frames)


def test_added_range_fast_mode_never_shows_the_fr(world: World, tmp_path):
    world.code(FR_FRAME, "FR")
    reel = world.add_range(world.empty_reel(), 400, 425)
    report = world.export(reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and 400 in frames
    assert_cut_exactly(report, frames, (375, 450))


def test_an_overridden_clip_still_never_shows_the_fr_on_its_lead_in(world: World, tmp_path):
    world.code(FR_FRAME, "FR")
    world.code(420, "OVW")  # a concern inside the clip, which the coach keeps on override
    reel = world.empty_reel()
    with pytest.raises(ReelRefused, match="OVW"):
        world.add_range(reel, 400, 425)
    why = ClipOverride("she asked to see this moment again", "coach-a")
    reel = world.add_range(reel, 400, 425, override=why)
    report = world.export(reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and 420 in frames
    assert_cut_exactly(report, frames, (375, 450))
    with pytest.raises(ReelRefused, match="never applies"):  # the FR itself: never, override or not
        world.add_range(reel, 255, 265, override=why)
    assert reel.id is not None
    with pytest.raises(ReelRefused):
        OverrideClipOperation(
            world.db, reel.id, 1, "she asked to see it again", who(world.db, "coach-a")
        ).run()


def test_a_moment_recoded_as_a_concern_after_the_clip_was_added(world: World, tmp_path):
    earlier = world.code(300, "DEL")  # harmless when the clip was added
    nur = world.code(NUR_FRAME, "NUR")
    reel = world.empty_reel(from_codes=["NUR"], coder_name="Ana")
    with world.db.uow() as uow:  # the lead-in moment recoded as overwhelming
        uow.annotations.update(dataclasses.replace(earlier, code_key="OVW"))
        uow.commit()
    report = world.export(reel, tmp_path / "lead.mp4", FAST)
    frames = shown_frames(tmp_path / "lead.mp4")
    assert 300 not in frames and NUR_FRAME in frames
    assert_cut_exactly(report, frames, world.padded(reel))
    with world.db.uow() as uow:  # the clip's own moment recoded as frightening
        uow.annotations.update(dataclasses.replace(nur, code_key="FR"))
        uow.commit()
    for options in (FAST, EXACT):
        with pytest.raises(ReelRefused, match="FR at"):
            world.export(reel, tmp_path / "refused.mp4", options)
        assert not (tmp_path / "refused.mp4").exists()


def test_a_concern_on_the_b_frame_tail_is_never_copied(world: World, tmp_path):
    world.code(NUR_FRAME, "NUR")
    world.code(438, "OVW")  # just after the out-point, on a frame the copy's tail includes
    reel = world.empty_reel(pre_ms=0, post_ms=0)
    reel = world.add_range(reel, 250, 436)  # starts on the keyframe: no lead-in at all
    report = world.export(reel, tmp_path / "reel.mp4", FAST)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert 438 not in frames and 436 in frames
    assert_cut_exactly(report, frames, (250, 436))


def test_exact_mode_shows_only_the_clip(world: World, tmp_path):
    world.code(FR_FRAME, "FR")
    world.code(NUR_FRAME, "NUR")
    reel = world.empty_reel(from_codes=["NUR"], coder_name="Ana")
    report = world.export(reel, tmp_path / "reel.mp4", EXACT)
    frames = shown_frames(tmp_path / "reel.mp4")
    assert report.mode == "exact" and not report.warnings
    assert FR_FRAME not in frames and NUR_FRAME in frames
    first, last = world.padded(reel)
    assert min(frames) >= first and max(frames) <= last


def test_another_coders_hidden_moment_on_the_lead_in_holds_the_reel_until_both_submit(
    world: World, tmp_path
):
    """Blind double coding: Ben's hidden FR on the lead-in is never named to Ana and the reel
    is held (no file); once both have submitted, the fast copy is cut exactly around it."""
    world.code(NUR_FRAME, "NUR")
    AssignOperation(world.db, world.recording_id, "Ben", actor=who(world.db, "Sue")).run()
    ben = start_coding(world.db, world.recording_id, who(world.db, "Ben")).coding_pass.id
    with world.db.uow() as uow:
        uow.annotations.add(Annotation(new_annotation_id(), ben, "FR", world.fmap.moment(FR_FRAME)))
        uow.commit()
    reel = world.empty_reel(from_codes=["NUR"], coder_name="Ana", actor=who(world.db, "Ana"))
    with pytest.raises(ReelRefused) as held:
        world.export(reel, tmp_path / "held.mp4", FAST, viewer="Ana")
    said = " ".join(p.message for p in held.value.problems)
    assert HELD in said and "FR" not in said and "00:00:10" not in said
    assert not (tmp_path / "held.mp4").exists()
    SubmitPassOperation(world.db, world.recording_id, "Ana").run()
    SubmitPassOperation(world.db, world.recording_id, "Ben").run()
    report = world.export(reel, tmp_path / "reel.mp4", FAST, viewer="Ana")
    frames = shown_frames(tmp_path / "reel.mp4")
    assert FR_FRAME not in frames and NUR_FRAME in frames
    assert_cut_exactly(report, frames, world.padded(reel))


def test_an_exact_cut_whose_first_frame_shows_a_concern_is_refused(
    sqlite_db: Database, vfr_video: Path, tmp_path
):
    """Variable frame rate: the frame shown at the padded start began before it."""
    world = make_world(sqlite_db, vfr_video, tmp_path)
    fmap = world.fmap
    start = next(
        s
        for s in range(30, fmap.frame_count)
        if fmap.ms_at(fmap.at_ms(fmap.ms_at(s) - 1000)) < fmap.ms_at(s) - 1000
    )
    first = fmap.at_ms(fmap.ms_at(start) - 1000)  # shown from before the padded start
    world.code(first, "OVW")
    reel = world.add_range(world.empty_reel(), start, start + 3)  # the ms check misses it
    assert world.padded(reel)[0] == first
    for options in (EXACT, FAST):
        with pytest.raises(ReelRefused, match="first or last frame shows OVW"):
            world.export(reel, tmp_path / "reel.mp4", options)
        assert not (tmp_path / "reel.mp4").exists()
