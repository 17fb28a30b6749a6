"""The audit log appends in order, filters by action and subject, and keeps times in UTC."""

from __future__ import annotations

import datetime as dt

import pytest

from vfcoach.coding.audit import AuditEvent
from vfcoach.storage.audit import AuditRepository
from vfcoach.storage.database import Database
from vfcoach.storage.errors import StorageError


def test_record_and_list_in_order(db: Database):
    before = dt.datetime.now(dt.UTC)
    with db.uow() as uow:
        uow.audit.record("ana", "scheme.imported", "scheme:x v1", {"codes": 3})
        uow.audit.record("ana", "clip.drawn", "recording:7", {"seed": 42, "starts_ms": [1, 2]})
        uow.audit.record("bo", "scheme.edited", "scheme:x v1", {})
        uow.commit()
    after = dt.datetime.now(dt.UTC)
    with db.uow() as uow:
        events = uow.audit.list()
    assert [e.action for e in events] == ["scheme.imported", "clip.drawn", "scheme.edited"]
    assert all(isinstance(e, AuditEvent) for e in events)
    assert events[1].detail == {"seed": 42, "starts_ms": [1, 2]}
    assert events[0].id < events[1].id < events[2].id
    for e in events:
        assert e.at.tzinfo is not None and e.at.utcoffset() == dt.timedelta(0)
        assert before - dt.timedelta(seconds=1) <= e.at <= after + dt.timedelta(seconds=1)


def test_filters(db: Database):
    with db.uow() as uow:
        uow.audit.record("ana", "a", "s1", {})
        uow.audit.record("ana", "b", "s1", {})
        uow.audit.record("ana", "a", "s2", {})
        uow.commit()
    with db.uow() as uow:
        assert [e.subject for e in uow.audit.list(action="a")] == ["s1", "s2"]
        assert [e.action for e in uow.audit.list(subject="s1")] == ["a", "b"]
        assert [(e.action, e.subject) for e in uow.audit.list("a", "s2")] == [("a", "s2")]
        assert uow.audit.list(action="none") == []


def test_an_event_lands_only_with_its_transaction(db: Database):
    with db.uow() as uow:
        uow.audit.record("ana", "a", "s", {})
    with db.uow() as uow:
        assert uow.audit.list() == []


def test_events_are_read_only_values(db: Database):
    with db.uow() as uow:
        uow.audit.record("ana", "a", "s", {"k": "v"})
        uow.commit()
    with db.uow() as uow:
        (event,) = uow.audit.list()
    with pytest.raises(TypeError):
        event.detail["k"] = "changed"  # type: ignore[index]
    assert hash(event) == hash(event)


def test_the_log_has_no_way_to_edit_or_delete():
    public = {name for name in dir(AuditRepository) if not name.startswith("_")}
    # appending, reading and checking the chain (issue 14 §4); nothing that edits or deletes
    assert public == {"record", "list", "trail", "verify", "family_subjects"}


def test_bad_events_are_refused(db: Database):
    with db.uow() as uow:
        with pytest.raises(StorageError, match="actor"):
            uow.audit.record("", "a", "s", {})
        with pytest.raises(StorageError, match="action"):
            uow.audit.record("ana", "x" * 65, "s", {})
        with pytest.raises(StorageError, match="JSON"):
            uow.audit.record("ana", "a", "s", {"when": dt.date(2026, 1, 1)})
