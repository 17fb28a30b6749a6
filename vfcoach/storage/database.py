"""The open database: an engine at the current schema plus the factory for units of work.

`Database.open` is the only way the app, the CLI and workers get at storage. It resolves the
URL (`--db`, then `VFCOACH_DB`, then the per-user SQLite file), connects once so a wrong
URL or an unreachable server fails now with a readable `DatabaseUnavailable` instead of on
the first keypress, and upgrades the schema (or refuses a newer one). One `Database` is
shared by all threads; each thread opens its own `UnitOfWork`.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import sessionmaker

from vfcoach.storage.engine import make_engine, mask_url, normalise_url, resolve_db_url
from vfcoach.storage.errors import DatabaseUnavailable, StorageError, describe_failure
from vfcoach.storage.migrate import migrate_to_head
from vfcoach.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


def _reason(exc: BaseException, password: str | None) -> str:
    """First line of the driver's complaint, with the password scrubbed just in case."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlite_errorname", None):  # a disk full or read-only: say so plainly
        return describe_failure(exc)
    text = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    if password:
        text = text.replace(password, "***")
    return text


def check_connection(url: str) -> str:
    """Connect once to `url` and say plainly what answered; nothing is created or migrated.
    Raises `DatabaseUnavailable` with the reason (password scrubbed) when it cannot."""
    masked = mask_url(url)
    try:
        parsed = normalise_url(url)
        engine = make_engine(parsed)
    except Exception as exc:  # a URL that is not one, an unknown dialect, a missing driver
        raise DatabaseUnavailable(
            f"'{masked}' is not a database address vfcoach can use ({exc})"
        ) from None
    try:
        with engine.connect() as connection:
            version = connection.dialect.server_version_info or ()
    except (OperationalError, DBAPIError) as exc:
        reason = _reason(exc, parsed.password if isinstance(parsed.password, str) else None)
        raise DatabaseUnavailable(f"could not connect to {masked}: {reason}") from None
    finally:
        engine.dispose()
    name = "PostgreSQL" if parsed.get_backend_name() == "postgresql" else "SQLite"
    shown = ".".join(str(v) for v in version[:2])
    return f"Connected to {name} {shown} at {masked}".replace("  ", " ")


class Database:
    """An engine at the current schema, and units of work over it."""

    def __init__(self, url: str, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str | None = None, busy_timeout_ms: int | None = None) -> Database:
        """Connect, migrate to head and return the database; raises `DatabaseUnavailable`
        when it cannot be reached and `SchemaTooNew` when a newer vfcoach owns it.

        `busy_timeout_ms` overrides how long a write waits for another writer's lock."""
        resolved = resolve_db_url(url)
        masked = mask_url(resolved)
        try:
            parsed = normalise_url(resolved)
        except Exception as exc:  # ArgumentError and friends: the URL itself is bad
            raise DatabaseUnavailable(f"'{masked}' is not a database URL ({exc})") from None
        try:
            waits = {} if busy_timeout_ms is None else {"busy_timeout_ms": busy_timeout_ms}
            engine = make_engine(parsed, **waits)
        except StorageError:  # an encrypted database: no passphrase, a wrong one, no key file
            raise
        except Exception as exc:  # e.g. an unknown dialect or a missing driver
            raise DatabaseUnavailable(f"cannot use database {masked}: {exc}") from None
        try:
            with engine.connect():
                pass
            migrate_to_head(engine)
        except (OperationalError, DBAPIError) as exc:
            engine.dispose()
            reason = _reason(exc, parsed.password if isinstance(parsed.password, str) else None)
            raise DatabaseUnavailable(f"cannot open database {masked}: {reason}") from None
        except StorageError:
            engine.dispose()
            raise
        log.info("opened database %s", masked)
        return cls(resolved, engine)

    @property
    def masked_url(self) -> str:
        """The URL as it may be shown to a person or written to a log."""
        return mask_url(self.url)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql', for the few places that say which one is in use."""
        return self.engine.dialect.name

    def uow(self) -> UnitOfWork:
        """A new unit of work; enter it with `with`, on the thread that will use it."""
        return UnitOfWork(self._sessions)

    def dispose(self) -> None:
        """Close pooled connections (at exit, or before a test drops the database)."""
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.dispose()

    def __repr__(self) -> str:
        return f"Database({self.masked_url!r})"
