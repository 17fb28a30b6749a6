"""Repository for highlight reels: a reel row and its clip rows, handed back as one `Reel`.

Clips are written as a whole list (`update` replaces them) because every reel edit the
editor makes (reorder, trim, caption, remove) is a new clip tuple, and a list rewritten in
one transaction can never be left half-reordered. The repository stores what it is given;
the caregiver-safety rules are the operations' job (`vfcoach.coding.reels`), which run them
on add and again at export, so a reel row is never trusted as "checked".
"""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, FamilyId, RecordingId, VisitId
from vfcoach.coding.reels.model import Audience, ClipId, ClipOverride, Reel, ReelClip, ReelId
from vfcoach.coding.text_rules import check_text
from vfcoach.storage.errors import NotFound, StorageError
from vfcoach.storage.revisions import advance
from vfcoach.storage.rows import RecordingRow, ReelClipRow, ReelRow, VisitRow

_TITLE_MAX = 200
_ACTOR_MAX = 128


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _clip(row: ReelClipRow) -> ReelClip:
    return ReelClip(
        id=ClipId(row.id),
        recording_id=RecordingId(row.recording_id),
        start=FrameTime(row.in_frame, row.in_pts_ms),
        end=FrameTime(row.out_frame, row.out_pts_ms),
        caption=row.caption,
        annotation_id=None if row.annotation_id is None else AnnotationId(row.annotation_id),
        pre_roll_ms=row.pre_roll_ms,
        post_roll_ms=row.post_roll_ms,
        talking_point=row.talking_point,
        slow_motion=row.slow_motion,
        freeze_end_ms=row.freeze_end_ms,
        override=_override(row),
    )


def _override(row: ReelClipRow) -> ClipOverride | None:
    """Stored as found, even a blank reason: the rules, not the repository, judge it."""
    if row.override_reason is None or row.override_by is None:
        return None
    return ClipOverride(row.override_reason, row.override_by)


def _audience(value: str) -> Audience:
    try:
        return Audience(value)
    except ValueError:
        raise StorageError(f"unknown reel audience '{value}'") from None


def _clip_row(reel_id: int, position: int, c: ReelClip) -> ReelClipRow:
    return ReelClipRow(
        id=c.id,
        reel_id=reel_id,
        position=position,
        recording_id=c.recording_id,
        annotation_id=c.annotation_id,
        in_frame=c.start.frame,
        in_pts_ms=c.start.pts_ms,
        out_frame=c.end.frame,
        out_pts_ms=c.end.pts_ms,
        pre_roll_ms=c.pre_roll_ms,
        post_roll_ms=c.post_roll_ms,
        caption=c.caption,
        talking_point=c.talking_point,
        slow_motion=c.slow_motion,
        freeze_end_ms=c.freeze_end_ms,
        override_reason=None if c.override is None else c.override.reason,
        override_by=None if c.override is None else c.override.by[:_ACTOR_MAX],
    )


def _check_text(reel: Reel) -> None:
    if not reel.title.strip() or len(reel.title) > _TITLE_MAX:
        raise StorageError(f"a reel title must be 1 to {_TITLE_MAX} characters")
    if not reel.created_by.strip() or len(reel.created_by) > _ACTOR_MAX:
        raise StorageError(f"a reel's author must be 1 to {_ACTOR_MAX} characters")
    check_text(reel.title, "the reel title")
    for c in reel.clips:  # a NUL is refused on SQLite as on PostgreSQL (text_rules)
        check_text(c.caption, "a caption")
        check_text(c.talking_point, "a talking point")
        if c.override is not None:
            check_text(c.override.reason, "an override reason")


class ReelRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, reel: Reel) -> Reel:
        """Store a new reel and its clips; the id it may carry is ignored and a new one minted."""
        _check_text(reel)
        visit = self._visit(reel.visit_id)
        now = dt.datetime.now(dt.UTC)
        row = ReelRow(
            visit_id=visit.id,
            title=reel.title,
            created_by=reel.created_by,
            created_at=now,
            pre_roll_ms=reel.pre_roll_ms,
            post_roll_ms=reel.post_roll_ms,
            audience=reel.audience.value,
        )
        self._session.add(row)
        self._session.flush()
        self._write_clips(row.id, reel.clips)
        return self.get(ReelId(row.id))

    def get(self, reel_id: ReelId) -> Reel:
        row = self._row(reel_id)
        visit = self._visit(VisitId(row.visit_id))
        clips = self._session.scalars(
            select(ReelClipRow).where(ReelClipRow.reel_id == row.id).order_by(ReelClipRow.position)
        )
        return Reel(
            id=ReelId(row.id),
            visit_id=VisitId(row.visit_id),
            family_id=FamilyId(visit.family_id),
            title=row.title,
            created_by=row.created_by,
            clips=tuple(_clip(c) for c in clips),
            pre_roll_ms=row.pre_roll_ms,
            post_roll_ms=row.post_roll_ms,
            audience=_audience(row.audience),
            created_at=_utc(row.created_at),
            revision=row.revision,
        )

    def list_for_visit(self, visit_id: VisitId) -> builtins.list[Reel]:
        ids = self._session.scalars(
            select(ReelRow.id).where(ReelRow.visit_id == visit_id).order_by(ReelRow.id)
        )
        return [self.get(ReelId(i)) for i in ids]

    def update(self, reel: Reel) -> Reel:
        """Rewrite title, roll defaults and the whole clip list (never the audience).

        `EditConflict` if the reel was saved elsewhere since `reel.revision` was read.
        """
        if reel.id is None:
            raise NotFound("this reel has not been stored yet")
        _check_text(reel)
        row = self._row(reel.id)
        if row.visit_id != reel.visit_id:
            raise StorageError(f"reel {reel.id} belongs to visit {row.visit_id}; it cannot move")
        if row.audience != reel.audience.value:  # a coach-view reel never becomes a caregiver's
            raise StorageError(f"reel {reel.id} is a {row.audience} reel; make a new reel instead")
        advance(self._session, row, reel.revision, "this reel")
        row.title = reel.title
        row.pre_roll_ms = reel.pre_roll_ms
        row.post_roll_ms = reel.post_roll_ms
        self._session.execute(delete(ReelClipRow).where(ReelClipRow.reel_id == row.id))
        self._session.flush()  # positions and clip ids are free again before the rewrite
        self._write_clips(row.id, reel.clips)
        return self.get(reel.id)

    def clip_visits_of_recording(self, recording_id: RecordingId) -> builtins.list[VisitId]:
        """The visit of the reel of every clip cut from this recording, one entry per clip:
        what removing or moving the recording would break."""
        rows = self._session.scalars(
            select(ReelRow.visit_id)
            .join(ReelClipRow, ReelClipRow.reel_id == ReelRow.id)
            .where(ReelClipRow.recording_id == recording_id)
            .order_by(ReelClipRow.id)
        )
        return [VisitId(v) for v in rows]

    def delete(self, reel_id: ReelId) -> None:
        self._session.delete(self._row(reel_id))
        self._session.flush()

    def _write_clips(self, reel_id: int, clips: tuple[ReelClip, ...]) -> None:
        if len({c.id for c in clips}) != len(clips):
            raise StorageError("a reel lists the same clip twice")
        for rec in {c.recording_id for c in clips}:
            if self._session.get(RecordingRow, rec) is None:
                raise NotFound(f"recording {rec} does not exist")
        for position, clip in enumerate(clips):
            self._session.add(_clip_row(reel_id, position, clip))
        self._session.flush()

    def _row(self, reel_id: ReelId) -> ReelRow:
        row = self._session.get(ReelRow, reel_id)
        if row is None:
            raise NotFound(f"reel {reel_id} does not exist")
        return row

    def _visit(self, visit_id: VisitId) -> VisitRow:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound(f"visit {visit_id} does not exist")
        return row
