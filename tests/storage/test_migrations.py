"""Migrations go up, down and up again, match the models exactly, and never touch a newer schema."""

from __future__ import annotations

import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from tests.storage.conftest import World, annotation, build_world
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.errors import SchemaTooNew
from vfcoach.storage.migrate import (
    current_revisions,
    downgrade_to,
    head_revision,
    known_revisions,
    migrate_to_head,
)
from vfcoach.storage.rows import Base

TABLES = {
    "family",
    "child",
    "visit",
    "recording",
    "scheme",
    "code",
    "coder",
    "caseload",
    "coding_pass",
    "annotation",
    "pass_tally",
    "setting",
    "audit_event",
    "reel",
    "reel_clip",
    "reliability_assignment",
    "bystander_span",  # 0015 (issue 14 §6)
    "consent",  # 0017 (issue 14 §1)
    # retention and erase (0018)
    "retention_rule",
    "legal_hold",
    "written_file",
    "erasure",
}


def tables(url: str) -> set[str]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_the_code_knows_one_linear_history():
    assert head_revision() == "0018"
    assert known_revisions() == {
        "0001",
        "0002",
        "0003",
        "0004",
        "0005",
        "0006",
        "0007",
        "0008",
        "0009",
        "0010",
        "0013",
        "0014",
        "0015",
        "0016",
        "0017",
        "0018",
    }


def test_open_migrates_a_fresh_database_to_head(db: Database, db_url: str):
    assert tables(db_url) == TABLES
    assert current_revisions(db.engine) == (head_revision(),)


def test_up_down_up(db_url: str):
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        migrate_to_head(engine)
        assert tables(db_url) == TABLES
        downgrade_to(engine, "base")
        assert tables(db_url) == set()
        assert current_revisions(engine) == ()
        migrate_to_head(engine)
        assert tables(db_url) == TABLES
        assert current_revisions(engine) == (head_revision(),)
    finally:
        engine.dispose()
    with Database.open(db_url) as db:  # and the result is fully usable
        world = build_world(db)
        with db.uow() as uow:
            uow.annotations.add(annotation(world.cpass.id, 1))
            uow.commit()


def test_reopening_at_head_changes_nothing(db: Database, db_url: str, world: World):
    with Database.open(db_url) as again, again.uow() as uow:
        assert uow.families.list() == [world.family]
    assert current_revisions(db.engine) == (head_revision(),)


def test_models_and_migrations_agree(db: Database):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_a_newer_schema_is_refused_and_left_untouched(db_url: str):
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('9999_from_the_future')"))
    engine.dispose()
    with pytest.raises(SchemaTooNew, match="9999_from_the_future"):
        Database.open(db_url)
    assert tables(db_url) == set()
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        assert current_revisions(engine) == ("9999_from_the_future",)
    finally:
        engine.dispose()


def test_a_database_newer_than_head_after_use_is_refused(db: Database, db_url: str, world):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9998_newer'"))
    with pytest.raises(SchemaTooNew, match="update vfcoach"):
        Database.open(db_url)
    with db.uow() as uow:  # the data is still there, untouched
        assert uow.families.list() == [world.family]


def test_two_processes_opening_a_fresh_database_at_once_both_succeed(db_url: str):
    """The upgrade holds a lock (BEGIN IMMEDIATE / advisory lock): one migrates, one waits."""
    results: list[object] = []

    def open_it() -> None:
        try:
            with Database.open(db_url) as db:
                results.append(current_revisions(db.engine))
        except Exception as exc:
            results.append(exc)

    workers = [threading.Thread(target=open_it) for _ in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert results == [(head_revision(),)] * 3
