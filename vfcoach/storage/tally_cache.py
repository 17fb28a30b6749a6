"""Stored per-pass tallies, read back only while the pass is still at the stamp they were made at.

A trend over 200 visits spent most of its time loading and tallying passes that had not
changed since the last trend. Each pass carries a `change_stamp` that every write bumps
under the pass's write lock (`pass_lock`), so "unchanged since" is one integer compare, done
in the same statement that reads the stored tally: an edit, import, undo or submission
committed at any moment makes the stored tally unreadable, never wrong.

Callers take the stamp with `stamp()` BEFORE reading the annotations they tally, then
`put()` under that stamp. Read in that order, a tally never rests on data older than its
stamp (on PostgreSQL each statement sees the latest commit; SQLite reads outside a
transaction do too); at worst it rests on newer data and its stamp is already superseded.

`put` is best effort: the caller stores in its own short unit of work after reading, and a
busy or read-only database only means the next trend computes again.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vfcoach.coding.ids import PassId
from vfcoach.storage.errors import NotFound
from vfcoach.storage.rows import CodingPassRow, PassTallyRow


class TallyCacheRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get(self, pass_id: PassId, settings: str) -> str | None:
        """The stored tally JSON if it was made at the pass's current stamp, else None."""
        query = (
            select(PassTallyRow.tally)
            .join(CodingPassRow, CodingPassRow.id == PassTallyRow.pass_id)
            .where(
                PassTallyRow.pass_id == pass_id,
                PassTallyRow.settings == settings,
                PassTallyRow.change_stamp == CodingPassRow.change_stamp,
            )
        )
        return self._session.scalar(query)

    def get_many(self, settings_by_pass: dict[PassId, str]) -> dict[PassId, str]:
        """`get` for many passes in one query (a trend asks for hundreds)."""
        if not settings_by_pass:
            return {}
        query = (
            select(PassTallyRow.pass_id, PassTallyRow.settings, PassTallyRow.tally)
            .join(CodingPassRow, CodingPassRow.id == PassTallyRow.pass_id)
            .where(
                PassTallyRow.pass_id.in_(list(settings_by_pass)),
                PassTallyRow.change_stamp == CodingPassRow.change_stamp,
            )
        )
        return {
            PassId(pass_id): tally
            for pass_id, settings, tally in self._session.execute(query)
            if settings_by_pass.get(PassId(pass_id)) == settings
        }

    def stamp(self, pass_id: PassId) -> int:
        found = self._session.scalar(
            select(CodingPassRow.change_stamp).where(CodingPassRow.id == pass_id)
        )
        if found is None:
            raise NotFound(f"coding pass {pass_id} does not exist")
        return int(found)

    def put(self, pass_id: PassId, settings: str, stamp: int, tally: str) -> None:
        """Replace the pass's stored tally for these settings (older stamps are dead anyway)."""
        self._session.execute(
            delete(PassTallyRow).where(
                PassTallyRow.pass_id == pass_id, PassTallyRow.settings == settings
            )
        )
        self._session.add(
            PassTallyRow(pass_id=pass_id, settings=settings, change_stamp=stamp, tally=tally)
        )
