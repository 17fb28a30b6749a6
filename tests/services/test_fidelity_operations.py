"""Drawing fidelity clips into a pass: saved in one transaction, audited, reproducible."""

from __future__ import annotations

from itertools import pairwise

import pytest

from tests.actors import who
from tests.services.test_tally_operations import MIN, Planned, code, comment, make_recording
from vfcoach.coding.annotation import PassStatus
from vfcoach.coding.fidelity_clips import NotEnoughEligibleTime
from vfcoach.services.access import PassNotChosen
from vfcoach.services.tally.fidelity import CLIPS_DRAWN, DrawFidelityClipsOperation
from vfcoach.services.tally.tally import TallyOperation
from vfcoach.storage.database import Database
from vfcoach.storage.errors import PassLocked


def stored_clips(db: Database) -> list[tuple[int, int]]:
    with db.uow() as uow:
        return [
            (a.onset.pts_ms, a.offset.pts_ms if a.offset else -1)
            for r in uow.recordings.list()
            for p in uow.passes.for_recording(r.id)
            for a in uow.annotations.for_pass(p.id)
            if a.code_key == "FIDELITY_CLIP"
        ]


def add_coder(db: Database, name: str = "Ana") -> None:
    """Draws go to a coder who exists: a misspelt name must not create one."""
    with db.uow() as uow:
        uow.coders.get_or_create(name)
        uow.commit()


def test_draw_saves_clips_in_the_pass_and_audits_seed_and_chooser(sqlite_db: Database) -> None:
    rid = make_recording(sqlite_db, minutes=30)
    code(sqlite_db, rid, "Ana", [Planned("UNCODABLE", 0, 10 * MIN), comment(15 * MIN)])
    draw = DrawFidelityClipsOperation(
        sqlite_db, rid, "Ana", 2, seed=7, actor=who(sqlite_db, "Sup")
    ).run()
    assert draw.seed == 7 and draw.chooser == "Sup" and len(draw.clips) == 2
    clips = sorted(stored_clips(sqlite_db))
    assert clips == [(c.start_ms, c.end_ms) for c in draw.clips]  # the 50 fps grid is exact
    assert all(start >= 10 * MIN and end - start == 5 * MIN for start, end in clips)
    assert all(a[1] <= b[0] for a, b in pairwise(clips))
    assert all("seed 7" in a.note for a in draw.annotations)
    with sqlite_db.uow() as uow:
        (event,) = uow.audit.list(action=CLIPS_DRAWN)
    assert (event.actor, event.subject) == ("Sup", f"recording:{rid}")
    assert event.detail["seed"] == 7 and event.detail["coder"] == "Ana"
    assert event.detail["clips_ms"] == [[c.start_ms, c.end_ms] for c in draw.clips]
    tally = TallyOperation(sqlite_db, rid, clip="fidelity").run().tally
    assert tally.coded_min == 10.0 and len(tally.segments) == 2


def test_same_seed_same_clips_and_a_second_draw_avoids_the_first(sqlite_db: Database) -> None:
    a = make_recording(sqlite_db, "F-1", minutes=30)
    b = make_recording(sqlite_db, "F-2", minutes=30)
    add_coder(sqlite_db)
    first = DrawFidelityClipsOperation(sqlite_db, a, "Ana", 3, seed=99).run()
    again = DrawFidelityClipsOperation(sqlite_db, b, "Ana", 3, seed=99).run()
    assert first.clips == again.clips
    more = DrawFidelityClipsOperation(sqlite_db, a, "Ana", 1).run()  # unseeded: one is made
    assert isinstance(more.seed, int)
    assert all(c.end_ms <= more.clips[0].start_ms or c.start_ms >= more.clips[0].end_ms
               for c in first.clips)  # fmt: skip


def test_not_enough_time_or_a_locked_pass_writes_nothing(sqlite_db: Database) -> None:
    rid = make_recording(sqlite_db, minutes=12)
    with pytest.raises(PassNotChosen, match="there is no coder 'Nobody'"):
        DrawFidelityClipsOperation(sqlite_db, rid, "Nobody", 1, seed=1).run()
    add_coder(sqlite_db)
    with pytest.raises(NotEnoughEligibleTime, match="3 clip"):
        DrawFidelityClipsOperation(sqlite_db, rid, "Ana", 3, seed=1).run()
    pass_id = code(sqlite_db, rid, "Ana", [])
    with sqlite_db.uow() as uow:
        uow.passes.set_status(pass_id, PassStatus.SUBMITTED)
        uow.commit()
    with pytest.raises(PassLocked):
        DrawFidelityClipsOperation(sqlite_db, rid, "Ana", 1, seed=1).run()
    assert stored_clips(sqlite_db) == []
    with sqlite_db.uow() as uow:
        assert uow.audit.list(action=CLIPS_DRAWN) == []
        assert [c.name for c in uow.coders.list()] == ["Ana"]  # "Nobody" was not created
