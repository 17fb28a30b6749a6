"""One team database per test module on the suite's PostgreSQL server, and its people.

Login roles are cluster-wide, so each module's people carry a suffix of their own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from sqlalchemy import Engine, text

from tests.cli.conftest import cli  # noqa: F401  (fixture for the CLI tests)
from tests.fixtures_db import PG_USER, PgServer


@dataclass
class TeamDb:
    server: PgServer
    name: str
    suffix: str

    @property
    def admin_url(self) -> str:
        return self.server.url(self.name)

    def login(self, person: str) -> str:
        return f"{person}{self.suffix}"

    def dsn(self, login: str = PG_USER) -> str:
        return f"host=127.0.0.1 port={self.server.port} dbname={self.name} user={login}"

    def connect(self, login: str) -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(self.dsn(login), autocommit=True)


@pytest.fixture(scope="module")
def team_db(pg_server: PgServer, pg_admin: Engine) -> Iterator[TeamDb]:
    """A fresh, migrated, empty database (team init is the test's own business)."""
    name = f"vfcoach_team_{uuid.uuid4().hex[:10]}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield TeamDb(pg_server, name, f"_{uuid.uuid4().hex[:6]}")
    with pg_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
