"""The unit of work commits only when told, rolls back otherwise, and stays on its thread."""

from __future__ import annotations

import threading

import pytest

from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, StorageError
from vfcoach.storage.uow import UnitOfWork


def codes(db: Database) -> list[str]:
    with db.uow() as uow:
        return [f.code for f in uow.families.list()]


def test_commit_makes_writes_visible_to_the_next_unit_of_work(db: Database):
    with db.uow() as uow:
        uow.families.add("F-0001")
        assert not uow.committed
        uow.commit()
        assert uow.committed
    assert codes(db) == ["F-0001"]


def test_leaving_without_commit_rolls_back(db: Database):
    with db.uow() as uow:
        uow.families.add("F-0001")
    assert codes(db) == []


def test_an_exception_rolls_back_and_propagates(db: Database):
    with pytest.raises(RuntimeError), db.uow() as uow:
        uow.families.add("F-0001")
        raise RuntimeError("boom")
    assert codes(db) == []


def test_writes_after_the_last_commit_are_rolled_back(db: Database):
    with db.uow() as uow:
        uow.families.add("F-0001")
        uow.commit()
        uow.families.add("F-0002")
    assert codes(db) == ["F-0001"]


def test_explicit_rollback_keeps_the_unit_of_work_usable(db: Database):
    with db.uow() as uow:
        uow.families.add("F-0001")
        uow.rollback()
        uow.families.add("F-0002")
        uow.commit()
    assert codes(db) == ["F-0002"]


def test_a_conflict_leaves_earlier_commits_intact(db: Database):
    with db.uow() as uow:
        uow.families.add("F-0001")
        uow.commit()
        with pytest.raises(Conflict):
            uow.families.add("F-0001")
    with db.uow() as uow:
        uow.families.add("F-0002")
        uow.commit()
    assert codes(db) == ["F-0001", "F-0002"]


def test_a_unit_of_work_is_entered_once(db: Database):
    uow = db.uow()
    with uow:
        pass
    with pytest.raises(StorageError, match="twice"), uow:
        pass


def test_commit_outside_the_with_block_is_refused(db: Database):
    with pytest.raises(StorageError, match="with"):
        db.uow().commit()


def test_commit_from_another_thread_is_refused(db: Database):
    errors: list[BaseException] = []
    with db.uow() as uow:
        uow.families.add("F-0001")

        def commit_elsewhere(target: UnitOfWork) -> None:
            try:
                target.commit()
            except BaseException as exc:
                errors.append(exc)

        worker = threading.Thread(target=commit_elsewhere, args=(uow,))
        worker.start()
        worker.join()
    assert len(errors) == 1
    assert isinstance(errors[0], StorageError)
    assert codes(db) == []


def test_each_thread_writes_through_its_own_unit_of_work(db: Database):
    def add(code: str) -> None:
        with db.uow() as uow:
            uow.families.add(code)
            uow.commit()

    workers = [threading.Thread(target=add, args=(f"F-{n:04d}",)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert codes(db) == [f"F-{n:04d}" for n in range(4)]
