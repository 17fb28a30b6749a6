"""Bring a database to the schema this code expects, or refuse to touch it.

vfcoach upgrades on every start, so a coach never runs a migration by hand. The Alembic
environment ships inside the package and is configured here in code (no alembic.ini at
run time). Three rules:

- A database whose revision this code does not know was written by a newer vfcoach.
  Upgrading or even stamping it could destroy data the newer code relies on, so it raises
  `SchemaTooNew` before any write.
- The whole upgrade is one transaction that also serialises concurrent starters (SQLite
  `BEGIN IMMEDIATE`, a PostgreSQL advisory lock), so two processes opening a fresh database
  at once cannot both create the tables, and a crash mid-way leaves the old schema intact.
- On SQLite, foreign keys are off while migrating: batch mode rebuilds a table by copying
  it and dropping the original, and with enforcement on that drop would cascade-delete
  child rows. `PRAGMA foreign_key_check` must be clean before the commit.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from vfcoach.storage.engine import mask_url
from vfcoach.storage.errors import SchemaTooNew, StorageError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_PG_LOCK_KEY = 0x76666330  # "vfc0": any constant shared by every vfcoach process


def alembic_config(url: str | None = None, connection: Connection | None = None) -> Config:
    """An Alembic config built in code; pass it to `alembic.command` functions."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    """The shipped revisions; they cannot change while the program runs, so read them once."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:
        raise StorageError("vfcoach ships no migrations; the installation is broken")
    return head


def known_revisions() -> set[str]:
    return {rev.revision for rev in _scripts().walk_revisions()}


def current_revisions(engine: Engine) -> tuple[str, ...]:
    """The revisions recorded in the database; empty for a database never migrated."""
    with engine.connect() as conn:
        return tuple(MigrationContext.configure(conn).get_current_heads())


def migrate_to_head(engine: Engine) -> None:
    """Upgrade to the newest schema; a no-op (one query) when already there.

    The query runs before any lock: a database already at head (every start but the first
    after an update) opens at once even while another program holds SQLite's write lock
    through a long import. Only an actual upgrade takes the lock and looks again under it.
    """
    if current_revisions(engine) == (head_revision(),):
        return
    _migrate(engine, "head")


def downgrade_to(engine: Engine, revision: str = "base") -> None:
    """Go back to an older schema; used by tests and by a developer reverting a migration."""
    _migrate(engine, revision, downgrade=True)


def _migrate(engine: Engine, target: str, downgrade: bool = False) -> None:
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys = OFF")  # only takes effect outside BEGIN
            conn.commit()
        try:
            _migrate_locked(engine, conn, target, downgrade, sqlite)
        finally:
            if sqlite:
                conn.rollback()
                conn.exec_driver_sql("PRAGMA foreign_keys = ON")
                conn.commit()


def _migrate_locked(
    engine: Engine, conn: Connection, target: str, downgrade: bool, sqlite: bool
) -> None:
    if sqlite:
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # waits (busy timeout) for another starter
    else:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    current = MigrationContext.configure(conn).get_current_heads()
    known = known_revisions()
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        conn.rollback()
        raise SchemaTooNew(
            f"the database {mask_url(engine.url)} has schema revision {', '.join(unknown)}, "
            f"written by a newer vfcoach (this one knows up to {head_revision()}); "
            "update vfcoach to open it"
        )
    if not downgrade and tuple(current) == (head_revision(),):
        conn.rollback()
        return
    log.info("migrating %s from %s to %s", mask_url(engine.url), current or "empty", target)
    config = alembic_config(connection=conn)
    if downgrade:
        command.downgrade(config, target)
    else:
        command.upgrade(config, target)
    if sqlite:
        broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            conn.rollback()
            raise StorageError(f"migration left {len(broken)} broken references; rolled back")
    conn.commit()
