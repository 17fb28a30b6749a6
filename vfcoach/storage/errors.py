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


class StaleDelete(StorageError):
    """Fewer rows were deleted than were read to be deleted: someone else removed them first.

    Under the pass lock this cannot happen through vfcoach; if it does (a hand-made change,
    a bug), the transaction is refused rather than left with half of what was meant.
    """


class DatabaseBusy(StorageError):
    """A write lock did not come free in time (another long write, or a deadlock)."""


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
