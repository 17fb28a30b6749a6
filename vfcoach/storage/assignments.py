"""Repository for reliability assignments: which recordings are double-coded, by whom.

One row per (recording, second coder). A recording the sampling plan drew but no coder was
chosen for yet has one row with no coder; assigning a coder fills that row in, so a draw
and the supervisor's later choice stay one record with the draw's seed on it.
"""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.annotation import PassPurpose
from vfcoach.coding.double_coding import Assignment, AssignmentId
from vfcoach.coding.ids import CoderId, RecordingId
from vfcoach.storage.errors import Conflict, NotFound, StorageError, flush_or_conflict
from vfcoach.storage.rows import CoderRow, RecordingRow, ReliabilityAssignmentRow

_SECOND_CODERS = (PassPurpose.RELIABILITY, PassPurpose.MASTER)
MAX_BY = 128


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _assignment(row: ReliabilityAssignmentRow) -> Assignment:
    return Assignment(
        id=AssignmentId(row.id),
        recording_id=RecordingId(row.recording_id),
        coder_id=None if row.coder_id is None else CoderId(row.coder_id),
        purpose=PassPurpose(row.purpose),
        blind=row.blind,
        assigned_by=row.assigned_by,
        assigned_at=_utc(row.assigned_at),
        draw_seed=row.draw_seed,
        draw_share=row.draw_share,
    )


def _check_by(assigned_by: str) -> str:
    assigned_by = assigned_by.strip()
    if not assigned_by or len(assigned_by) > MAX_BY:
        raise StorageError(f"who assigned it must be 1 to {MAX_BY} characters")
    return assigned_by


class AssignmentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def mark_sampled(
        self, recording_id: RecordingId, assigned_by: str, seed: int, share: float
    ) -> Assignment:
        """Record that a sampling draw chose this recording; no coder yet."""
        self._require_recording(recording_id)
        if self.for_recording(recording_id):
            raise Conflict(f"recording {recording_id} is already chosen for double coding")
        row = ReliabilityAssignmentRow(
            recording_id=recording_id,
            coder_id=None,
            purpose=PassPurpose.RELIABILITY.value,
            blind=True,
            assigned_by=_check_by(assigned_by),
            assigned_at=dt.datetime.now(dt.UTC),
            draw_seed=seed,
            draw_share=share,
        )
        self._session.add(row)
        flush_or_conflict(self._session, f"recording {recording_id} was just drawn elsewhere")
        return _assignment(row)

    def assign(
        self,
        recording_id: RecordingId,
        coder_id: CoderId,
        purpose: PassPurpose,
        assigned_by: str,
        blind: bool = True,
    ) -> Assignment:
        """Give the recording a second (or master) coder, filling a drawn row if there is one."""
        self._require_recording(recording_id)
        if self._session.get(CoderRow, coder_id) is None:
            raise NotFound(f"coder {coder_id} does not exist")
        if purpose not in _SECOND_CODERS:
            raise StorageError("an assignment is for a reliability or a master coder")
        existing = self.for_recording(recording_id)
        if any(a.coder_id == coder_id for a in existing):
            raise Conflict(f"that coder is already assigned to recording {recording_id}")
        pending = next((a for a in existing if a.coder_id is None), None)
        if pending is not None:
            row = self._row(pending.id)
        else:
            row = ReliabilityAssignmentRow(recording_id=recording_id)
            self._session.add(row)
        row.coder_id = coder_id
        row.purpose = PassPurpose(purpose).value
        row.blind = blind
        row.assigned_by = _check_by(assigned_by)
        row.assigned_at = dt.datetime.now(dt.UTC)
        flush_or_conflict(self._session, f"recording {recording_id} was just assigned elsewhere")
        return _assignment(row)

    def reassign(
        self,
        assignment_id: AssignmentId,
        coder_id: CoderId,
        purpose: PassPurpose,
        assigned_by: str,
        blind: bool = True,
    ) -> Assignment:
        """Give an assignment to another coder, keeping its draw (seed and share) on it."""
        row = self._row(assignment_id)
        if self._session.get(CoderRow, coder_id) is None:
            raise NotFound(f"coder {coder_id} does not exist")
        if purpose not in _SECOND_CODERS:
            raise StorageError("an assignment is for a reliability or a master coder")
        others = self.for_recording(RecordingId(row.recording_id))
        if any(a.coder_id == coder_id and a.id != assignment_id for a in others):
            raise Conflict(f"that coder is already assigned to recording {row.recording_id}")
        row.coder_id = coder_id
        row.purpose = PassPurpose(purpose).value
        row.blind = blind
        row.assigned_by = _check_by(assigned_by)
        row.assigned_at = dt.datetime.now(dt.UTC)
        flush_or_conflict(
            self._session, f"recording {row.recording_id} was just assigned elsewhere"
        )
        return _assignment(row)

    def get(self, assignment_id: AssignmentId) -> Assignment:
        return _assignment(self._row(assignment_id))

    def for_recording(self, recording_id: RecordingId) -> builtins.list[Assignment]:
        rows = self._session.scalars(
            select(ReliabilityAssignmentRow)
            .where(ReliabilityAssignmentRow.recording_id == recording_id)
            .order_by(ReliabilityAssignmentRow.id)
        )
        return [_assignment(r) for r in rows]

    def for_coder(self, coder_id: CoderId) -> builtins.list[Assignment]:
        rows = self._session.scalars(
            select(ReliabilityAssignmentRow)
            .where(ReliabilityAssignmentRow.coder_id == coder_id)
            .order_by(ReliabilityAssignmentRow.id)
        )
        return [_assignment(r) for r in rows]

    def list(self) -> builtins.list[Assignment]:
        rows = self._session.scalars(
            select(ReliabilityAssignmentRow).order_by(ReliabilityAssignmentRow.id)
        )
        return [_assignment(r) for r in rows]

    def any_blind(self) -> bool:
        """Whether any recording has a coder assigned to it blind (ever, submitted or not)."""
        found = self._session.scalar(
            select(ReliabilityAssignmentRow.id)
            .where(
                ReliabilityAssignmentRow.blind.is_(True),
                ReliabilityAssignmentRow.coder_id.is_not(None),
            )
            .limit(1)
        )
        return found is not None

    def _require_recording(self, recording_id: RecordingId) -> None:
        if self._session.get(RecordingRow, recording_id) is None:
            raise NotFound(f"recording {recording_id} does not exist")

    def _row(self, assignment_id: AssignmentId) -> ReliabilityAssignmentRow:
        row = self._session.get(ReliabilityAssignmentRow, assignment_id)
        if row is None:
            raise NotFound(f"assignment {assignment_id} does not exist")
        return row
