"""`team init` by a database owner who is not a superuser, as on a hosted server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, text

from tests.fixtures_db import PgServer
from vfcoach.services.team import admin

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def owned(pg_server: PgServer, pg_admin: Engine) -> Iterator[tuple[str, str, str]]:
    tag = uuid.uuid4().hex[:6]
    owner, name = f"boss_{tag}", f"vfcoach_owned_{tag}"
    with pg_admin.connect() as conn:
        conn.execute(text(f'CREATE ROLE "{owner}" LOGIN CREATEROLE'))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
    yield owner, name, tag
    with pg_admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def test_an_ordinary_owner_sets_up_the_team_and_sees_everything(
    pg_server: PgServer, owned: tuple[str, str, str]
):
    owner, name, tag = owned
    url = f"postgresql://{owner}@127.0.0.1:{pg_server.port}/{name}"
    admin.init_team(url)
    admin.init_team(url)
    coach = f"dora_{tag}"
    admin.add_person(url, coach, "coach", "pw")
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("INSERT INTO family (code, programme) VALUES ('F-1', 'VIPP'), ('F-2', 'VIPP')")
    admin.caseload_add(url, coach, "F-1")
    dsn = f"host=127.0.0.1 port={pg_server.port} dbname={name} user="
    with psycopg.connect(dsn + owner) as c:  # the owner is under the rules too, as an admin
        assert c.execute("SELECT count(*) FROM family").fetchone() == (2,)
        forced = c.execute(
            "SELECT bool_and(relforcerowsecurity) FROM pg_class WHERE relname = 'family'"
        ).fetchone()
        assert forced == (True,)
    with psycopg.connect(dsn + coach) as c:
        assert c.execute("SELECT code FROM family").fetchall() == [("F-1",)]
