"""Where the database is, how SQLite is configured, and how a bad URL is reported."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.fixtures_db import free_port
from vfcoach.storage import engine as engine_module
from vfcoach.storage.database import Database
from vfcoach.storage.engine import (
    ENV_VAR,
    default_db_url,
    make_engine,
    mask_url,
    normalise_url,
    resolve_db_url,
)
from vfcoach.storage.errors import DatabaseUnavailable


def test_default_url_is_a_sqlite_file_in_the_user_data_folder(monkeypatch, tmp_path):
    folder = tmp_path / "data" / "vfcoach"
    monkeypatch.setattr(engine_module.platformdirs, "user_data_dir", lambda app: str(folder))
    url = default_db_url()
    assert url == f"sqlite:///{folder / 'vfcoach.sqlite'}"
    assert folder.is_dir()


def test_resolve_prefers_argument_then_environment_then_default(monkeypatch, tmp_path):
    monkeypatch.setattr(engine_module, "default_db_url", lambda: "sqlite:///default.sqlite")
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_db_url(None) == "sqlite:///default.sqlite"
    monkeypatch.setenv(ENV_VAR, "postgresql://u@h/env")
    assert resolve_db_url(None) == "postgresql://u@h/env"
    assert resolve_db_url("sqlite:///arg.sqlite") == "sqlite:///arg.sqlite"


def test_mask_url_hides_only_the_password():
    assert mask_url("postgresql+psycopg://coach:s3cret@db.example:5432/vf") == (
        "postgresql+psycopg://coach:***@db.example:5432/vf"
    )
    assert mask_url("sqlite:////home/x/vfcoach.sqlite") == "sqlite:////home/x/vfcoach.sqlite"
    assert "s3cret" not in mask_url("not a url://coach:s3cret@host/db")


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_plain_postgresql_urls_use_psycopg_3(scheme):
    url = f"{scheme}://coach:pw@localhost:5432/vf"
    assert normalise_url(url).drivername == "postgresql+psycopg"
    engine = make_engine(url)  # no connection is made yet
    assert engine.dialect.driver == "psycopg"
    engine.dispose()


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(sqlite_db: Database):
    with sqlite_db.engine.connect() as conn:
        assert conn.scalar(text("PRAGMA journal_mode")) == "wal"
        assert conn.scalar(text("PRAGMA foreign_keys")) == 1
        assert conn.scalar(text("PRAGMA synchronous")) == 2  # FULL
        assert conn.scalar(text("PRAGMA busy_timeout")) == engine_module.BUSY_TIMEOUT_MS


def test_every_thread_gets_a_configured_sqlite_connection(sqlite_db: Database):
    seen: list[int] = []

    def probe() -> None:
        with sqlite_db.engine.connect() as conn:
            seen.append(conn.scalar(text("PRAGMA foreign_keys")))

    worker = threading.Thread(target=probe)
    worker.start()
    worker.join()
    assert seen == [1]


def test_unopenable_sqlite_file_is_reported(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'missing-folder' / 'vfcoach.sqlite'}"
    with pytest.raises(DatabaseUnavailable, match="missing-folder"):
        Database.open(url)


def test_unreachable_postgres_is_reported_with_the_password_masked():
    url = f"postgresql://coach:s3cret@127.0.0.1:{free_port()}/vf"
    with pytest.raises(DatabaseUnavailable) as caught:
        Database.open(url)
    message = str(caught.value)
    assert "s3cret" not in message
    assert "coach:***@127.0.0.1" in message


def test_nonsense_url_is_reported():
    with pytest.raises(DatabaseUnavailable, match="not a database URL"):
        Database.open("just some words")


def test_database_shows_its_url_masked(sqlite_db: Database, sqlite_url: str):
    assert sqlite_db.url == sqlite_url
    assert sqlite_db.dialect == "sqlite"
    assert repr(sqlite_db) == f"Database({sqlite_url!r})"


@pytest.mark.postgres
def test_missing_postgres_database_is_reported(pg_server):
    url = pg_server.url("no_such_database").replace("postgres@", "postgres:pw@")
    with pytest.raises(DatabaseUnavailable, match="no_such_database") as caught:
        Database.open(url)
    assert ":pw@" not in str(caught.value)


def test_a_file_that_is_not_a_database_is_reported(tmp_path: Path):
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(DatabaseUnavailable, match="not a database"):
        Database.open(f"sqlite:///{path}")
