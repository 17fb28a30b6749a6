"""Blind double coding does not leak through reels or session counts (issue 6 §1), both backends.

Ana coded the recording (the coach's primary pass: NUR, NUR, ITM); Ben is assigned to code
it again blind. Until both have submitted, nothing Ana does with reels may tell her which
code Ben placed where, though his moments of concern still keep clips out of her reels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from tests.operations.test_double_coding import coded
from tests.storage.conftest import annotation
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.reels import Audience, Problem, ReelId, ReelRefused
from vfcoach.coding.reels.safety import HIDDEN_MOMENT
from vfcoach.storage.database import Database
from vfcoach.ui.operations.double_coding import SubmitPassOperation
from vfcoach.ui.operations.reel_moments import AddMomentsOperation, NewReelOperation
from vfcoach.ui.operations.reel_override import OverrideClipOperation
from vfcoach.ui.operations.reels import AddClipOperation, UpdateClipOperation, load_reel_for_export
from vfcoach.ui.operations.reliability_plan import AssignOperation
from vfcoach.ui.operations.sessions import list_sessions
from vfcoach.ui.session_loader import open_recording

CLOCK = re.compile(r"\d\d:\d\d:\d\d")
REASON = "she asked to see this moment again"


@dataclass(frozen=True)
class World:
    rec: RecordingId
    ben_pass: PassId
    reel: ReelId


@pytest.fixture
def world(db: Database) -> World:
    (rec,) = coded(db, "Ana", 1, "F-1")
    AssignOperation(db, rec, "Ben", by="Sue").run()
    ben_pass = open_recording(db, rec, "Ben").coding_pass.id
    with db.uow() as uow:
        visit_id = uow.recordings.get(rec).visit_id
    reel = NewReelOperation(db, visit_id, "For Mia", Audience.CAREGIVER, "Ana").run().reel
    assert reel.id is not None
    return World(rec, ben_pass, reel.id)


def ben_codes(db: Database, world: World, frame: int, key: str) -> AnnotationId:
    a = annotation(world.ben_pass, frame, key)
    with db.uow() as uow:
        uow.annotations.add(a)
        uow.commit()
    return a.id


def add_range(db: Database, world: World, viewer: str | None, first: int = 140) -> None:
    AddClipOperation(db, world.reel, None, world.rec, first, first + 20, "You waited.",
                     actor=viewer or "vfcoach", viewer=viewer).run()  # fmt: skip


def refusal(db: Database, world: World, viewer: str | None) -> list[str]:
    with pytest.raises(ReelRefused) as refused:
        add_range(db, world, viewer)
    return [p.message for p in refused.value.problems]


def assert_masked(messages: list[str] | tuple[Problem, ...], *codes: str) -> None:
    texts = [m if isinstance(m, str) else m.message for m in messages]
    assert texts and any(HIDDEN_MOMENT in t for t in texts), texts
    for t in texts:
        assert not CLOCK.search(t), t
        assert all(code not in t for code in codes), t


def test_a_clip_near_the_other_coders_hidden_ovw_is_refused_without_naming_it(
    db: Database, world: World
) -> None:
    ben_codes(db, world, 150, "OVW")  # 00:00:06.000, under a clip at 140-160
    assert_masked(refusal(db, world, "Ana"), "OVW", "Overwhelming")
    assert_masked(refusal(db, world, None), "OVW")  # nobody named: all but the coach's hidden
    assert_masked(refusal(db, world, "Cleo"), "OVW")  # not a coder of it
    assert any("OVW at 00:00:06.000" in m for m in refusal(db, world, "Ben"))  # his own
    with db.uow() as uow:
        sue = uow.coders.get_or_create("Sue")
        uow.coders.set_role(sue.id, CoderRole.SUPERVISOR)
        uow.commit()
    assert any("OVW at 00:00:06.000" in m for m in refusal(db, world, "Sue"))
    SubmitPassOperation(db, world.rec, "Ana").run()
    assert_masked(refusal(db, world, "Ana"), "OVW")  # Ben has not submitted yet
    SubmitPassOperation(db, world.rec, "Ben").run()
    assert any("OVW at 00:00:06.000" in m for m in refusal(db, world, "Ana"))
    with db.uow() as uow:
        assert uow.reels.get(world.reel).clips == ()  # every refusal changed nothing


def test_a_hidden_concern_can_be_overridden_and_trimmed_onto_another_is_refused(
    db: Database, world: World
) -> None:
    add_range(db, world, "Ana")  # clean when added
    ben_codes(db, world, 150, "OVW")
    with pytest.raises(ReelRefused) as at_export:
        load_reel_for_export(db, world.reel, "Ana")
    assert_masked(at_export.value.problems, "OVW")
    kept = OverrideClipOperation(db, world.reel, 1, REASON, "Ana").run()
    assert kept.reel.clips[0].override is not None
    assert_masked(kept.warnings, "OVW")
    assert load_reel_for_export(db, world.reel, "Ana").reel.clips[0].override is not None
    # A second hidden moment reads exactly like the first; it is still another moment.
    ben_codes(db, world, 190, "INT")
    clip_id = kept.reel.clips[0].id
    with pytest.raises(ReelRefused) as trimmed:
        UpdateClipOperation(db, world.reel, clip_id, end_frame=175, viewer="Ana").run()
    messages = [p.message for p in trimmed.value.problems]
    assert "the override by Ana was cleared" in messages[0]
    assert_masked(trimmed.value.problems, "OVW", "INT")
    with db.uow() as uow:
        assert uow.reels.get(world.reel).clips[0].end.frame == 160  # nothing changed


def test_a_hidden_fr_is_never_overridden_and_never_named(db: Database, world: World) -> None:
    add_range(db, world, "Ana")
    ben_codes(db, world, 150, "FR")
    with pytest.raises(ReelRefused) as refused:
        OverrideClipOperation(db, world.reel, 1, REASON, "Ana").run()
    (problem,) = refused.value.problems
    assert "an override never applies to this moment" in problem.message
    assert_masked([problem.message], "FR", "Frightening")
    with db.uow() as uow:
        assert uow.reels.get(world.reel).clips[0].override is None


def test_choosing_the_other_coders_event_names_neither_it_nor_its_time(
    db: Database, world: World
) -> None:
    ovw = ben_codes(db, world, 150, "OVW")
    for viewer in ("Ana", None):
        result = AddMomentsOperation(db, world.reel, [ovw], viewer or "vfcoach", viewer).run()
        (refused,) = result.refused
        assert not result.added and refused.label == f"event {ovw}"
        for text in (refused.label, *refused.reasons):
            assert "OVW" not in text and not CLOCK.search(text), text
    own = AddMomentsOperation(db, world.reel, [ovw], "Ben", "Ben").run().refused[0]
    assert own.label == "OVW at 00:00:06.000"  # Ben may read his own event


def test_session_counts_leave_out_the_passes_the_asker_may_not_read(
    db: Database, world: World
) -> None:
    ben_codes(db, world, 150, "OVW")
    ben_codes(db, world, 190, "INT")

    def count(viewer: str | None) -> int:
        (row,) = list_sessions(db, viewer)
        return row.annotation_count

    assert (count("Ana"), count("Ben"), count(None), count("Cleo")) == (3, 2, 3, 0)
    with db.uow() as uow:
        sue = uow.coders.get_or_create("Sue")
        uow.coders.set_role(sue.id, CoderRole.SUPERVISOR)
        uow.commit()
    assert count("Sue") == 5
    SubmitPassOperation(db, world.rec, "Ana").run()
    SubmitPassOperation(db, world.rec, "Ben").run()
    assert (count("Ana"), count("Ben"), count(None)) == (5, 5, 5)
