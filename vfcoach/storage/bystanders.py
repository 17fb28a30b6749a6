"""Repository for bystander spans (domain.md §7.4): flag, list, unflag, per recording.

Spans are handed back as frozen `BystanderSpan`s in time order. The repository stores what
it is given (the domain value refuses a backwards span or an over-long note); which reels a
span keeps clips out of is the reel rule's business, which reads the spans again at every
add, trim and export.
"""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.bystanders import BystanderSpan
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.text_rules import check_text
from vfcoach.storage.errors import NotFound
from vfcoach.storage.rows import BystanderSpanRow, RecordingRow


def _span(row: BystanderSpanRow) -> BystanderSpan:
    return BystanderSpan(
        recording_id=RecordingId(row.recording_id),
        start=FrameTime(row.start_frame, row.start_pts_ms),
        end=FrameTime(row.end_frame, row.end_pts_ms),
        note=row.note,
        flagged_by=row.flagged_by,
        id=row.id,
    )


class BystanderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, span: BystanderSpan) -> BystanderSpan:
        """Store a new flag; the recording must exist. Returns it with its id."""
        if self._session.get(RecordingRow, span.recording_id) is None:
            raise NotFound(f"recording {span.recording_id} does not exist")
        row = BystanderSpanRow(
            recording_id=span.recording_id,
            start_frame=span.start.frame,
            start_pts_ms=span.start.pts_ms,
            end_frame=span.end.frame,
            end_pts_ms=span.end.pts_ms,
            note=check_text(span.note, "the bystander note"),
            flagged_by=check_text(span.flagged_by or "unnamed", "who flagged", 128),
            flagged_at=dt.datetime.now(dt.UTC),
        )
        self._session.add(row)
        self._session.flush()
        return _span(row)

    def get(self, span_id: int) -> BystanderSpan:
        row = self._session.get(BystanderSpanRow, span_id)
        if row is None:
            raise NotFound(f"there is no bystander span {span_id} (removed meanwhile?)")
        return _span(row)

    def for_recording(self, recording_id: RecordingId) -> builtins.list[BystanderSpan]:
        rows = self._session.scalars(
            select(BystanderSpanRow)
            .where(BystanderSpanRow.recording_id == recording_id)
            .order_by(BystanderSpanRow.start_pts_ms, BystanderSpanRow.id)
        )
        return [_span(r) for r in rows]

    def remove(self, span_id: int) -> BystanderSpan:
        """Unflag; returns what was removed (for the audit log and undo)."""
        row = self._session.get(BystanderSpanRow, span_id)
        if row is None:
            raise NotFound(f"there is no bystander span {span_id} (removed meanwhile?)")
        span = _span(row)
        self._session.delete(row)
        self._session.flush()
        return span
