"""Alembic environment, loaded by `alembic.command` from `vfcoach.storage.migrate`.

The connection normally arrives in `config.attributes["connection"]`, inside a transaction
the caller owns, so the upgrade commits or rolls back as one piece. Without one (a developer
running `alembic.command.revision(alembic_config(url), autogenerate=True)`), a throwaway
engine with `NullPool` is built from the URL so no pooled connection outlives the command.
`render_as_batch` because SQLite cannot ALTER most things; on PostgreSQL it emits plain ALTERs.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection
from sqlalchemy.pool import NullPool

from vfcoach.storage.engine import make_engine
from vfcoach.storage.rows import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    """Emit SQL for a DBA to review instead of touching a database."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        render_as_batch=True,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _configure(given)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection and no sqlalchemy.url: use vfcoach.storage.migrate")
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            _configure(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
