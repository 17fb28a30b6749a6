"""Blind double coding does not leak through reels or session counts (issue 6 §1; issue 10,
item 3), both backends.

Ana coded the recording (the coach's primary pass: NUR, NUR, ITM); Ben is assigned to code
it again blind. Until both have submitted, nothing Ana does with reels may tell her which
code Ben placed where: a clip on the recording is *held*, the same reply wherever Ben's
moments are, and no held clip is exported; once both have submitted, every pass is judged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pytest

from tests.actors import who
from tests.services.test_double_coding import coded
from tests.storage.conftest import annotation, moment
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.reels import Audience, ClipOverride, Problem, ReelId, ReelRefused
from vfcoach.coding.reels.safety import HELD
from vfcoach.services.access import WhoIsAskingRequired
from vfcoach.services.annotations.submit import SubmitPassOperation, SubmitRefused
from vfcoach.services.recordings.browse import list_sessions
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reels.clip_edits import TrimClipOperation
from vfcoach.services.reels.clips import AddClipOperation, load_reel_for_export
from vfcoach.services.reels.moments import AddMomentsOperation, NewReelOperation
from vfcoach.services.reels.override import OverrideClipOperation
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database

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
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    ben_pass = start_coding(db, rec, who(db, "Ben")).coding_pass.id
    with db.uow() as uow:
        visit_id = uow.recordings.get(rec).visit_id
    reel = NewReelOperation(db, visit_id, "For Mia", Audience.CAREGIVER, who(db, "Ana")).run().reel
    assert reel.id is not None
    return World(rec, ben_pass, reel.id)


def ben_codes(db: Database, world: World, frame: int, key: str) -> AnnotationId:
    a = annotation(world.ben_pass, frame, key)
    with db.uow() as uow:
        uow.annotations.add(a)
        uow.commit()
    return a.id


def add_range(
    db: Database, world: World, viewer: str | None, first: int = 140
) -> tuple[Problem, ...]:
    return AddClipOperation(db, world.reel, None, world.rec, first, first + 20, "You waited.",
                            actor=who(db, viewer), ).run().warnings  # fmt: skip


def refusal(db: Database, world: World, viewer: str | None) -> list[str]:
    with pytest.raises(ReelRefused) as refused:
        add_range(db, world, viewer)
    return [p.message for p in refused.value.problems]


def assert_held(messages: list[str] | tuple[Problem, ...], *codes: str) -> None:
    texts = [m if isinstance(m, str) else m.message for m in messages]
    assert texts and any(HELD in t for t in texts), texts
    for t in texts:
        assert not CLOCK.search(t), t
        assert all(code not in t for code in codes), t


def supervisor(db: Database, name: str = "Sue") -> None:
    with db.uow() as uow:
        uow.coders.set_role(uow.coders.get_or_create(name).id, CoderRole.SUPERVISOR)
        uow.commit()


def clear(db: Database, world: World) -> None:
    with db.uow() as uow:
        uow.reels.update(uow.reels.get(world.reel).with_clips(()))
        uow.commit()


def test_a_clip_near_the_other_coders_hidden_ovw_is_held_not_refused(
    db: Database, world: World
) -> None:
    ben_codes(db, world, 150, "OVW")  # 00:00:06.000, under a clip at 140-160
    assert_held(add_range(db, world, "Ana"), "OVW", "Overwhelming")
    clear(db, world)
    assert_held(add_range(db, world, "Cleo"), "OVW")  # not a coder of it
    clear(db, world)
    with pytest.raises(WhoIsAskingRequired):
        add_range(db, world, None)  # nobody named on a database with blind coding
    assert any("OVW at 00:00:06.000" in m for m in refusal(db, world, "Ben"))  # his own
    supervisor(db)
    assert any("OVW at 00:00:06.000" in m for m in refusal(db, world, "Sue"))  # she sees all
    SubmitPassOperation(db, world.rec, "Ana").run()
    assert_held(add_range(db, world, "Ana"), "OVW")  # Ben has not submitted yet
    clear(db, world)
    SubmitPassOperation(db, world.rec, "Ben").run()
    assert any("OVW at 00:00:06.000" in m for m in refusal(db, world, "Ana"))
    with db.uow() as uow:
        assert uow.reels.get(world.reel).clips == ()  # every refusal changed nothing


def test_the_reply_is_the_same_wherever_the_hidden_moment_is(db: Database, world: World) -> None:
    """Ana sweeps a short clip across Ben's hidden OVW, then across the same recording with
    his OVW moved away: the replies are identical, clip for clip."""
    ovw = ben_codes(db, world, 150, "OVW")

    def sweep() -> list[tuple[str, ...]]:
        replies = []
        for first in range(100, 205, 5):
            op = AddClipOperation(db, world.reel, None, world.rec, first, first + 1,
                                  "You waited.", actor=who(db, "Ana"), )  # fmt: skip
            warnings = op.run().warnings
            replies.append(tuple(p.message for p in warnings))
            clear(db, world)
        return replies

    near = sweep()
    with db.uow() as uow:
        uow.annotations.update(replace(uow.annotations.get(ovw), onset=moment(5)))
        uow.commit()
    assert sweep() == near
    assert all(any(HELD in m for m in reply) for reply in near)


def test_a_held_clip_is_never_exported_and_then_judged_by_the_real_rule(
    db: Database, world: World
) -> None:
    add_range(db, world, "Ana")
    add_range(db, world, "Ana", first=20)
    ben_codes(db, world, 150, "OVW")  # under the first clip, coded after it was added
    with pytest.raises(ReelRefused) as at_export:
        load_reel_for_export(db, world.reel, who(db, "Ana"))
    assert_held(at_export.value.problems, "OVW")
    assert len(at_export.value.problems) == 2  # both clips held alike
    with pytest.raises(ReelRefused) as his:
        load_reel_for_export(
            db, world.reel, who(db, "Ben")
        )  # his own OVW he may read, and it is held
    assert sum(HELD in p.message for p in his.value.problems) == 2
    supervisor(db)
    with pytest.raises(ReelRefused):
        load_reel_for_export(
            db, world.reel, who(db, "Sue")
        )  # held for her too: it is not final yet
    SubmitPassOperation(db, world.rec, "Ana").run()
    SubmitPassOperation(db, world.rec, "Ben").run()
    with pytest.raises(ReelRefused) as judged:
        load_reel_for_export(db, world.reel, who(db, "Ana"))
    (problem,) = judged.value.problems
    assert "OVW at 00:00:06.000" in problem.message and HELD not in problem.message


@pytest.mark.parametrize("hidden", ["OVW", "FR", None])
def test_nobody_overrides_a_held_clip(db: Database, world: World, hidden: str | None) -> None:
    add_range(db, world, "Ana")
    if hidden is not None:
        ben_codes(db, world, 150, hidden)
    with pytest.raises(ReelRefused) as refused:
        OverrideClipOperation(db, world.reel, 1, REASON, who(db, "Ana")).run()
    (problem,) = refused.value.problems
    assert problem.message.startswith(f"clip 1 is {HELD}")
    assert_held([problem.message], "OVW", "FR", "Frightening")
    with pytest.raises(ReelRefused) as added:
        AddClipOperation(
            db, world.reel, None, world.rec, 20, 40, "You waited.",
            actor=who(db, "Ana"), override=ClipOverride(REASON, "Ana"),
        ).run()  # fmt: skip
    assert HELD in added.value.problems[0].message
    with db.uow() as uow:
        (clip,) = uow.reels.get(world.reel).clips
        assert clip.override is None


def test_a_trim_of_a_held_clip_names_nothing(db: Database, world: World) -> None:
    add_range(db, world, "Ana")
    ben_codes(db, world, 190, "INT")
    with db.uow() as uow:
        (clip,) = uow.reels.get(world.reel).clips
    result = TrimClipOperation(db, world.reel, clip.id, end_frame=175, actor=who(db, "Ana")).run()
    assert_held(result.warnings, "INT")
    assert result.reel.clips[0].end.frame == 175


def test_choosing_the_other_coders_event_names_neither_it_nor_its_time(
    db: Database, world: World
) -> None:
    ovw = ben_codes(db, world, 150, "OVW")
    result = AddMomentsOperation(db, world.reel, [ovw], who(db, "Ana")).run()
    (refused,) = result.refused
    assert not result.added and refused.label == f"event {ovw}"
    for text in (refused.label, *refused.reasons):
        assert "OVW" not in text and not CLOCK.search(text), text
    with pytest.raises(WhoIsAskingRequired):
        AddMomentsOperation(db, world.reel, [ovw], None).run()
    own = AddMomentsOperation(db, world.reel, [ovw], who(db, "Ben")).run().refused[0]
    assert own.label == "OVW at 00:00:06.000"  # Ben may read his own event


def test_session_counts_leave_out_the_passes_the_asker_may_not_read(
    db: Database, world: World
) -> None:
    ben_codes(db, world, 150, "OVW")
    ben_codes(db, world, 190, "INT")

    def count(viewer: str | None) -> int:
        (row,) = list_sessions(db, who(db, viewer))
        return row.annotation_count

    assert (count("Ana"), count("Ben"), count("Cleo")) == (3, 2, 0)
    with pytest.raises(WhoIsAskingRequired):
        count(None)
    supervisor(db)
    assert count("Sue") == 5
    SubmitPassOperation(db, world.rec, "Ana").run()
    SubmitPassOperation(db, world.rec, "Ben").run()
    assert (count("Ana"), count("Ben")) == (5, 5)
    with pytest.raises(WhoIsAskingRequired):
        count(None)  # a database that has blind coding always asks


def test_only_the_pass_coder_or_a_supervisor_outside_it_submits(db: Database, world: World) -> None:
    with pytest.raises(SubmitRefused):
        SubmitPassOperation(db, world.rec, "Ana", actor=who(db, "Ben")).run()
    with pytest.raises(SubmitRefused):
        SubmitPassOperation(
            db, world.rec, "Ana", actor=who(db, "Sue")
        ).run()  # not a supervisor yet
    supervisor(db, "Ben")
    with pytest.raises(SubmitRefused):
        SubmitPassOperation(db, world.rec, "Ana", actor=who(db, "Ben")).run()  # he codes it himself
    with db.uow() as uow:
        assert {p.status.value for p in uow.passes.for_recording(world.rec)} == {"draft"}
    supervisor(db)
    done = SubmitPassOperation(db, world.rec, "Ana", actor=who(db, "Sue")).run()
    assert done.coding_pass.status.value == "submitted"
    with db.uow() as uow:
        (entry,) = uow.audit.list(action="coding.submitted")
    assert entry.actor == "Sue" and entry.detail["on_behalf_of"] == "Ana"
