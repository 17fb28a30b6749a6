"""The change feed hears another connection's commit (issue 13 §3): on PostgreSQL the notice
names the table and ids and carries no content; on SQLite the change stamp moves."""

from __future__ import annotations

import queue

import pytest

from tests.storage.conftest import annotation, build_world
from vfcoach.coding.annotation import PassStatus
from vfcoach.storage.changes import Change, ChangeFeed
from vfcoach.storage.database import Database


def test_another_connections_annotation_is_heard_within_a_second(db: Database):
    world = build_world(db)
    heard: queue.Queue[Change] = queue.Queue()
    states: queue.Queue[bool] = queue.Queue()
    feed = ChangeFeed(db.engine, heard.put, lambda ok, _s: states.put(ok))
    feed.start()
    try:
        assert states.get(timeout=5.0) is True  # listening
        other = Database.open(db.url)
        placed = annotation(world.cpass.id, 12, note="SECRET-NOTE-MARKER")
        with other.uow() as uow:
            uow.annotations.add(placed)
            uow.commit()
        other.dispose()
        change = heard.get(timeout=2.0)
        if feed.postgres:
            while change.table != "annotation":
                change = heard.get(timeout=2.0)
            assert change.op == "INSERT"
            assert change.ids == {"id": str(placed.id), "pass_id": world.cpass.id}
            assert "SECRET-NOTE-MARKER" not in repr(change)
        else:
            assert change == Change(None)
    finally:
        feed.stop()
    assert states.empty()  # never lost the connection


def test_a_code_is_news_of_its_own_and_its_pass_only_when_the_pass_changes(db: Database):
    """Every key press bumps its pass's change stamp; that alone must not tell every open
    window that the pass changed (each would rebuild its browser at every colleague's key)."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("notices are PostgreSQL's; SQLite windows poll the file's data version")
    world = build_world(db)
    heard: queue.Queue[Change] = queue.Queue()
    states: queue.Queue[bool] = queue.Queue()
    feed = ChangeFeed(db.engine, heard.put, lambda ok, _s: states.put(ok))
    feed.start()
    try:
        assert states.get(timeout=5.0) is True
        other = Database.open(db.url)
        for frame in (12, 13):
            with other.uow() as uow:
                uow.annotations.add(annotation(world.cpass.id, frame))
                uow.commit()
        with other.uow() as uow:
            uow.passes.set_status(world.cpass.id, PassStatus.SUBMITTED)
            uow.commit()
        other.dispose()
        tables: list[str | None] = []
        while len(tables) < 3:
            tables.append(heard.get(timeout=2.0).table)
        assert tables == ["annotation", "annotation", "coding_pass"]
        with pytest.raises(queue.Empty):
            heard.get(timeout=0.3)
    finally:
        feed.stop()


def test_a_notice_that_is_not_ours_is_ignored():
    assert Change.parse("not json") is None
    assert Change.parse('{"x": 1}') is None
    assert Change.parse('{"table": "reel", "op": "DELETE", "id": 3}') == Change(
        "reel", "DELETE", {"id": 3}
    )
