"""The audit chain in a real database, on SQLite and PostgreSQL: every entry links to the one
before it, the table refuses changes, and an attacker who gets past the guard with plain SQL
is caught by `verify`, which names exactly the entry that was touched."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text

from vfcoach.coding.audit_chain import verify
from vfcoach.storage import audit_chain
from vfcoach.storage.database import Database
from vfcoach.storage.errors import StorageError
from vfcoach.storage.migrate import downgrade_to, migrate_to_head

# details PostgreSQL's jsonb and Python must print alike: key lengths, floats, unicode, nesting
TRICKY = [
    {"kind": "reel", "frames": [1, 2, 3]},
    {"zz": 1.5e-7, "a": 1e20, "bb": -0.0, "ccc": 2.5},
    {"ünï": 'çödé ✓\n\t"q"\\', "é": None, "e": True, "nested": {"b": [], "a": {}}},
    {},
    {"big": 2**53 + 1, "neg": -17, "s": "\x01\x1f"},
    # keys of one byte length but different characters; extreme and awkward floats
    {"é": 1, "ab": 2, "z": 3, "ü1": 4, "€": 5, "aaa": [5e-324, 1.7976931348623157e308]},
    {"f": [123456789.123, 0.1, 1e-05, 1e16, -2.5e-10, 3.0]},
]


def _fill(db: Database, n: int = 6) -> None:
    with db.uow() as uow:
        for i in range(n):
            uow.audit.record("ana", f"test.{i}", f"recording:{i}", TRICKY[i % len(TRICKY)])
        uow.commit()


def _attack(engine: Engine, *statements: str) -> None:
    """Plain SQL as someone with the file or the database owner's password would run it."""
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)


def _lift_guard(db: Database) -> list[str]:
    if db.dialect == "sqlite":
        return [f"DROP TRIGGER {name}" for name in audit_chain.SQLITE_GUARDS]
    return ["ALTER TABLE audit_event DISABLE TRIGGER vfc_audit_append_only"]


def _restore_guard(db: Database) -> list[str]:
    if db.dialect == "sqlite":
        return [
            "CREATE TRIGGER vfc_audit_no_update BEFORE UPDATE ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'no'); END",
            "CREATE TRIGGER vfc_audit_no_delete BEFORE DELETE ON audit_event "
            "BEGIN SELECT RAISE(ABORT, 'no'); END",
        ]
    return ["ALTER TABLE audit_event ENABLE TRIGGER vfc_audit_append_only"]


def test_entries_link_up_and_python_agrees_with_the_server(db: Database):
    _fill(db, 14)
    with db.uow() as uow:
        report = uow.audit.verify()
        events = uow.audit.trail()
        # the Python walk over the stored rows: on PostgreSQL the server computed every link
        python_view = verify(audit_chain.entries(uow.audit._session))
    assert report.intact and report.describe() == "14 entries, chain intact"
    assert python_view.intact and python_view.count == 14
    assert [e.seq for e in events] == list(range(1, 15))
    assert events[2].detail == TRICKY[2]


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"]
)
def test_the_table_refuses_changes(db: Database, statement: str):
    _fill(db, 2)
    with pytest.raises(Exception, match="append-only"):
        _attack(db.engine, statement)
    with db.uow() as uow:
        assert uow.audit.verify().intact and len(uow.audit.trail()) == 2


def test_truncate_is_refused_on_postgres(db: Database):
    if db.dialect != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _fill(db, 2)
    with pytest.raises(Exception, match="append-only"):
        _attack(db.engine, "TRUNCATE audit_event")


def test_a_changed_field_of_an_old_entry_is_named(db: Database):
    _fill(db, 8)
    _attack(
        db.engine,
        *_lift_guard(db),
        "UPDATE audit_event SET subject = 'recording:99' WHERE seq = 3",
        *_restore_guard(db),
    )
    with db.uow() as uow:
        report = uow.audit.verify()
    assert report.broken is not None and report.broken.seq == 3
    assert report.broken.action == "test.2"
    assert report.problem is None  # the guard is back, but the chain remembers
    assert "entry 3" in report.describe() and "changed" in report.describe()


def test_a_removed_guard_is_reported_even_before_anything_changed(db: Database):
    _fill(db, 3)
    _attack(db.engine, *_lift_guard(db))
    with db.uow() as uow:
        report = uow.audit.verify()
    assert report.broken is None and report.problem is not None
    assert not report.intact and "guard" in report.describe()


