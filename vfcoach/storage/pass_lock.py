"""A coding pass's write lock: every write into a pass takes it and keeps it until commit.

"Submitted is final" and "replace" are promises about what other writers see, so checking
a pass's status is only worth something inside the transaction that writes, with nobody able
to change the pass until that transaction ends. Without the lock an import that read "draft"
could still land thousands of rows after a concurrent `pass submit` had committed, and two
`--replace` imports each deleted the rows they had read (already gone) and both inserted.

PostgreSQL: `SELECT ... FOR UPDATE` on the `coding_pass` row. Writers of one pass queue on
it; readers never wait. Several passes are locked in id order, so two writers cannot deadlock.
The engine's `lock_timeout`, as long as SQLite's busy timeout, ends the wait for a writer
that never lets go (a hung client) with `StorageBusy` instead of a window frozen for good.

SQLite: the pysqlite driver starts a transaction only at the first INSERT, UPDATE or DELETE,
so the status read before it belongs to no transaction at all. Here the lock is SQLite's one
write lock, taken with `BEGIN IMMEDIATE` before the status is read (a transaction that
already wrote holds it since that write). Writers wait for it through the busy timeout
(`engine.py`); readers keep reading under WAL. It serialises all writers of the file, which
is what SQLite does at commit anyway; holding it from the status check on is the point.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from vfcoach.coding.annotation import PassStatus
from vfcoach.storage.errors import NotFound, PassLocked, translate
from vfcoach.storage.rows import CodingPassRow


def _take_sqlite_write_lock(session: Session) -> None:
    """`BEGIN IMMEDIATE` unless this connection's transaction already writes (and so holds it)."""
    connection = session.connection()
    raw = connection.connection.driver_connection
    if getattr(raw, "in_transaction", True):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_pass(session: Session, pass_id: int) -> CodingPassRow:
    """The pass row, read fresh while holding its write lock until the transaction ends.

    Raises `NotFound` for an unknown pass and `StorageBusy` when the lock cannot be had
    (SQLite still busy after the busy timeout; a PostgreSQL deadlock or lock timeout), or
    the other typed storage errors of `errors.translate` (read-only, connection gone).
    """
    session.flush()  # a pending edit of the pass row must not be overwritten by the re-read
    try:
        dialect = session.get_bind().dialect.name
        if dialect == "sqlite":
            _take_sqlite_write_lock(session)
        row = session.get(CodingPassRow, pass_id, with_for_update=True, populate_existing=True)
    except OperationalError as exc:
        raise translate(exc) from exc  # busy, read-only or gone: one plain message each
    if row is None:
        raise NotFound(f"coding pass {pass_id} does not exist")
    # Every write into a pass comes through here, so this is "the pass's last change": a
    # stored tally made at an older stamp is never read back (`tally_cache`). A transaction
    # that locks and then writes nothing, or rolls back, only costs a stale cache entry.
    row.change_stamp += 1
    return row


def lock_drafts(session: Session, pass_ids: Iterable[int]) -> None:
    """Lock each pass (in id order) and raise `PassLocked` unless every one is a draft.

    The hot path of every key press, so one statement per pass: `UPDATE ... SET change_stamp
    = change_stamp + 1 ... RETURNING status` takes the row lock, bumps the stamp and reads the
    status at once (PostgreSQL checks the same row-level rules as the `SELECT ... FOR UPDATE`
    and flushed UPDATE of `lock_pass`, in one round trip instead of two).
    """
    ids = sorted(set(pass_ids))
    if not ids:
        return
    session.flush()  # a pending edit of a pass row goes first, as in `lock_pass`
    table = cast(Table, CodingPassRow.__table__)
    bump = update(table).values(change_stamp=table.c.change_stamp + 1).returning(table.c.status)
    try:
        if session.get_bind().dialect.name == "sqlite":
            _take_sqlite_write_lock(session)
        for pass_id in ids:
            status = session.execute(bump.where(table.c.id == pass_id)).scalar_one_or_none()
            if status is None:
                raise NotFound(f"coding pass {pass_id} does not exist")
            _forget_stamp(session, pass_id)
            if status != PassStatus.DRAFT.value:
                raise PassLocked(f"coding pass {pass_id} is {status}; only a draft can be edited")
    except OperationalError as exc:
        raise translate(exc) from exc  # busy, read-only or gone: one plain message each


def _forget_stamp(session: Session, pass_id: int) -> None:
    """A pass row this session already holds must not keep the stamp from before the bump."""
    held = session.identity_map.get(identity_key(CodingPassRow, pass_id))
    if held is not None:
        session.expire(held, ["change_stamp"])
