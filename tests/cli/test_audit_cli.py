"""`vfcoach audit verify|show` on a real database (SQLite and PostgreSQL): an intact chain, one
field of one old entry changed with plain SQL (the guard dropped first, as someone with the
file would) named exactly, and show's family and day filters."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Cli
from vfcoach.storage import audit_chain
from vfcoach.storage.database import Database


def _world(db: Database) -> dict[str, int]:
    with db.uow() as uow:
        mine = uow.families.add("F-0417")
        other = uow.families.add("F-0999")
        visit = uow.visits.add(mine.id, 1)
        uow.audit.record("ana", "family.added", f"family:{mine.id}", {})
        uow.audit.record("ana", "visit.added", f"visit:{visit.id}", {"number": 1})
        uow.audit.record("bo", "family.added", f"family:{other.id}", {})
        uow.audit.record("ana", "setting.changed", "setting:x", {"to": 2})
        uow.commit()
    return {"mine": int(mine.id), "other": int(other.id)}


def test_verify_intact_then_names_the_changed_entry(cli: Cli, db: Database):
    _world(db)
    ok = cli("audit", "verify", "--db", db.url)
    assert (ok.code, ok.out.strip()) == (0, "4 entries, chain intact")
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            for name in audit_chain.SQLITE_GUARDS:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
        else:
            conn.exec_driver_sql("ALTER TABLE audit_event DISABLE TRIGGER vfc_audit_append_only")
        conn.exec_driver_sql("UPDATE audit_event SET actor = 'someone else' WHERE seq = 2")
    broken = cli("audit", "verify", "--db", db.url)
    assert broken.code == 1 and broken.out == ""
    line = broken.error_line
    assert "first broken entry 2 (" in line and "visit.added" in line and "changed" in line
    assert "entry 1 " not in line and "entry 3" not in line


def test_show_filters_by_family_and_day(cli: Cli, sqlite_db: Database):
    ids = _world(sqlite_db)
    everything = cli("audit", "show", "--json", "--db", sqlite_db.url)
    assert everything.code == 0
    rows = json.loads(everything.out)
    assert [r["seq"] for r in rows] == [1, 2, 3, 4]
    family = json.loads(cli("audit", "show", "--family", "F-0417", "--json", "--db",
                            sqlite_db.url).out)  # fmt: skip
    assert [r["subject"] for r in family] == [f"family:{ids['mine']}", "visit:1"]
    later = cli("audit", "show", "--since", "2999-01-01", "--db", sqlite_db.url)
    assert (later.code, later.out) == (0, "")
    text = cli("audit", "show", "--db", sqlite_db.url)
    assert text.out.splitlines()[0].split()[0] == "1" and "family.added" in text.out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--family", "F-NOPE"), "no family 'F-NOPE'"),
        (("--since", "yesterday"), "YYYY-MM-DD"),
    ],
)
def test_show_refuses_in_one_line(cli: Cli, sqlite_db: Database, argv: tuple[str, ...], says: str):
    _world(sqlite_db)
    refused = cli("audit", "show", *argv, "--db", sqlite_db.url)
    assert refused.code in (1, 2) and says in refused.error_line
