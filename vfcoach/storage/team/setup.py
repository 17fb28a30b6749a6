"""`team init`: make a migrated PostgreSQL database a team database, or bring one up to date.

Runs as the admin login that owns the tables. In one transaction it creates the three group
roles (NOLOGIN), lets only them connect, grants table rights, (re)creates the helper
functions, replaces every policy and stamping trigger, and forces row-level security on every
table, so a second run upgrades in place and a failed run changes nothing.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from vfcoach.storage.team.functions import FUNCTION_NAMES, FUNCTIONS
from vfcoach.storage.team.policies import (
    ADMIN,
    GROUPS,
    MEMBERS,
    TABLES,
    table_statements,
)

Connection = psycopg.Connection[tuple[Any, ...]]


def connect(url: str) -> Connection:
    """A plain psycopg connection (no SQLAlchemy) for the team's DDL and role management."""
    parsed = make_url(url).set(drivername="postgresql")
    return psycopg.connect(parsed.render_as_string(hide_password=False))


def _run(conn: Connection, statement: str | sql.Composed | sql.SQL) -> None:
    conn.execute(sql.SQL(statement) if isinstance(statement, str) else statement)


def _scalar(conn: Connection, query: str, params: tuple[object, ...] = ()) -> object:
    row = conn.execute(query, params).fetchone()
    return None if row is None else row[0]


def _ensure_groups(conn: Connection) -> None:
    existing = {row[0] for row in conn.execute("SELECT rolname FROM pg_roles")}
    for group in GROUPS:
        if group not in existing:
            _run(conn, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    _run(conn, sql.SQL("GRANT {} TO CURRENT_USER").format(sql.Identifier(ADMIN)))


def _drop_policies(conn: Connection, schema: str) -> None:
    rows = conn.execute(
        "SELECT tablename, policyname FROM pg_policies WHERE schemaname = %s", (schema,)
    ).fetchall()
    for table, policy in rows:
        _run(
            conn,
            sql.SQL("DROP POLICY {} ON {}").format(
                sql.Identifier(str(policy)), sql.Identifier(str(table))
            ),
        )


def apply_team_rules(conn: Connection) -> None:
    """Everything `team init` sets up, inside the caller's transaction (commit it after)."""
    schema = str(_scalar(conn, "SELECT current_schema()"))
    database = str(_scalar(conn, "SELECT current_database()"))
    quoted_schema = sql.Identifier(schema)
    _ensure_groups(conn)
    _run(
        conn, sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(sql.Identifier(database))
    )
    _run(
        conn,
        sql.SQL("GRANT CONNECT ON DATABASE {} TO " + ", ".join(GROUPS)).format(
            sql.Identifier(database)
        ),
    )
    _run(conn, sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(quoted_schema))
    _run(conn, sql.SQL("GRANT USAGE ON SCHEMA {} TO " + ", ".join(GROUPS)).format(quoted_schema))
    _run(conn, FUNCTIONS.replace("{schema}", quoted_schema.as_string(conn)))
    for function in FUNCTION_NAMES:
        _run(conn, f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        _run(conn, f"GRANT EXECUTE ON FUNCTION {function} TO {', '.join(GROUPS)}")
    _drop_policies(conn, schema)
    for statement in table_statements():
        _run(conn, statement)
    _run(
        conn,
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO " + ", ".join(GROUPS)).format(
            quoted_schema
        ),
    )
    # The schema revision: everyone reads it (opening checks it), nobody but admins writes it.
    for statement in (
        "ALTER TABLE alembic_version ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE alembic_version FORCE ROW LEVEL SECURITY",
        f"GRANT SELECT ON alembic_version TO {MEMBERS}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON alembic_version TO {ADMIN}",
        f"CREATE POLICY vfc_read ON alembic_version FOR SELECT TO {MEMBERS} USING (true)",
        f"CREATE POLICY vfc_admin ON alembic_version TO {ADMIN} USING (true) WITH CHECK (true)",
    ):
        _run(conn, statement)


def is_team_database(conn: Connection) -> bool:
    """Whether `team init` ran here: the tables are forced under row-level security."""
    forced = _scalar(
        conn,
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relforcerowsecurity "
        "AND c.relname = ANY(%s)",
        (list(TABLES),),
    )
    return bool(forced)
