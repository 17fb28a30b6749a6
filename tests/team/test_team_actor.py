"""On a team database the sign-in is who acts: `--as`/`--by` naming anyone else is refused."""

from __future__ import annotations

import psycopg
import pytest

from tests.cli.conftest import Cli
from tests.team.conftest import TeamDb
from vfcoach.services.access import SignedInOnly, actor_named
from vfcoach.services.team import admin
from vfcoach.storage.database import Database

pytestmark = pytest.mark.postgres


def _url(team_db: TeamDb, login: str) -> str:
    return f"postgresql://{login}@127.0.0.1:{team_db.server.port}/{team_db.name}"


@pytest.fixture(scope="module")
def people(team_db: TeamDb) -> tuple[str, str]:
    admin.init_team(team_db.admin_url)
    anna, sue = team_db.login("anna"), team_db.login("sue")
    admin.add_person(team_db.admin_url, sue, "supervisor", "pw")
    admin.add_person(team_db.admin_url, anna, "coach", "pw", supervisor=sue)
    return anna, sue


def test_the_actor_is_the_login(team_db: TeamDb, people: tuple[str, str]):
    anna, sue = people
    with Database.open(_url(team_db, anna)) as db:
        actor = actor_named(db, None)
        assert actor is not None and actor.name == anna and not actor.is_supervisor
        assert actor_named(db, anna) == actor
        with pytest.raises(SignedInOnly, match="act as yourself"):
            actor_named(db, sue)
    with Database.open(_url(team_db, sue)) as db:
        actor = actor_named(db, None)
        assert actor is not None and actor.name == sue and actor.is_supervisor


def test_a_login_nobody_added_is_refused(team_db: TeamDb, people: tuple[str, str]):
    with Database.open(team_db.admin_url) as db, pytest.raises(SignedInOnly, match="user add"):
        actor_named(db, None)


def test_the_cli_refuses_by_and_records_the_login(
    team_db: TeamDb, people: tuple[str, str], cli: Cli
):
    anna, sue = people
    refused = cli("double", "share", "25%", "--by", anna, "--db", _url(team_db, sue))
    assert refused.code == 1 and "leave out --as/--by" in refused.error_line
    done = cli("double", "share", "25%", "--db", _url(team_db, sue))
    assert done.code == 0, done.err
    with psycopg.connect(team_db.dsn()) as c:
        rows = c.execute("SELECT actor, written_by FROM audit_event").fetchall()
    assert rows and all(row == (sue, sue) for row in rows)