def test_a_deleted_entry_is_named(db: Database):
    _fill(db, 6)
    _attack(db.engine, *_lift_guard(db), "DELETE FROM audit_event WHERE seq = 4")
    with db.uow() as uow:
        report = uow.audit.verify()
    assert report.broken is not None and report.broken.seq == 4
    assert "missing" in report.describe() and "entry 5" in report.describe()


def test_reordered_entries_are_named(db: Database):
    _fill(db, 6)
    _attack(
        db.engine,
        *_lift_guard(db),
        "UPDATE audit_event SET seq = -2 WHERE seq = 2",
        "UPDATE audit_event SET seq = 2 WHERE seq = 5",
        "UPDATE audit_event SET seq = 5 WHERE seq = -2",
    )
    with db.uow() as uow:
        report = uow.audit.verify()
    assert report.broken is not None and report.broken.seq == 2


def test_a_client_cannot_write_its_own_link(db: Database):
    _fill(db, 2)
    if db.dialect == "sqlite":
        with pytest.raises(Exception, match="UNIQUE"):  # the number is taken
            _attack(
                db.engine,
                "INSERT INTO audit_event (at, actor, action, subject, detail, seq, prev_hash,"
                " entry_hash) VALUES ('2026-01-01 00:00:00', 'x', 'forged', 's', '{}', 2,"
                " 'f', 'f')",
            )
        return
    _attack(
        db.engine,
        "INSERT INTO audit_event (at, actor, action, subject, detail, seq, prev_hash,"
        " entry_hash) VALUES (now(), 'x', 'forged', 's', '{}', 1, repeat('0', 64), 'f')",
    )
    with db.uow() as uow:
        assert uow.audit.verify().describe() == "3 entries, chain intact"
        assert [e.seq for e in uow.audit.trail()] == [1, 2, 3]


def test_concurrent_writers_never_fork_the_chain(db: Database):
    errors: list[BaseException] = []

    def write(who: str) -> None:
        try:
            for i in range(15):
                with db.uow() as uow:
                    uow.audit.record(who, "test.write", f"recording:{i}", {"i": i})
                    uow.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(f"w{n}",)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.uow() as uow:
        report = uow.audit.verify()
        seqs = [e.seq for e in uow.audit.trail()]
    assert report.describe() == "45 entries, chain intact"
    assert seqs == list(range(1, 46))


def test_the_migration_chains_existing_entries(db: Database):
    downgrade_to(db.engine, "0010")
    with db.engine.begin() as conn:
        for i in range(4):
            conn.execute(
                text(
                    "INSERT INTO audit_event (at, actor, action, subject, detail) "
                    "VALUES (:at, 'ana', :action, 's', :detail)"
                ),
                {"at": f"2026-01-0{i + 1} 10:00:00", "action": f"old.{i}", "detail": '{"n": 1.5}'},
            )
    migrate_to_head(db.engine)
    _fill(db, 2)
    with db.uow() as uow:
        report = uow.audit.verify()
        events = uow.audit.trail()
    assert report.describe() == "6 entries, chain intact"
    assert [e.action for e in events[:4]] == ["old.0", "old.1", "old.2", "old.3"]


def test_bad_input_writes_nothing(db: Database):
    with db.uow() as uow, pytest.raises(StorageError):
        uow.audit.record("", "a", "s", {})
    with db.uow() as uow:
        assert uow.audit.verify().describe() == "0 entries, chain intact"


def test_a_replaced_server_check_cannot_vouch_for_a_changed_trail(db: Database):
    if db.dialect != "postgresql":
        pytest.skip("the server-side check is PostgreSQL's")
    _fill(db, 4)
    _attack(
        db.engine,
        *_lift_guard(db),
        "UPDATE audit_event SET action = 'test.hidden' WHERE seq = 2",
        *_restore_guard(db),
        "CREATE OR REPLACE FUNCTION vfc_audit_verify() RETURNS TABLE (entries bigint,"
        " broken_seq integer, broken_at timestamptz, broken_action text, reason text,"
        " next_seq integer) LANGUAGE sql AS $$ SELECT count(*), NULL::integer,"
        " NULL::timestamptz, NULL::text, NULL::text, NULL::integer FROM audit_event $$",
    )
    with db.uow() as uow:
        report = uow.audit.verify()
    assert report.broken is not None and report.broken.seq == 2
