"""Repository for annotations, the rows every keypress writes.

`apply` is the path of an edit: the UI's undo command turns one `AnnotationChange` into one
transaction, and undo applies `change.inverse()` the same way. Because annotation ids are
minted in the domain, redo after undo writes back the very same row. Only a DRAFT pass may
change; the UI disables editing too, but this check is the one that cannot be bypassed.

Modifiers are stored as a JSON list of [name, value] pairs, not an object, so their order
(and therefore `Annotation` equality) survives the round trip exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, func, select, type_coerce
from sqlalchemy.orm import Session

from vfcoach.coding.annotation import Annotation, PassStatus
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, CoderId, PassId, RecordingId
from vfcoach.coding.text_rules import check_text
from vfcoach.storage.errors import Conflict, NotFound, PassLocked, flush_or_conflict
from vfcoach.storage.rows import AnnotationRow, CodingPassRow

_COLUMNS = (
    AnnotationRow.id,
    AnnotationRow.pass_id,
    AnnotationRow.code_key,
    AnnotationRow.onset_frame,
    AnnotationRow.onset_pts_ms,
    AnnotationRow.offset_frame,
    AnnotationRow.offset_pts_ms,
    # Raw text where the driver gives text (SQLite): a pass repeats a handful of modifier
    # sets thousands of times, so each distinct JSON string is parsed once (`_modifiers`).
    type_coerce(AnnotationRow.modifiers, Text),
    AnnotationRow.note,
    AnnotationRow.trigger_id,
)


@lru_cache(maxsize=4096)
def _parsed_modifiers(raw: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in json.loads(raw))


def _modifiers(raw: Any) -> tuple[tuple[str, str], ...]:
    """Modifiers from raw JSON text (SQLite) or an already decoded list (psycopg's JSON)."""
    if isinstance(raw, str):
        return _parsed_modifiers(raw)
    return tuple((str(name), str(value)) for name, value in raw or ())


def _from_columns(
    ident: uuid.UUID,
    pass_id: int,
    code_key: str,
    onset_frame: int,
    onset_pts_ms: int,
    offset_frame: int | None,
    offset_pts_ms: int | None,
    modifiers: Any,
    note: str,
    trigger_id: uuid.UUID | None,
) -> Annotation:
    offset = None
    if offset_frame is not None and offset_pts_ms is not None:
        offset = FrameTime(offset_frame, offset_pts_ms)
    return Annotation(
        id=AnnotationId(ident),
        pass_id=PassId(pass_id),
        code_key=code_key,
        onset=FrameTime(onset_frame, onset_pts_ms),
        offset=offset,
        modifiers=_modifiers(modifiers),
        note=note,
        trigger=None if trigger_id is None else AnnotationId(trigger_id),
    )


def _annotation(row: AnnotationRow) -> Annotation:
    offset = None
    if row.offset_frame is not None and row.offset_pts_ms is not None:
        offset = FrameTime(row.offset_frame, row.offset_pts_ms)
    return Annotation(
        id=AnnotationId(row.id),
        pass_id=PassId(row.pass_id),
        code_key=row.code_key,
        onset=FrameTime(row.onset_frame, row.onset_pts_ms),
        offset=offset,
        modifiers=tuple((str(name), str(value)) for name, value in row.modifiers),
        note=row.note,
        trigger=None if row.trigger_id is None else AnnotationId(row.trigger_id),
    )


def _write(row: AnnotationRow, a: Annotation, now: dt.datetime) -> None:
    row.pass_id = a.pass_id
    row.code_key = a.code_key
    row.onset_frame = a.onset.frame
    row.onset_pts_ms = a.onset.pts_ms
    row.offset_frame = None if a.offset is None else a.offset.frame
    row.offset_pts_ms = None if a.offset is None else a.offset.pts_ms
    row.modifiers = [[name, value] for name, value in a.modifiers]
    row.note = a.note
    row.trigger_id = a.trigger
    row.updated_at = now


def _sorted(annotations: Iterable[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=lambda a: (a.onset.frame, a.code_key, a.pass_id, str(a.id)))


class AnnotationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, annotation: Annotation) -> None:
        self.apply(AnnotationChange(added=(annotation,)))

    def update(self, annotation: Annotation) -> None:
        """Rewrite the stored annotation with the same id (which must exist)."""
        self.apply(AnnotationChange(updated=((annotation, annotation),)))

    def remove(self, annotation_id: AnnotationId) -> None:
        self.apply(AnnotationChange(removed=(self.get(annotation_id),)))

    def get(self, annotation_id: AnnotationId) -> Annotation:
        return _annotation(self._row(annotation_id))

    def for_pass(self, pass_id: PassId) -> list[Annotation]:
        """All annotations of a pass, in timeline order (onset frame, then code key).

        Reads plain columns, not ORM rows: building and tracking an ORM object per
        annotation made a trend over 200 visits spend seconds here (bench/bench_tally.py).
        """
        rows = self._session.execute(select(*_COLUMNS).where(AnnotationRow.pass_id == pass_id))
        return _sorted(_from_columns(*r) for r in rows)

    def count_for_pass(self, pass_id: PassId) -> int:
        count = self._session.scalar(
            select(func.count()).select_from(AnnotationRow).where(AnnotationRow.pass_id == pass_id)
        )
        return int(count or 0)

    def for_recording(
        self, recording_id: RecordingId, coder_id: CoderId | None = None
    ) -> list[Annotation]:
        """Annotations of every pass on a recording (or one coder's), for agreement and tallies."""
        query = (
            select(AnnotationRow)
            .join(CodingPassRow, AnnotationRow.pass_id == CodingPassRow.id)
            .where(CodingPassRow.recording_id == recording_id)
        )
        if coder_id is not None:
            query = query.where(CodingPassRow.coder_id == coder_id)
        return _sorted(_annotation(r) for r in self._session.scalars(query))

    def apply(self, change: AnnotationChange) -> None:
        """Remove, rewrite and add as one unit of the caller's transaction.

        Raises `PassLocked` before writing anything if any pass involved is not a draft,
        `NotFound` if a row to rewrite or remove is gone, `Conflict` if an added id exists.
        """
        now = dt.datetime.now(dt.UTC)
        removed_rows = [self._row(a.id) for a in change.removed]
        updated_rows = [self._row(after.id) for _before, after in change.updated]
        passes = {r.pass_id for r in (*removed_rows, *updated_rows)}
        passes |= {after.pass_id for _before, after in change.updated}
        passes |= {a.pass_id for a in change.added}
        self._require_drafts(passes)
        for a in (*change.added, *(after for _before, after in change.updated)):
            check_text(a.note, "the note")  # NUL: refused on SQLite as on PostgreSQL
        self._refuse_existing({a.id for a in change.added} - {a.id for a in change.removed})

        for row in removed_rows:
            self._session.delete(row)
        if removed_rows:
            self._session.flush()  # so a removed id may be added back in the same change
        for row, (_before, after) in zip(updated_rows, change.updated, strict=True):
            _write(row, after, now)
        for a in change.added:
            row = AnnotationRow(id=a.id, created_at=now)
            _write(row, a, now)
            self._session.add(row)
        flush_or_conflict(self._session, "an annotation with the same id already exists")

    def _row(self, annotation_id: AnnotationId) -> AnnotationRow:
        row = self._session.get(AnnotationRow, annotation_id)
        if row is None:
            raise NotFound(f"annotation {annotation_id} does not exist (removed meanwhile?)")
        return row

    def _require_drafts(self, pass_ids: set[int]) -> None:
        if not pass_ids:
            return
        rows = self._session.execute(
            select(CodingPassRow.id, CodingPassRow.status).where(CodingPassRow.id.in_(pass_ids))
        ).tuples()
        statuses = {pass_id: status for pass_id, status in rows}
        for pass_id in sorted(pass_ids):
            status = statuses.get(pass_id)
            if status is None:
                raise NotFound(f"coding pass {pass_id} does not exist")
            if status != PassStatus.DRAFT.value:
                raise PassLocked(f"coding pass {pass_id} is {status}; only a draft can be edited")

    def _refuse_existing(self, ids: set[AnnotationId]) -> None:
        if not ids:
            return
        clash = self._session.scalars(
            select(AnnotationRow.id).where(AnnotationRow.id.in_(ids))
        ).first()
        if clash is not None:
            raise Conflict(f"annotation {clash} already exists")
