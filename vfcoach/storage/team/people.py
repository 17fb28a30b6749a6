"""People of a team database: a PostgreSQL login role and the matching `coder` row.

Every statement that names a role quotes it with `psycopg.sql.Identifier`, and names are
checked against `LOGIN_NAME` before any SQL is built, so a name can never carry SQL. A
password goes to the server only inside `CREATE/ALTER ROLE ... PASSWORD`, hashed there with
SCRAM (`password_encryption`), and is never logged or echoed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from psycopg import sql

from vfcoach.storage.errors import TeamRefused
from vfcoach.storage.team.policies import ADMIN, COACH, SUPERVISOR
from vfcoach.storage.team.setup import Connection

LOGIN_NAME = re.compile(r"[a-z][a-z0-9_.-]{0,62}")
ROLES = {"coach": COACH, "supervisor": SUPERVISOR, "admin": ADMIN}
_RESERVED = ("pg_", "vfcoach_", "postgres", "public")


def check_name(name: str) -> str:
    """The name as a login role may take it, or `TeamRefused` saying what a name may hold."""
    if not LOGIN_NAME.fullmatch(name) or name.startswith(_RESERVED):
        raise TeamRefused(
            f"'{name}' cannot be a sign-in name: use lower-case letters, digits, '.', '-' or "
            "'_', starting with a letter, at most 63 characters (not 'pg_…' or 'vfcoach_…')"
        )
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise TeamRefused(f"'{role}' is not a team role: say coach, supervisor or admin")
    return role


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str
    supervisor: str | None
    disabled: bool
    families: tuple[str, ...]


def require_admin(conn: Connection) -> None:
    """Only a member of vfcoach_admin manages people (the server would refuse anyway)."""
    row = conn.execute("SELECT pg_has_role(current_user, %s, 'MEMBER')", (ADMIN,)).fetchone()
    if not row or not row[0]:
        raise TeamRefused("only an admin of the team database manages people and caseloads")


def _supervisor_id(conn: Connection, name: str) -> int:
    """A person who may supervise: a supervisor or an admin of the team."""
    row = conn.execute(
        "SELECT id, team_role FROM coder WHERE login = %s", (check_name(name),)
    ).fetchone()
    if row is None:
        raise TeamRefused(f"nobody called '{name}' has a sign-in on this team database")
    if row[1] not in ("supervisor", "admin"):
        raise TeamRefused(
            f"'{name}' is a {row[1]}; make them a supervisor first (vfcoach user role)"
        )
    return int(row[0])


def _coder_id(conn: Connection, name: str) -> int:
    row = conn.execute("SELECT id FROM coder WHERE login = %s", (name,)).fetchone()
    if row is None:
        raise TeamRefused(f"nobody called '{name}' has a sign-in on this team database")
    return int(str(row[0]))


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone() is not None


def add_person(
    conn: Connection, name: str, role: str, password: str | None, supervisor: str | None
) -> None:
    """A LOGIN role in the role's group, plus the coder row (an existing coder is linked)."""
    check_name(name)
    check_role(role)
    supervisor_id = None if supervisor is None else _supervisor_id(conn, supervisor)
    if _role_exists(conn, name):
        raise TeamRefused(f"a sign-in called '{name}' already exists on this server")
    ident = sql.Identifier(name)
    conn.execute("SET LOCAL password_encryption = 'scram-sha-256'")
    if password:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password))
        )
    else:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(ident))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), ident))
    if role == "admin":
        conn.execute(sql.SQL("ALTER ROLE {} CREATEROLE").format(ident))
    old_role = "supervisor" if role == "supervisor" else "coder"
    conn.execute(
        "INSERT INTO coder (name, is_master, role, login, team_role, supervisor_id, disabled) "
        "VALUES (%s, false, %s, %s, %s, %s, false) "
        "ON CONFLICT (name) DO UPDATE SET login = EXCLUDED.login, "
        "team_role = EXCLUDED.team_role, role = EXCLUDED.role, "
        "supervisor_id = EXCLUDED.supervisor_id, disabled = false",
        (name, old_role, name, role, supervisor_id),
    )


