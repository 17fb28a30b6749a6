"""Erasing a family's rows, and making sure SQLite keeps no copy of them (issue 14 §2).

The deletion record (`ErasureRow`) is written `pending` in a transaction of its own before
anything is deleted, and marked `done` last, so a crash in between resumes the same erase on
the next start. Deleting the rows is one transaction and idempotent: once the family is gone
it does nothing. With codes kept de-identified, the family, its visits and recordings are
remade under a new random code and new ids (dates, labels, file paths, notes, captions, reels
and children left out) and the passes moved onto them before the old family is deleted.

SQLite keeps deleted bytes in free pages and in its write-ahead log. So the delete runs with
`secure_delete` (freed cells are zeroed), then `scrub` rebuilds the file (VACUUM) and empties
the log (`wal_checkpoint(TRUNCATE)`). PostgreSQL's own dead tuples and backups are the
server's business; the README says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from vfcoach.coding.ids import FamilyId
from vfcoach.storage.rows import (
    AnnotationRow,
    ChildRow,
    CodingPassRow,
    ErasureRow,
    FamilyRow,
    PassTallyRow,
    RecordingRow,
    ReelClipRow,
    ReelRow,
    ReliabilityAssignmentRow,
    VisitRow,
    WrittenFileRow,
)

log = logging.getLogger(__name__)

ERASED_CODE_PREFIX = "ERASED-"


@dataclass(frozen=True, slots=True)
class Erasure:
    id: int
    family_code: str
    family_id: FamilyId | None
    status: str
    reason: str
    actor: str
    requested_at: dt.datetime
    done_at: dt.datetime | None
    keep_codes: bool
    counts: dict[str, Any]
    plan: dict[str, Any]


def _erasure(row: ErasureRow) -> Erasure:
    fid = None if row.family_id is None else FamilyId(row.family_id)
    return Erasure(
        row.id, row.family_code, fid, row.status, row.reason, row.actor, row.requested_at,
        row.done_at, row.keep_codes, dict(row.counts), dict(row.plan),
    )  # fmt: skip


class ErasureRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def start(
        self, family_id: FamilyId, code: str, reason: str, actor: str, keep_codes: bool,
        plan: dict[str, Any],
    ) -> Erasure:  # fmt: skip
        row = ErasureRow(
            family_code=code, family_id=family_id, status="pending", reason=reason, actor=actor,
            requested_at=dt.datetime.now(dt.UTC), keep_codes=keep_codes, counts={}, plan=plan,
        )  # fmt: skip
        self._session.add(row)
        self._session.flush()
        return _erasure(row)

    def pending(self) -> list[Erasure]:
        rows = self._session.scalars(
            select(ErasureRow).where(ErasureRow.status == "pending").order_by(ErasureRow.id)
        )
        return [_erasure(r) for r in rows]

    def list(self) -> list[Erasure]:
        return [
            _erasure(r) for r in self._session.scalars(select(ErasureRow).order_by(ErasureRow.id))
        ]

    def finish(self, erasure_id: int, counts: dict[str, Any]) -> None:
        """Mark done; the plan (paths still to delete) goes, the counts stay."""
        row = self._session.get(ErasureRow, erasure_id)
        if row is None:
            return
        row.status, row.done_at, row.plan = "done", dt.datetime.now(dt.UTC), {}
        row.counts = counts
        self._session.flush()

    def count_rows(self, family_id: FamilyId) -> dict[str, int]:
        """What the family holds, by kind, for the deletion record (counts, no content)."""
        s = self._session
        visits = select(VisitRow.id).where(VisitRow.family_id == family_id)
        recs = select(RecordingRow.id).where(RecordingRow.visit_id.in_(visits))
        passes = select(CodingPassRow.id).where(CodingPassRow.recording_id.in_(recs))
        reels = select(ReelRow.id).where(ReelRow.visit_id.in_(visits))

        def n(query: Any) -> int:
            return int(s.scalar(select(func.count()).select_from(query.subquery())) or 0)

        return {
            "children": n(select(ChildRow.id).where(ChildRow.family_id == family_id)),
            "visits": n(visits),
            "recordings": n(recs),
            "codes": n(select(AnnotationRow.id).where(AnnotationRow.pass_id.in_(passes))),
            "reels": n(reels),
            "reel_clips": n(select(ReelClipRow.id).where(ReelClipRow.reel_id.in_(reels))),
            "written_files": n(
                select(WrittenFileRow.id).where(WrittenFileRow.family_id == family_id)
            ),
        }

    def erase_rows(self, family_id: FamilyId, keep_codes: bool, code: str) -> bool:
        """Delete the family's rows (codes moved to a new random family first when kept).
        False when the family is already gone (a resumed erase): checked by id and code, as
        SQLite may give a freed id to a family added since."""
        s = self._session
        if s.connection().dialect.name == "sqlite":
            s.connection().exec_driver_sql("PRAGMA secure_delete = ON")
        family = s.get(FamilyRow, family_id)
        if family is None or family.code != code:
            return False
        if keep_codes:
            self._move_codes(family)
        s.execute(delete(FamilyRow).where(FamilyRow.id == family_id))  # cascades to the rest
        s.flush()
        return True

    def _move_codes(self, family: FamilyRow) -> None:
        s = self._session
        new = FamilyRow(
            code=ERASED_CODE_PREFIX + secrets.token_hex(6).upper(), programme=family.programme
        )
        s.add(new)
        s.flush()
        visits = s.scalars(
            select(VisitRow).where(VisitRow.family_id == family.id).order_by(VisitRow.number)
        )
        for visit in list(visits):
            moved_visit = VisitRow(
                family_id=new.id, number=visit.number, date=None, programme=visit.programme
            )
            s.add(moved_visit)
            s.flush()
            recs = s.scalars(select(RecordingRow).where(RecordingRow.visit_id == visit.id))
            for rec in list(recs):
                copy = RecordingRow(
                    visit_id=moved_visit.id, media_path="", fingerprint="erased",
                    duration_ms=rec.duration_ms, fps=rec.fps, frame_count=rec.frame_count,
                    width=rec.width, height=rec.height, rotation=rec.rotation,
                    has_audio=rec.has_audio, frame_map=rec.frame_map, scheme_id=rec.scheme_id,
                    label="", archived=rec.archived,
                )  # fmt: skip
                s.add(copy)
                s.flush()
                passes = select(CodingPassRow.id).where(CodingPassRow.recording_id == rec.id)
                s.execute(delete(PassTallyRow).where(PassTallyRow.pass_id.in_(passes)))
                s.execute(
                    update(AnnotationRow)
                    .where(AnnotationRow.pass_id.in_(passes))
                    .values(note="")
                    .execution_options(synchronize_session=False)
                )
                for table in (CodingPassRow, ReliabilityAssignmentRow):
                    s.execute(
                        update(table)
                        .where(table.recording_id == rec.id)
                        .values(recording_id=copy.id)
                        .execution_options(synchronize_session=False)
                    )
        s.flush()


def scrub(engine: Engine, vacuum: bool = True) -> None:
    """SQLite: rebuild the file (VACUUM) and empty its log so no deleted byte is left in
    either; without `vacuum`, only the log is emptied (after a small overwrite)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
        if vacuum:
            connection.exec_driver_sql("VACUUM")
        for _ in range(50):
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy is None or not busy[0]:
                return
            time.sleep(0.05)  # a reader still holds an older snapshot of the log
        log.warning("the database log could not be emptied yet: another reader holds it")
