"""The change feed hears another connection's commit (issue 13 §3): on PostgreSQL the notice
names the table and ids and carries no content; on SQLite the change stamp moves."""

from __future__ import annotations

import queue

from tests.storage.conftest import annotation, build_world
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


def test_a_notice_that_is_not_ours_is_ignored():
    assert Change.parse("not json") is None
    assert Change.parse('{"x": 1}') is None
    assert Change.parse('{"table": "reel", "op": "DELETE", "id": 3}') == Change(
        "reel", "DELETE", {"id": 3}
    )