def list_people(conn: Connection) -> list[Person]:
    rows = conn.execute(
        "SELECT c.login, c.team_role, s.login, c.disabled, "
        "  coalesce(array_agg(f.code ORDER BY f.code) FILTER (WHERE f.code IS NOT NULL), '{}') "
        "FROM coder c LEFT JOIN coder s ON s.id = c.supervisor_id "
        "LEFT JOIN caseload k ON k.coach_id = c.id LEFT JOIN family f ON f.id = k.family_id "
        "WHERE c.login IS NOT NULL GROUP BY c.id, s.login ORDER BY c.login"
    ).fetchall()
    return [
        Person(
            str(r[0]),
            str(r[1]),
            None if r[2] is None else str(r[2]),
            bool(r[3]),
            tuple(str(code) for code in r[4]),
        )
        for r in rows
    ]


def disable_person(conn: Connection, name: str) -> None:
    """NOLOGIN: they can no longer connect; their codes and passes stay as they are."""
    coder = _coder_id(conn, check_name(name))
    conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(name)))
    conn.execute("UPDATE coder SET disabled = true WHERE id = %s", (coder,))


def set_role(conn: Connection, name: str, role: str) -> None:
    coder = _coder_id(conn, check_name(name))
    check_role(role)
    ident = sql.Identifier(name)
    for group in ROLES.values():
        conn.execute(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(group), ident))
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(ROLES[role]), ident))
    attribute = "CREATEROLE" if role == "admin" else "NOCREATEROLE"
    conn.execute(sql.SQL("ALTER ROLE {} " + attribute).format(ident))
    old_role = "supervisor" if role == "supervisor" else "coder"
    conn.execute(
        "UPDATE coder SET team_role = %s, role = %s WHERE id = %s", (role, old_role, coder)
    )


def set_supervisor(conn: Connection, name: str, supervisor: str) -> None:
    coder = _coder_id(conn, check_name(name))
    boss = _supervisor_id(conn, supervisor)
    if boss == coder:
        raise TeamRefused(f"'{name}' cannot supervise themselves")
    conn.execute("UPDATE coder SET supervisor_id = %s WHERE id = %s", (boss, coder))


def _family_id(conn: Connection, code: str) -> int:
    row = conn.execute("SELECT id FROM family WHERE code = %s", (code,)).fetchone()
    if row is None:
        raise TeamRefused(f"there is no family '{code}' in this team database")
    return int(str(row[0]))


def caseload_add(conn: Connection, name: str, family_code: str, programme: str) -> bool:
    """Put the family on the coach's caseload; a family not yet here is created first (True),
    so an admin can hand a coach a new family before its first video exists."""
    coder = _coder_id(conn, check_name(name))
    found = conn.execute("SELECT id FROM family WHERE code = %s", (family_code,)).fetchone()
    created = found is None
    if found is None:
        found = conn.execute(
            "INSERT INTO family (code, programme) VALUES (%s, %s) RETURNING id",
            (family_code, programme),
        ).fetchone()
        assert found is not None
        conn.execute(
            "INSERT INTO audit_event (at, actor, action, subject, detail) "
            "VALUES (now(), current_user, 'family.added', 'family:' || %s, %s)",
            (found[0], json.dumps({"programme": programme})),
        )
        conn.execute(  # issue 14 §1: every family starts with coaching consent
            "INSERT INTO consent (family_id, scope, consented_by, recorded_by, recorded_at, "
            "document) VALUES (%s, 'coaching', '', current_user, now(), '')",
            (found[0],),
        )
    family = int(found[0])
    conn.execute(
        "INSERT INTO caseload (coach_id, family_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        (coder, family),
    )
    return created


def caseload_remove(conn: Connection, name: str, family_code: str) -> bool:
    """False when the family was not on their caseload (nothing changed)."""
    coder = _coder_id(conn, check_name(name))
    family = _family_id(conn, family_code)
    done = conn.execute(
        "DELETE FROM caseload WHERE coach_id = %s AND family_id = %s", (coder, family)
    )
    return done.rowcount > 0
