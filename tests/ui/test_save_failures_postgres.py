"""PostgreSQL gone in the middle of a keypress: the edit is dropped, shown nowhere, said plainly.

The session's server is shared by every test, so it is not stopped; instead, at the moment
the app sends its INSERT, another connection ends the app's server process with
`pg_terminate_backend` — exactly what the client sees when the server goes away mid-edit.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QUndoStack
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url

from tests.storage.conftest import World, annotation, build_world
from vfcoach.coding.changes import AnnotationChange
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.ui.commands.annotation_commands import PlaceCodeCommand
from vfcoach.ui.stores.annotation_store import AnnotationStore

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    database = Database.open(pg_url, busy_timeout_ms=200)
    yield database
    database.dispose()


def _kill_on_insert(db: Database) -> tuple[object, Engine]:
    """Terminate the app's server process just as it sends an INSERT into annotation."""
    url = make_url(db.url)
    admin = make_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def listener(conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("INSERT INTO annotation"):
            pid = conn.connection.dbapi_connection.info.backend_pid  # type: ignore[attr-defined]
            with admin.connect() as other:
                other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})

    event.listen(db.engine, "before_cursor_execute", listener)
    return listener, admin


def test_a_keypress_while_the_server_goes_away_is_not_stacked_or_shown(qapp, pg_db: Database):
    world: World = build_world(pg_db)
    store = AnnotationStore(pg_db)
    store.load(world.cpass, world.scheme)
    stack = QUndoStack()
    seen: list[AnnotationChange] = []
    store.annotations_changed.connect(seen.append)

    listener, admin = _kill_on_insert(pg_db)
    nur = AnnotationChange(
        added=(annotation(world.cpass.id, 5),), description="Code NUR at 00:00:00.200"
    )
    lost = PlaceCodeCommand(store, nur)
    stack.push(lost)
    event.remove(pg_db.engine, "before_cursor_execute", listener)
    admin.dispose()

    assert stack.count() == 0
    assert seen == [] and store.annotations() == []
    assert lost.error is not None
    assert lost.error.startswith("Not saved: Code NUR at 00:00:00.200 — the database cannot be")
    with pg_db.uow() as uow:
        assert uow.annotations.count_for_pass(world.cpass.id) == 0

    # the server is back for the next connection (pool pre-ping): coding goes on
    saved = PlaceCodeCommand(store, AnnotationChange(added=(annotation(world.cpass.id, 6),)))
    stack.push(saved)
    assert stack.count() == 1 and saved.error is None
    assert [a.onset.frame for a in store.annotations()] == [6]
