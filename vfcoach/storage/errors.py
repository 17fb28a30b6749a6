"""Storage errors a person can read, and the one place database exceptions become them.

The UI and CLI catch `VfcoachError` and show its message; they never import SQLAlchemy. So
every driver exception that can reach them is translated here into a named error whose
message says what to do, and never carries a database password.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vfcoach.coding.errors import VfcoachError


class StorageError(VfcoachError):
    """Base of everything the storage layer raises on purpose."""


class NotFound(StorageError):
    """A row asked for by id does not exist (deleted meanwhile, or a stale id)."""


class PassLocked(StorageError):
    """An edit to a coding pass that is submitted or locked; such a pass is read-only."""


class SchemeLocked(StorageError):
    """An in-place edit of a scheme version a pass already uses; save it as a new version."""


class SchemaTooNew(StorageError):
    """The database was migrated by a newer vfcoach; this one will not touch it."""


class Conflict(StorageError):
    """A write that would break a uniqueness rule (family code, visit number, scheme version)."""


class DatabaseUnavailable(StorageError):
    """The database cannot be opened or reached; the message names it with the password masked."""


def flush_or_conflict(session: Session, message: str) -> None:
    """Flush now so a uniqueness violation surfaces as `Conflict` at the call that caused it.

    Repositories check for duplicates with a query first, for a clear message; this catches
    the race where another connection inserted the same key in between. The session's
    transaction is then unusable, which is right: the unit of work rolls back.
    """
    try:
        session.flush()
    except IntegrityError as exc:
        raise Conflict(message) from exc


_SQLITE_WORDS = {
    "SQLITE_READONLY": "the database is read-only (check the file's permissions and the disk)",
    "SQLITE_FULL": "the disk holding the database is full; nothing was saved",
    "SQLITE_BUSY": "the database is busy (another vfcoach is writing); try again",
    "SQLITE_LOCKED": "the database is busy (another vfcoach is writing); try again",
    "SQLITE_CANTOPEN": "the database file cannot be opened",
    "SQLITE_CORRUPT": "the database file is damaged",
    "SQLITE_NOTADB": "the file is not a database (or it is damaged)",
    "SQLITE_IOERR": "the disk holding the database could not be read or written",
    "SQLITE_TOOBIG": "a value is too large for the database",
}
_PG_WORDS = {
    "53100": "the database server's disk is full; nothing was saved",
    "25006": "the database is read-only; nothing was saved",
    "22003": "a number is too large for the database",
    "22P05": "a text holds a character the database cannot store",
    "22021": "a text holds a character the database cannot store",
    "57P01": "the database server shut down; try again",
    "53300": "the database server has too many connections; try again",
}


def describe_failure(exc: BaseException) -> str:
    """One line for a database failure, from its error code only.

    Never `str(exc)`: SQLAlchemy's text carries the statement's bound parameters, i.e. the
    notes, captions and names a person typed, and they must not reach a terminal or a log.
    """
    orig = getattr(exc, "orig", None) or exc
    name = str(getattr(orig, "sqlite_errorname", ""))
    for prefix, words in _SQLITE_WORDS.items():
        if name.startswith(prefix):
            return words
    state = str(getattr(orig, "sqlstate", "") or "")
    if state in _PG_WORDS:
        return _PG_WORDS[state]
    if state.startswith("08") or "connection" in type(orig).__name__.lower():
        return "the connection to the database server was lost; try again"
    if "OperationalError" in type(orig).__name__ and "readonly" in str(orig).lower():
        return _SQLITE_WORDS["SQLITE_READONLY"]
    return f"the database refused the operation ({type(orig).__name__}); nothing was saved"
