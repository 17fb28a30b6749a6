"""Stored pass tallies: read back only while nothing the tally rests on has changed.

Runs on SQLite and PostgreSQL (`db`). Every way a pass changes (an edit, its undo, an
import, a submission) and every setting a tally depends on (clip, thresholds) must give
the freshly computed figure, never the stored one; with nothing changed the stored figure
equals the computed one exactly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from tests.services.conftest import DEMO_SECONDS
from tests.services.test_tally_operations import (
    MIN,
    code,
    comment,
    make_recording,
    worked_example,
)
from vfcoach.coding.annotation import PassStatus
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.coding.tally import FidelityThresholds, ItmTally, itm_tally
from vfcoach.coding.tally.tally_codec import tally_to_json
from vfcoach.services.demo.project import DEMO_FAMILY, DemoProjectOperation
from vfcoach.services.tally.fidelity import thresholds_in
from vfcoach.services.tally.tally import TallyOperation, TrendOperation, save_thresholds
from vfcoach.services.tally.tally_store import settings_key
from vfcoach.storage.database import Database
from vfcoach.storage.rows import PassTallyRow


def stored_count(db: Database) -> int:
    with db.engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(PassTallyRow)) or 0)


def pure_tally(db: Database, recording_id: RecordingId, pass_id: PassId, clip: str) -> ItmTally:
    """The uncached computation, straight from the stored annotations."""
    with db.uow() as uow:
        recording = uow.recordings.get(recording_id)
        family = uow.families.get(uow.visits.get(recording.visit_id).family_id)
        scheme = uow.schemes.get(uow.passes.get(pass_id).scheme_id)
        return itm_tally(
            uow.annotations.for_pass(pass_id),
            scheme,
            recording.facts.duration_ms,
            clip,  # type: ignore[arg-type]
            thresholds_in(uow, family.programme),
        )


def test_trend_from_stored_tallies_equals_the_computed_one_on_the_demo(
    db: Database, demo_media: Path
) -> None:
    demo = DemoProjectOperation(db, demo_media, seconds=DEMO_SECONDS).run()
    for clip in ("all", "fidelity"):
        first = TrendOperation(db, family_code=DEMO_FAMILY, clip=clip).run()  # computes, stores
        assert stored_count(db) >= len(demo.pass_ids)
        second = TrendOperation(db, family_code=DEMO_FAMILY, clip=clip).run()  # reads back
        assert second == first and second.to_json() == first.to_json()
        expected = {
            rid: pure_tally(db, rid, pid, clip)
            for rid, pid in zip(demo.recording_ids, demo.pass_ids, strict=True)
        }
        assert {r.recording_id: r.tally for r in second.results} == expected


def test_every_change_to_a_pass_makes_its_stored_tally_stale(db: Database) -> None:
    rid = make_recording(db, date=dt.date(2024, 3, 4))
    pid = code(db, rid, "Ana", worked_example())
    assert TallyOperation(db, rid, clip="fidelity").run().tally.n == 7
    assert stored_count(db) == 1
    assert TallyOperation(db, rid, clip="fidelity").run().tally.n == 7  # read back

    # an edit: one more comment inside the clip
    added = code(db, rid, "Ana", [comment(13 * MIN)])
    assert added == pid
    assert TallyOperation(db, rid, clip="fidelity").run().tally.n == 8
    # its undo
    with db.uow() as uow:
        itm = max(
            (a for a in uow.annotations.for_pass(pid) if a.onset.pts_ms == 13 * MIN),
            key=lambda a: a.version,
        )
        uow.annotations.apply(AnnotationChange(added=(itm,)).inverse())
        uow.commit()
    assert TallyOperation(db, rid, clip="fidelity").run().tally.n == 7
    # another clip choice is another stored figure, not the fidelity one
    assert TallyOperation(db, rid, clip="all").run().tally.n == 8
    assert TallyOperation(db, rid, clip="fidelity").run().tally.n == 7
    # the programme's thresholds are part of the key: the verdict follows them at once
    assert TallyOperation(db, rid, clip="fidelity").run().tally.verdict.status.value == "meets"
    save_thresholds(db, "ABC", FidelityThresholds(min_rate_per_min=5.0))
    strict = TallyOperation(db, rid, clip="fidelity").run().tally
    assert strict.verdict.status.value != "meets" and strict.thresholds.min_rate_per_min == 5.0
    # a submission changes the pass too: nothing stored before it is read back
    with db.uow() as uow:
        before = uow.tally_cache.stamp(pid)
        uow.passes.set_status(pid, PassStatus.SUBMITTED)
        uow.commit()
    with db.uow() as uow:
        assert uow.tally_cache.stamp(pid) > before
    assert TallyOperation(db, rid, clip="fidelity").run().tally == pure_tally(
        db, rid, pid, "fidelity"
    )


def test_a_tally_stored_under_an_old_stamp_is_never_read_back(db: Database) -> None:
    """The race the stamp order guards: a reader's stamp, then an edit lands, then its put."""
    rid = make_recording(db)
    pid = code(db, rid, "Ana", worked_example())
    old = pure_tally(db, rid, pid, "all")
    with db.uow() as uow:
        stamp = uow.tally_cache.stamp(pid)
        recording = uow.recordings.get(rid)
        scheme = uow.schemes.get(uow.passes.get(pid).scheme_id)
        key = settings_key(scheme, recording.facts.duration_ms, "all", thresholds_in(uow, "ABC"))
    code(db, rid, "Ana", [comment(2 * MIN)])  # commits between the reader's stamp and its put
    with db.uow() as uow:
        uow.tally_cache.put(pid, key, stamp, tally_to_json(old))
        uow.commit()
    with db.uow() as uow:
        assert uow.tally_cache.get(pid, key) is None
    assert TallyOperation(db, rid).run().tally.n == old.n + 1
