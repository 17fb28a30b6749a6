"""Storage errors a person can read, and the one place database exceptions become them.

The UI and CLI catch `VfcoachError` and show its message; they never import SQLAlchemy. So
every driver exception that can reach them is translated here into a named error whose
message says what to do, and never carries a database password.
"""

from __future__ import annotations

import logging
import sqlite3

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vfcoach.coding.errors import VfcoachError

try:  # an encrypted database's driver raises its own copies of sqlite3's exceptions
    from sqlcipher3 import dbapi2 as _sqlcipher

    SQLITE_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, _sqlcipher.Error)
except ImportError:  # pragma: no cover - sqlcipher3 is a dependency
    SQLITE_ERRORS = (sqlite3.Error,)


class StorageError(VfcoachError):
    """Base of everything the storage layer raises on purpose."""


class NotFound(StorageError):
    """A row asked for by id does not exist (deleted meanwhile, or a stale id)."""


class PassLocked(StorageError):
    """An edit to a coding pass that is submitted or locked; such a pass is read-only."""


class StaleDelete(StorageError):
    """Fewer rows were deleted than were read to be deleted: someone else removed them first.

    Under the pass lock this cannot happen through vfcoach; if it does (a hand-made change,
    a bug), the transaction is refused rather than left with half of what was meant.
    """


class SchemeLocked(StorageError):
    """An in-place edit of a scheme version a pass already uses; save it as a new version."""


class SchemaTooNew(StorageError):
    """The database was migrated by a newer vfcoach; this one will not touch it."""


class Conflict(StorageError):
    """A write that would break a uniqueness rule (family code, visit number, scheme version)."""


class DatabaseUnavailable(StorageError):
    """The database cannot be opened or reached; the message names it with the password masked."""


class EditConflict(NotFound):
    """The row an edit was made against (that id at that version) is no longer there.

    Someone else changed or removed the event since; overwriting would lose their change, so
    the edit is refused. A `NotFound` too, since the row asked for does not exist any more.
    """


class StorageBusy(StorageError):
    """Another connection held the lock longer than the busy timeout; trying again may work."""


class StorageReadOnly(StorageError):
    """The database file or server accepts no writes (read-only file, mount, or server)."""


class StorageUnavailable(DatabaseUnavailable):
    """The connection broke during the edit (server gone, disk gone or full)."""


log = logging.getLogger(__name__)

BUSY = "another program is writing to the database; try again in a moment"
READ_ONLY = (
    "the database is read-only (the file, its folder or the server accepts no changes); "
    "ask whoever looks after it"
)
UNREACHABLE = "the database cannot be reached (the connection was lost); try again in a moment"
DISK_FULL = "the disk holding the database is full; free some space, then try again"

_SQLITE_BUSY = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_SQLITE_READ_ONLY = {3, 8}  # SQLITE_PERM, SQLITE_READONLY
_SQLITE_GONE = {10, 11, 14, 26}  # IOERR, CORRUPT, CANTOPEN, NOTADB
_PG_GONE_CLASSES = {"08", "57", "53"}  # connection, operator intervention, resources
_PG_BUSY = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock/statement timeout
_PG_READ_ONLY = {"25006"}  # read-only transaction
_PG_NOT_YOURS = "42501"  # insufficient privilege: a grant or a row-level security policy


def translate(exc: DBAPIError) -> StorageError:
    """The typed storage error for a driver failure, with a plain message and no parameters.

    The message never quotes the driver, whose text may repeat the statement or its values
    (a coach's notes); the driver's own words go to the debug log only.
    """
    orig = exc.orig
    log.debug("database error %s: %s", type(orig).__name__, str(orig).splitlines()[:1])
    if isinstance(exc, IntegrityError):
        return Conflict("the change clashes with what is already stored; nothing was saved")
    if isinstance(orig, SQLITE_ERRORS):
        code = getattr(orig, "sqlite_errorcode", 0) & 0xFF
        text = str(orig).lower()
        if code in _SQLITE_BUSY or "locked" in text or "busy" in text:
            return StorageBusy(BUSY)
        if code in _SQLITE_READ_ONLY or "readonly" in text or "read-only" in text:
            return StorageReadOnly(READ_ONLY)
        if code == 13:  # SQLITE_FULL
            return StorageUnavailable(DISK_FULL)
        if code in _SQLITE_GONE:
            return StorageUnavailable(UNREACHABLE)
        return StorageError(_refused(getattr(orig, "sqlite_errorname", type(orig).__name__)))
    sqlstate = str(getattr(orig, "sqlstate", None) or "")
    if sqlstate in _PG_BUSY:
        return StorageBusy(BUSY)
    if sqlstate == _PG_NOT_YOURS:
        return AccessRefused(NOT_YOURS)
    if sqlstate in _PG_READ_ONLY:
        return StorageReadOnly(READ_ONLY)
    if sqlstate == "53100":  # disk_full
        return StorageUnavailable(DISK_FULL)
    if exc.connection_invalidated or not sqlstate or sqlstate[:2] in _PG_GONE_CLASSES:
        return StorageUnavailable(UNREACHABLE)
    return StorageError(_refused(sqlstate))


def _refused(code: str) -> str:
    """For the failures no person can act on; the code (never the text) helps whoever helps."""
    return f"the database refused the change (error {code}); nothing was saved"


def flush_or_conflict_versions(session: Session, message: str) -> None:
    """`flush_or_conflict`, and a row whose version moved under the flush is an `EditConflict`."""
    try:
        flush_or_conflict(session, message)
    except StaleDataError as exc:
        raise EditConflict(
            "an event was changed or removed elsewhere since; nothing was overwritten"
        ) from exc


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
    "42501": "the database does not let you do that; nothing was saved",
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


class TeamRefused(StorageError):
    """A team-database request a person can fix: not an admin, an unknown name, a bad role."""


class AccessRefused(StorageReadOnly):
    """The server refused: on a team database, a row outside the person's rights (its policies)."""


NOT_YOURS = (
    "the database does not let you change that (on a team database: a family not on your "
    "caseload, someone else's work, or a change only an admin makes); nothing was saved"
)
