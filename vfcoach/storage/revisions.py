"""Compare-and-set on a row's `revision`: the one rule that stops a lost update.

A reel (with its clips) or a scheme version is edited as a whole: read, change, write back.
Two people doing that at once would each write over the other. So every write first moves
the row's revision on, but only from the revision the edit was made against:
`UPDATE t SET revision = revision + 1 WHERE id = ? AND revision = ?`. On PostgreSQL the
second writer waits on the first one's row lock, then finds the revision moved and matches
nothing; on SQLite writers are serialised and the same statement matches nothing. Either way
the later edit is refused with `EditConflict` and the person is told to look again.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from vfcoach.storage.errors import EditConflict
from vfcoach.storage.rows import ReelRow, SchemeRow


def advance(session: Session, row: ReelRow | SchemeRow, seen: int, what: str) -> int:
    """Move `row`'s revision from `seen` (0: the one just read) on, or raise `EditConflict`.

    `what` names the thing in the message ("this reel"). Returns the new revision.
    """
    seen = seen or row.revision
    table = type(row)
    done = session.execute(
        update(table)
        .where(table.id == row.id, table.revision == seen)
        .values(revision=table.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise EditConflict(
            f"{what} was changed by someone else since you opened it; nothing was "
            "overwritten. It now shows what is stored: check it and make your change again."
        )
    set_committed_value(row, "revision", seen + 1)
    return seen + 1
