"""The audit chain on a team database, tried from outside vfcoach with plain psycopg: a coach
cannot change, remove or forge an entry, the server links every entry (even one a coach writes
with a made-up hash), several people writing at once never fork the chain, everyone can check
the whole chain without reading it, and a supervisor reads their own team's entries only."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import psycopg
import pytest

from tests.team.conftest import TeamDb
from vfcoach.services.team import admin

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def people(team_db: TeamDb) -> Iterator[dict[str, str]]:
    url = team_db.admin_url
    admin.init_team(url)
    logins = {n: team_db.login(n) for n in ("sue", "anna", "bert", "ada")}
    admin.add_person(url, logins["sue"], "supervisor", "pw-sue")
    admin.add_person(url, logins["anna"], "coach", "pw-anna", supervisor=logins["sue"])
    admin.add_person(url, logins["bert"], "coach", "pw-bert")
    admin.add_person(url, logins["ada"], "admin", "pw-ada")
    yield logins


def _write(c: psycopg.Connection[tuple[object, ...]], action: str) -> None:
    c.execute(
        "INSERT INTO audit_event (at, actor, action, subject, detail) "
        "VALUES (now(), 'x', %s, 'recording:1', '{\"n\": 1}')",
        (action,),
    )


def _server_check(c: psycopg.Connection[tuple[object, ...]]) -> tuple[object, ...]:
    row = c.execute("SELECT entries, broken_seq, reason FROM vfc_audit_verify()").fetchone()
    assert row is not None
    return tuple(row)


def test_a_coach_cannot_change_or_remove_entries(team_db: TeamDb, people: dict[str, str]):
    with team_db.connect(people["anna"]) as c:
        _write(c, "test.mine")
        for statement in (
            "UPDATE audit_event SET action = 'x'",
            "DELETE FROM audit_event",
            "TRUNCATE audit_event",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                c.execute(statement)
    with (
        team_db.connect(people["ada"]) as c,  # nor can an admin
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        c.execute("DELETE FROM audit_event")
    with team_db.connect("postgres") as c:  # nor the owner, without first lifting the guard
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
            c.execute("UPDATE audit_event SET action = 'x'")
        assert _server_check(c)[1:] == (None, None)


def test_a_forged_link_is_replaced_by_the_servers(team_db: TeamDb, people: dict[str, str]):
    with team_db.connect(people["bert"]) as c:
        c.execute(
            "INSERT INTO audit_event (at, actor, action, subject, detail, seq, prev_hash,"
            " entry_hash) VALUES (now(), 'x', 'test.forged', 's', '{}', 1, repeat('0', 64),"
            " repeat('f', 64))"
        )
        # the coach sees no other entries, yet the check covers the whole chain
        entries, broken, reason = _server_check(c)
        assert (broken, reason) == (None, None)
    with team_db.connect("postgres") as c:
        total = c.execute("SELECT count(*), max(seq) FROM audit_event").fetchone()
        row = c.execute(
            "SELECT seq, entry_hash, written_by FROM audit_event WHERE action = 'test.forged'"
        ).fetchone()
    assert total is not None and entries == total[0] == total[1]
    assert row is not None and row[0] == total[1] and row[1] != "f" * 64
    assert row[2] == people["bert"]


def test_people_writing_at_once_never_fork_the_chain(team_db: TeamDb, people: dict[str, str]):
    errors: list[BaseException] = []

    def write(login: str) -> None:
        try:
            with team_db.connect(login) as c:
                for _ in range(20):
                    _write(c, "test.race")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(people[n],)) for n in ("anna", "bert", "sue")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with team_db.connect("postgres") as c:
        seqs = [r[0] for r in c.execute("SELECT seq FROM audit_event ORDER BY seq").fetchall()]
        assert seqs == list(range(1, len(seqs) + 1))
        assert _server_check(c) == (len(seqs), None, None)


def test_a_supervisor_reads_their_teams_entries_only(team_db: TeamDb, people: dict[str, str]):
    with team_db.connect(people["anna"]) as c:
        _write(c, "test.anna")
    with team_db.connect(people["bert"]) as c:
        _write(c, "test.bert")
    with team_db.connect(people["sue"]) as c:
        seen = {r[0] for r in c.execute("SELECT written_by FROM audit_event").fetchall()}
    assert people["anna"] in seen and people["bert"] not in seen
    with team_db.connect(people["ada"]) as c:
        seen = {r[0] for r in c.execute("SELECT written_by FROM audit_event").fetchall()}
    assert {people["anna"], people["bert"]} <= seen


def test_a_sign_in_is_in_the_trail(team_db: TeamDb, people: dict[str, str]):
    from vfcoach.services.team.sign_in import sign_in

    server = f"127.0.0.1:{team_db.server.port}/{team_db.name}"
    db, actor = sign_in(server, people["bert"], "pw-bert")
    try:
        with db.uow() as uow:
            mine = [e for e in uow.audit.trail() if e.action == "team.signed_in"]
            report = uow.audit.verify()
    finally:
        db.dispose()
    assert [e.subject for e in mine] == [f"coder:{actor.name}"] and report.intact


def test_a_team_database_from_before_the_chain_is_chained_on_upgrade(pg_url: str):
    from sqlalchemy import text

    from vfcoach.storage.database import Database
    from vfcoach.storage.engine import make_engine
    from vfcoach.storage.migrate import downgrade_to, migrate_to_head

    admin.init_team(pg_url)
    engine = make_engine(pg_url)
    try:
        downgrade_to(engine, "0010")
        with engine.begin() as conn:  # forced row-level security is on, as on any team database
            assert conn.execute(
                text("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'audit_event'")
            ).scalar()
            for i in range(3):
                conn.execute(
                    text(
                        "INSERT INTO audit_event (at, actor, action, subject, detail) "
                        "VALUES (now(), 'ana', :a, 's', '{}')"
                    ),
                    {"a": f"old.{i}"},
                )
        migrate_to_head(engine)
    finally:
        engine.dispose()
    db = Database.open(pg_url)
    try:
        with db.uow() as uow:
            events = [e for e in uow.audit.trail() if e.action.startswith("old.")]
            report = uow.audit.verify()
    finally:
        db.dispose()
    assert [e.action for e in events] == ["old.0", "old.1", "old.2"] and report.intact
    with db.engine.connect() as conn:
        assert conn.execute(
            text("SELECT relforcerowsecurity FROM pg_class WHERE relname = 'audit_event'")
        ).scalar()
