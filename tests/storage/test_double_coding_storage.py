"""Double-coding storage: pass purpose and revision, forward-only status, roles, assignments,
and migration 0004 on existing data (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy.pool import NullPool

from tests.storage.conftest import World, annotation, media_facts
from vfcoach.coding.annotation import PassPurpose, PassStatus
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.errors import Conflict, NotFound, PassLocked, StorageError
from vfcoach.storage.migrate import current_revisions, downgrade_to, head_revision, migrate_to_head
from vfcoach.storage.passes import PassStatusRefused


def test_first_coder_is_primary_later_coders_reliability_or_master(db: Database, world: World):
    with db.uow() as uow:
        ben = uow.coders.get_or_create("Ben")
        mara = uow.coders.get_or_create("Mara", is_master=True)
        b = uow.passes.get_or_create(world.recording.id, ben.id, world.scheme.id)
        m = uow.passes.get_or_create(world.recording.id, mara.id, world.scheme.id)
        uow.commit()
    assert world.cpass.purpose is PassPurpose.PRIMARY and world.cpass.revision == 1
    assert b.purpose is PassPurpose.RELIABILITY
    assert m.purpose is PassPurpose.MASTER


def test_an_assignment_decides_the_purpose_of_the_new_pass(db: Database, world: World):
    with db.uow() as uow:
        ben = uow.coders.get_or_create("Ben")
        uow.assignments.assign(world.recording.id, ben.id, PassPurpose.MASTER, "Sue")
        b = uow.passes.get_or_create(world.recording.id, ben.id, world.scheme.id)
        uow.commit()
    assert b.purpose is PassPurpose.MASTER


def test_submitted_pass_never_goes_back_to_draft(db: Database, world: World):
    with db.uow() as uow:
        uow.annotations.add(annotation(world.cpass.id, 10))
        uow.passes.set_status(world.cpass.id, PassStatus.SUBMITTED)
        uow.commit()
    with db.uow() as uow:
        stored = uow.passes.get(world.cpass.id)
        assert stored.status is PassStatus.SUBMITTED and stored.submitted_at is not None
        with pytest.raises(PassStatusRefused, match="never edited"):
            uow.passes.set_status(world.cpass.id, PassStatus.DRAFT)
        with pytest.raises(PassLocked):  # and its annotations cannot change either
            uow.annotations.add(annotation(world.cpass.id, 20))
        uow.passes.set_status(world.cpass.id, PassStatus.LOCKED)
        with pytest.raises(PassStatusRefused):
            uow.passes.set_status(world.cpass.id, PassStatus.SUBMITTED)
        uow.commit()
    with db.uow() as uow:
        assert uow.passes.get(world.cpass.id).status is PassStatus.LOCKED
        assert len(uow.annotations.for_pass(world.cpass.id)) == 1


def test_a_correction_is_a_new_revision_and_the_original_stays(db: Database, world: World):
    w = world
    with db.uow() as uow:
        with pytest.raises(StorageError, match="still a draft"):
            uow.passes.add_revision(w.recording.id, w.coder.id, w.scheme.id, PassPurpose.PRIMARY)
        uow.passes.set_status(w.cpass.id, PassStatus.SUBMITTED)
        fix = uow.passes.add_revision(w.recording.id, w.coder.id, w.scheme.id, PassPurpose.PRIMARY)
        uow.commit()
    assert fix.revision == 2 and fix.status is PassStatus.DRAFT and fix.id != w.cpass.id
    with db.uow() as uow:  # opening the recording again gives the coder the latest revision
        assert uow.passes.get_or_create(w.recording.id, w.coder.id, w.scheme.id) == fix
        assert uow.passes.get(w.cpass.id).status is PassStatus.SUBMITTED
        assert [p.revision for p in uow.passes.for_recording(w.recording.id)] == [1, 2]


def test_supervisor_role(db: Database):
    with db.uow() as uow:
        sue = uow.coders.get_or_create("Sue")
        assert sue.role is CoderRole.CODER and not sue.is_supervisor
        uow.coders.set_role(sue.id, CoderRole.SUPERVISOR)
        uow.commit()
    with db.uow() as uow:
        assert uow.coders.get(sue.id).is_supervisor
        assert uow.coders.by_name("Sue") == uow.coders.get(sue.id)


def test_sampled_then_assigned_is_one_record(db: Database, world: World):
    rec = world.recording.id
    with db.uow() as uow:
        drawn = uow.assignments.mark_sampled(rec, "Sue", seed=7, share=0.2)
        assert drawn.coder_id is None and drawn.blind
        with pytest.raises(Conflict):
            uow.assignments.mark_sampled(rec, "Sue", seed=8, share=0.2)
        ben = uow.coders.get_or_create("Ben")
        got = uow.assignments.assign(rec, ben.id, PassPurpose.RELIABILITY, "Sue")
        with pytest.raises(Conflict, match="already assigned"):
            uow.assignments.assign(rec, ben.id, PassPurpose.RELIABILITY, "Sue")
        with pytest.raises(StorageError):
            uow.assignments.assign(rec, world.coder.id, PassPurpose.CONSENSUS, "Sue")
        with pytest.raises(NotFound):
            uow.assignments.assign(RecordingId(4242), ben.id, PassPurpose.RELIABILITY, "Sue")
        uow.commit()
    assert got.id == drawn.id and got.coder_id == ben.id
    assert (got.draw_seed, got.draw_share) == (7, 0.2)
    with db.uow() as uow:
        assert uow.assignments.for_recording(rec) == [got]
        assert uow.assignments.for_coder(ben.id) == [got]
        assert uow.assignments.list() == [got]


def test_migration_0004_gives_existing_passes_sensible_purposes(db_url: str):
    with Database.open(db_url) as db, db.uow() as uow:
        family = uow.families.add("F-1")
        visit = uow.visits.add(family.id, 1)
        rec = uow.recordings.add(visit.id, "/v.mp4", media_facts())
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        assert scheme.id is not None
        ids = {}
        for name, master in (("Coach", False), ("Ben", False), ("Mara", True)):
            coder = uow.coders.get_or_create(name, is_master=master)
            p = uow.passes.get_or_create(rec.id, coder.id, scheme.id, PassPurpose.PRIMARY)
            uow.annotations.add(annotation(p.id, 5))
            ids[name] = p.id
        uow.commit()
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        downgrade_to(engine, "0003")  # the columns are gone: back to data from before 0004
        migrate_to_head(engine)
        assert current_revisions(engine) == (head_revision(),)
    finally:
        engine.dispose()
    with Database.open(db_url) as db, db.uow() as uow:
        purposes = {n: uow.passes.get(i).purpose for n, i in ids.items()}
        assert purposes == {
            "Coach": PassPurpose.PRIMARY,
            "Ben": PassPurpose.RELIABILITY,
            "Mara": PassPurpose.MASTER,
        }
        assert all(len(uow.annotations.for_pass(i)) == 1 for i in ids.values())


def test_downgrade_refuses_while_corrections_exist(db_url: str, db: Database, world: World):
    w = world
    with db.uow() as uow:
        uow.passes.set_status(w.cpass.id, PassStatus.SUBMITTED)
        uow.passes.add_revision(w.recording.id, w.coder.id, w.scheme.id, PassPurpose.PRIMARY)
        uow.commit()
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        with pytest.raises(RuntimeError, match="correction or consensus"):
            downgrade_to(engine, "0003")
        assert current_revisions(engine) == (head_revision(),)
    finally:
        engine.dispose()


def test_any_blind_counts_only_a_coder_assigned_blind(db: Database, world: World):
    """The switch for "say who is asking": a draw with no coder, or an open assignment, hides
    nothing from anyone; a coder assigned blind does."""
    rec = world.recording.id
    with db.uow() as uow:
        assert not uow.assignments.any_blind()
        uow.assignments.mark_sampled(rec, "Sue", seed=1, share=0.2)
        assert not uow.assignments.any_blind()
        ben = uow.coders.get_or_create("Ben")
        (drawn,) = uow.assignments.for_recording(rec)
        uow.assignments.reassign(drawn.id, ben.id, PassPurpose.RELIABILITY, "Sue", blind=False)
        assert not uow.assignments.any_blind()
        uow.assignments.reassign(drawn.id, ben.id, PassPurpose.RELIABILITY, "Sue", blind=True)
        assert uow.assignments.any_blind()
        uow.commit()
