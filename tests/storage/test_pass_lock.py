"""The pass write lock, step by step on both backends: what the race tests rely on.

Two units of work on two threads stand in for two programs; each thread has its own
session and connection. The first holds the pass's lock; the second must wait for its commit
and then see what it wrote, never a status or a row set from before.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete

from tests.storage.conftest import World, annotation
from vfcoach.coding.annotation import Annotation, PassStatus
from vfcoach.coding.changes import AnnotationChange
from vfcoach.storage import engine
from vfcoach.storage.annotations import AnnotationRepository
from vfcoach.storage.database import Database
from vfcoach.storage.errors import PassLocked, StaleDelete, StorageBusy
from vfcoach.storage.rows import AnnotationRow

WAIT_S = 30


def test_a_submission_waits_for_the_writer_holding_the_pass_and_counts_its_rows(
    db: Database, world: World
) -> None:
    locked = threading.Event()
    submitted: list[int] = []

    def submit() -> None:
        locked.wait(WAIT_S)
        with db.uow() as uow:
            uow.passes.set_status(world.cpass.id, PassStatus.SUBMITTED)
            submitted.append(uow.annotations.count_for_pass(world.cpass.id))
            uow.commit()

    other = threading.Thread(target=submit)
    other.start()
    try:
        with db.uow() as uow:
            uow.passes.lock(world.cpass.id)
            locked.set()
            other.join(0.5)
            assert other.is_alive(), "the submission did not wait for the pass's lock"
            added = [annotation(world.cpass.id, f) for f in range(1, 40)]
            uow.annotations.apply(AnnotationChange(added=tuple(added)))
            uow.commit()
    finally:
        other.join(WAIT_S)
    assert submitted == [39]


def test_a_writer_after_the_submission_is_refused(db: Database, world: World) -> None:
    locked = threading.Event()
    refused: list[str] = []

    def code() -> None:
        locked.wait(WAIT_S)
        with db.uow() as uow:
            try:
                uow.annotations.add(annotation(world.cpass.id, 5))
            except PassLocked as exc:
                refused.append(str(exc))
            uow.commit()

    other = threading.Thread(target=code)
    other.start()
    try:
        with db.uow() as uow:
            uow.passes.lock(world.cpass.id)  # the writer read "draft" long ago; now it waits
            locked.set()
            other.join(0.3)
            uow.passes.set_status(world.cpass.id, PassStatus.SUBMITTED)
            uow.commit()
    finally:
        other.join(WAIT_S)
    assert len(refused) == 1 and "submitted" in refused[0]
    with db.uow() as uow:
        assert uow.annotations.count_for_pass(world.cpass.id) == 0


def test_a_removal_that_finds_fewer_rows_than_it_read_is_an_error(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone deleting behind the lock's back (a hand-made change) is refused, not warned."""
    a, b = annotation(world.cpass.id, 5), annotation(world.cpass.id, 6)
    with db.uow() as uow:
        uow.annotations.apply(AnnotationChange(added=(a, b)))
        uow.commit()
    read_rows = AnnotationRepository._expected

    def rows_then_one_vanishes(
        self: AnnotationRepository, values: list[Annotation]
    ) -> list[AnnotationRow]:
        found = read_rows(self, values)
        connection = self._session.connection()
        connection.execute(delete(AnnotationRow).where(AnnotationRow.id == a.id))
        return found

    monkeypatch.setattr(AnnotationRepository, "_expected", rows_then_one_vanishes)
    with db.uow() as uow, pytest.raises(StaleDelete, match="expected to remove 2"):
        uow.annotations.apply(AnnotationChange(removed=(a, b)))
    monkeypatch.undo()
    with db.uow() as uow:  # the refused change was rolled back whole
        assert {x.id for x in uow.annotations.for_pass(world.cpass.id)} == {a.id, b.id}


def test_a_lock_that_does_not_come_free_in_time_is_database_busy(
    db: Database, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's busy timeout and PostgreSQL's lock_timeout end the wait the same way."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    with Database.open(db.url) as impatient, db.uow() as holder:
        holder.passes.lock(world.cpass.id)
        with impatient.uow() as uow, pytest.raises(StorageBusy, match="try again"):
            uow.annotations.add(annotation(world.cpass.id, 5))
        holder.commit()
    with db.uow() as uow:
        assert uow.annotations.count_for_pass(world.cpass.id) == 0
