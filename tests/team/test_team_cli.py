"""`vfcoach team init`, `user ...` and `caseload ...` against a real PostgreSQL (issue 13 §1)."""

from __future__ import annotations

import io

import psycopg
import pytest

from tests.cli.conftest import Cli
from tests.team.conftest import TeamDb
from vfcoach.services.team import admin

pytestmark = pytest.mark.postgres


def _url(team_db: TeamDb, login: str = "postgres") -> str:
    return f"postgresql://{login}@127.0.0.1:{team_db.server.port}/{team_db.name}"


def test_init_twice_then_manage_people(team_db: TeamDb, cli: Cli, monkeypatch: pytest.MonkeyPatch):
    db = _url(team_db)
    for _run in range(2):  # the second run upgrades in place
        done = cli("team", "init", "--db", db)
        assert done.code == 0, done.err
    anna, sue = team_db.login("anna"), team_db.login("sue")
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-Sue\n"))
    assert cli("user", "add", sue, "--role", "supervisor", "--password-stdin", "--db", db).code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-Anna\n"))
    added = cli(
        "user", "add", anna, "--role", "coach", "--supervisor", sue, "--password-stdin", "--db", db
    )
    assert added.code == 0, added.err
    assert "s3cret" not in added.out + added.err
    with team_db.connect("postgres") as c:
        stored = c.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (anna,))
        assert str(stored.fetchone()[0]).startswith("SCRAM-SHA-256$")
        c.execute("INSERT INTO family (code, programme) VALUES ('F-0417', 'VIPP')")
    assert cli("caseload", "add", anna, "F-0417", "--db", db).code == 0
    fresh = cli("caseload", "add", anna, "F-0500", "--programme", "VIPP", "--db", db)
    assert fresh.code == 0 and "new family F-0500 (VIPP)" in fresh.out
    assert cli("caseload", "remove", anna, "F-0500", "--db", db).code == 0
    not_a_supervisor = cli("user", "supervisor", sue, anna, "--db", db)
    assert not_a_supervisor.code == 1 and "make them a supervisor" in not_a_supervisor.error_line
    listed = cli("user", "list", "--db", db)
    assert f"{anna}  coach  supervised by {sue}  families F-0417" in listed.out

    # Only an admin manages people: the coach's own login is refused, in one line.
    refused = cli("user", "role", anna, "admin", "--db", _url(team_db, anna))
    assert refused.code == 1 and "only an admin" in refused.error_line
    refused = cli("caseload", "add", anna, "F-0417", "--db", _url(team_db, anna))
    assert refused.code == 1 and "only an admin" in refused.error_line

    assert cli("user", "role", anna, "supervisor", "--db", db).code == 0
    with team_db.connect("postgres") as c:
        member = c.execute("SELECT pg_has_role(%s, 'vfcoach_supervisor', 'MEMBER')", (anna,))
        assert member.fetchone()[0] is True
        member = c.execute("SELECT pg_has_role(%s, 'vfcoach_coach', 'MEMBER')", (anna,))
        assert member.fetchone()[0] is False
    assert cli("caseload", "remove", anna, "F-0417", "--db", db).code == 0
    assert "families" not in cli("user", "list", "--db", db).out

    assert cli("user", "disable", anna, "--db", db).code == 0
    with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
        team_db.connect(anna)
    assert (
        f"{anna}  supervisor  supervised by {sue}  disabled" in cli("user", "list", "--db", db).out
    )


@pytest.mark.parametrize(
    "name", ["x; DROP ROLE postgres", 'a"b', "Robert'); --", "pg_monitor", "vfcoach_admin"]
)
def test_a_name_that_is_not_a_plain_login_is_refused(
    team_db: TeamDb, cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str
):
    cli("team", "init", "--db", _url(team_db))
    monkeypatch.setattr("sys.stdin", io.StringIO("pw\n"))
    done = cli("user", "add", name, "--role", "coach", "--password-stdin", "--db", _url(team_db))
    assert done.code in (1, 2)
    with team_db.connect("postgres") as c:
        assert c.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", (name,)).fetchone()[
            0
        ] == (1 if name in ("pg_monitor", "vfcoach_admin") else 0)


def test_team_init_refuses_sqlite(cli: Cli, tmp_path):
    done = cli("team", "init", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert done.code == 1 and "PostgreSQL" in done.error_line


def test_refusals_by_the_server_are_one_plain_line(team_db: TeamDb, cli: Cli):
    cli("team", "init", "--db", _url(team_db))
    zed = team_db.login("zed")
    admin.add_person(team_db.admin_url, zed, "coach", "pw")
    coach_init = cli("team", "init", "--db", _url(team_db, zed))
    assert coach_init.code == 1 and "owner or an admin" in coach_init.error_line
    nowhere = cli("user", "list", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert nowhere.code == 1 and "cannot reach the team database" in nowhere.error_line
