"""Driver failures at flush and commit become typed, plain storage errors, and nothing is written.

Each failure is made for real: a second connection holding the write lock (SQLite
`BEGIN IMMEDIATE`, PostgreSQL `LOCK TABLE`), a database that refuses writes (SQLite opened
with `mode=ro`, or `PRAGMA query_only`; PostgreSQL `default_transaction_read_only`), and the
server side of the connection killed with `pg_terminate_backend`. Root ignores file
permissions, so `chmod` cannot make a read-only file here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from tests.storage.conftest import World, annotation, build_world
from vfcoach.coding.changes import AnnotationChange
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.errors import (
    StorageBusy,
    StorageError,
    StorageReadOnly,
    StorageUnavailable,
)
from vfcoach.storage.uow import UnitOfWork

SECRET_NOTE = "mother cried at 00:12 — private"
SHORT_WAIT_MS = 150


def _plain(message: str) -> None:
    """A person reads it: no SQL, no parameter dump, no note text."""
    for leak in ("INSERT", "UPDATE", "[SQL", "parameters", SECRET_NOTE, "sqlalche.me"):
        assert leak not in message, message


def _count(db: Database, world: World) -> int:
    with db.uow() as uow:
        return uow.annotations.count_for_pass(world.cpass.id)


def _code_one(db: Database, world: World) -> None:
    with db.uow() as uow:
        uow.annotations.apply(
            AnnotationChange(added=(annotation(world.cpass.id, 7, note=SECRET_NOTE),))
        )
        uow.commit()


@pytest.fixture
def fast_db(db_url: str) -> Iterator[Database]:
    database = Database.open(db_url, busy_timeout_ms=SHORT_WAIT_MS)
    yield database
    database.dispose()


def _sqlite_path(db: Database) -> Path:
    return Path(str(make_url(db.url).database))


def test_a_write_lock_held_elsewhere_is_storage_busy(fast_db: Database, db_url: str):
    world = build_world(fast_db)
    if fast_db.dialect == "sqlite":
        other = sqlite3.connect(_sqlite_path(fast_db), isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        release = other.rollback
    else:
        engine = make_engine(db_url)
        conn = engine.connect()
        conn.execute(text("LOCK TABLE annotation IN ACCESS EXCLUSIVE MODE"))

        def release() -> None:
            conn.rollback()
            conn.close()
            engine.dispose()

    try:
        with pytest.raises(StorageBusy) as caught:
            _code_one(fast_db, world)
    finally:
        release()
    assert "another program is writing" in str(caught.value)
    _plain(str(caught.value))
    assert _count(fast_db, world) == 0
    _code_one(fast_db, world)  # lock released: coding goes on
    assert _count(fast_db, world) == 1


def test_sqlite_opened_read_only_is_storage_read_only(sqlite_url: str):
    """The honest read-only file: the same file reopened through SQLite's `mode=ro` URI."""
    with Database.open(sqlite_url) as db:
        world = build_world(db)
        path = _sqlite_path(db)
        ro_url = f"sqlite:///file:{path}?mode=ro&uri=true"
        ro_engine = make_engine(ro_url)
        try:
            added = AnnotationChange(added=(annotation(world.cpass.id, 3, note=SECRET_NOTE),))
            with (
                pytest.raises(StorageReadOnly) as caught,
                UnitOfWork(sessionmaker(bind=ro_engine)) as uow,
            ):
                uow.annotations.apply(added)
                uow.commit()
        finally:
            ro_engine.dispose()
        assert "read-only" in str(caught.value)
        _plain(str(caught.value))
        assert _count(db, world) == 0


def _query_only(engine: Engine, on: bool) -> None:
    def listener(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA query_only = ON")

    if on:
        event.listen(engine, "connect", listener)
        engine.__dict__["_vf_query_only"] = listener
    else:
        event.remove(engine, "connect", engine.__dict__.pop("_vf_query_only"))
    engine.dispose()  # every later connection is opened afresh, with or without the pragma


def test_a_database_that_refuses_writes_is_storage_read_only(fast_db: Database, db_url: str):
    world = build_world(fast_db)
    if fast_db.dialect == "sqlite":
        _query_only(fast_db.engine, on=True)
    else:
        name = make_url(db_url).database
        with fast_db.engine.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'))
            conn.commit()
        fast_db.engine.dispose()
    with pytest.raises(StorageReadOnly) as caught:
        _code_one(fast_db, world)
    _plain(str(caught.value))
    if fast_db.dialect == "sqlite":
        _query_only(fast_db.engine, on=False)
    else:
        writable = make_engine(
            db_url, connect_args={"options": "-c default_transaction_read_only=off"}
        )
        with writable.begin() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" RESET default_transaction_read_only'))
        writable.dispose()
        fast_db.engine.dispose()
    assert _count(fast_db, world) == 0
    _code_one(fast_db, world)
    assert _count(fast_db, world) == 1


def _terminate_others(db_url: str) -> None:
    """Kill, from outside, every server process serving this test's database."""
    name = make_url(db_url).database
    admin = make_engine(make_url(db_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
    finally:
        admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("when", ["flush", "commit"])
def test_postgres_gone_mid_edit_is_storage_unavailable(pg_url: str, when: str):
    db_url = pg_url
    fast_db = Database.open(pg_url, busy_timeout_ms=SHORT_WAIT_MS)
    world = build_world(fast_db)
    with pytest.raises(StorageUnavailable) as caught, fast_db.uow() as uow:
        uow.annotations.count_for_pass(world.cpass.id)  # the connection is in use now
        if when == "commit":
            uow.annotations.apply(
                AnnotationChange(added=(annotation(world.cpass.id, 3, note=SECRET_NOTE),))
            )
        _terminate_others(db_url)
        if when == "flush":
            uow.annotations.apply(
                AnnotationChange(added=(annotation(world.cpass.id, 3, note=SECRET_NOTE),))
            )
        uow.commit()
    assert "cannot be reached" in str(caught.value)
    _plain(str(caught.value))
    assert _count(fast_db, world) == 0  # a fresh connection (pre-ping) works again
    _code_one(fast_db, world)
    assert _count(fast_db, world) == 1
    fast_db.dispose()


def test_every_translated_error_is_a_storage_error():
    for error in (StorageBusy, StorageReadOnly, StorageUnavailable):
        assert issubclass(error, StorageError)
