"""Repository for annotations, the rows every keypress writes.

`apply` is the path of an edit: the UI's undo command turns one `AnnotationChange` into one
transaction, and undo applies `change.inverse()` the same way. Because annotation ids are
minted in the domain, redo after undo writes back the very same row. Only a DRAFT pass may
change; the UI disables editing too, but this check is the one that cannot be bypassed, and
it is made under the pass's write lock (`pass_lock`), so a submission committed by another
program a moment earlier is seen and one committed later waits for this edit.

Each row carries a version, and every rewrite or removal names the version it was made
against (compare-and-set, see `AnnotationRow.version`): an undo after someone else changed
the event is refused with `EditConflict` rather than overwriting their change. `apply`
returns the change as written, versions included, which is what its undo must name.

Modifiers are stored as a JSON list of [name, value] pairs, not an object, so their order
(and therefore `Annotation` equality) survives the round trip exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Text, delete, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime, format_ms
from vfcoach.coding.ids import AnnotationId, CoderId, PassId, RecordingId
from vfcoach.coding.text_rules import check_text
from vfcoach.storage.errors import (
    Conflict,
    EditConflict,
    NotFound,
    StaleDelete,
    flush_or_conflict_versions,
)
from vfcoach.storage.pass_lock import lock_drafts
from vfcoach.storage.rows import AnnotationRow, CodingPassRow

_CHUNK = 500  # ids per IN list: well under SQLite's bound-parameter limit

_COLUMNS = (
    # Ids as the driver gives them (hex text on SQLite, UUID on PostgreSQL), made UUIDs in
    # `_Ids`: SQLAlchemy's own conversion was half the time of loading a busy visit.
    type_coerce(AnnotationRow.id, Text),
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
    type_coerce(AnnotationRow.trigger_id, Text),
    AnnotationRow.version,
)


class _Ids(dict[str, uuid.UUID]):
    """UUIDs by their stored hex text, for one read: a trigger names an id of the same
    recording, so each distinct id is parsed once and shared (PostgreSQL gives UUIDs)."""

    def __call__(self, raw: Any) -> uuid.UUID:
        if isinstance(raw, uuid.UUID):
            return raw
        found = self.get(raw)
        if found is None:
            found = self[raw] = uuid.UUID(hex=raw)
        return found


@lru_cache(maxsize=4096)
def _parsed_modifiers(raw: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(name), str(value)) for name, value in json.loads(raw))


def _modifiers(raw: Any) -> tuple[tuple[str, str], ...]:
    """Modifiers from raw JSON text (SQLite) or an already decoded list (psycopg's JSON)."""
    if isinstance(raw, str):
        return _parsed_modifiers(raw)
    return tuple((str(name), str(value)) for name, value in raw or ())


def _from_columns(
    ids: _Ids,
    ident: Any,
    pass_id: int,
    code_key: str,
    onset_frame: int,
    onset_pts_ms: int,
    offset_frame: int | None,
    offset_pts_ms: int | None,
    modifiers: Any,
    note: str,
    trigger_id: Any,
    version: int,
) -> Annotation:
    offset = None
    if offset_frame is not None and offset_pts_ms is not None:
        offset = FrameTime(offset_frame, offset_pts_ms)
    return Annotation(
        id=AnnotationId(ids(ident)),
        pass_id=PassId(pass_id),
        code_key=code_key,
        onset=FrameTime(onset_frame, onset_pts_ms),
        offset=offset,
        modifiers=_modifiers(modifiers),
        note=note,
        trigger=None if trigger_id is None else AnnotationId(ids(trigger_id)),
        version=version,
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
        version=row.version,
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
    # a.id.int orders as str(a.id) does (fixed-width hex), without making 30,000 strings
    return sorted(annotations, key=lambda a: (a.onset.frame, a.code_key, a.pass_id, a.id.int))


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
        ids = _Ids()
        return _sorted(_from_columns(ids, *r) for r in rows)

    def for_ids(self, ids: Iterable[AnnotationId]) -> list[Annotation]:
        """Those of `ids` that exist, as stored now (an edit refused as stale re-reads them)."""
        wanted = list(ids)
        if not wanted:
            return []
        rows = self._session.execute(select(*_COLUMNS).where(AnnotationRow.id.in_(wanted)))
        ids_ = _Ids()
        return _sorted(_from_columns(ids_, *r) for r in rows)

    def count_for_pass(self, pass_id: PassId) -> int:
        count = self._session.scalar(
            select(func.count()).select_from(AnnotationRow).where(AnnotationRow.pass_id == pass_id)
        )
        return int(count or 0)

    def for_recording(
        self, recording_id: RecordingId, coder_id: CoderId | None = None
    ) -> list[Annotation]:
        """Annotations of every pass on a recording (or one coder's), for agreement and tallies.

        Plain columns, as `for_pass`: `reel create` reads a whole busy visit through here.
        """
        query = (
            select(*_COLUMNS)
            .join(CodingPassRow, AnnotationRow.pass_id == CodingPassRow.id)
            .where(CodingPassRow.recording_id == recording_id)
        )
        if coder_id is not None:
            query = query.where(CodingPassRow.coder_id == coder_id)
        ids = _Ids()
        return _sorted(_from_columns(ids, *r) for r in self._session.execute(query))

    def apply(self, change: AnnotationChange) -> AnnotationChange:
        """Remove, rewrite and add as one unit of the caller's transaction; return it as written.

        Takes every involved pass's write lock first (`pass_lock`) and keeps it until the
        transaction ends, then reads the rows to change: raises `PassLocked` before writing
        anything if any pass involved is not a draft, `EditConflict` (a `NotFound`) if a row
        to rewrite or remove is gone or is no longer at the version its `before` value names,
        `Conflict` if an added id exists, `StaleDelete` if a removal finds fewer rows than it
        read.
        """
        passes = {a.pass_id for a in change.removed} | {a.pass_id for a in change.added}
        passes |= {p for before, after in change.updated for p in (before.pass_id, after.pass_id)}
        lock_drafts(self._session, passes)
        now = dt.datetime.now(dt.UTC)
        for a in (*change.added, *(after for _before, after in change.updated)):
            check_text(a.note, "the note")  # NUL: refused on SQLite as on PostgreSQL
        removed_rows = self._expected(list(change.removed))
        updated_rows = self._expected([before for before, _after in change.updated])
        stored_in = {r.pass_id for r in (*removed_rows, *updated_rows)} - passes
        lock_drafts(self._session, stored_in)  # rows no longer where the change says they are
        self._refuse_existing({a.id for a in change.added} - {a.id for a in change.removed})

        self._delete(removed_rows)  # first, so a removed id may be added back in one change
        written: list[tuple[Annotation, Annotation]] = []
        for row, (before, after) in zip(updated_rows, change.updated, strict=True):
            _write(row, after, now)
            row.version = before.version + 1  # the UPDATE still says WHERE version = before's
            written.append((before, replace(after, version=row.version)))
        for a in change.added:
            # A brand-new value is at version 1; one restored by undo at its old version.
            row = AnnotationRow(id=a.id, created_at=now, version=a.version)
            _write(row, a, now)
            self._session.add(row)
        flush_or_conflict_versions(self._session, "an annotation with the same id already exists")
        return replace(change, updated=tuple(written))

    def _expected(self, values: list[Annotation]) -> list[AnnotationRow]:
        """The rows `values` were made against, or `EditConflict`: compare-and-set's compare.

        Read under the pass lock, a chunk per query (a replacing import removes thousands);
        the set half is the ORM's `... WHERE id = ? AND version = ?` at flush for rewrites,
        and the counted bulk DELETE of `_delete` for removals.
        """
        found: dict[uuid.UUID, AnnotationRow] = {}
        ids = [a.id for a in values]
        for start in range(0, len(ids), _CHUNK):
            query = select(AnnotationRow).where(AnnotationRow.id.in_(ids[start : start + _CHUNK]))
            found.update((row.id, row) for row in self._session.scalars(query))
        for a in values:
            row = found.get(a.id)
            moment = f"{a.code_key} at {format_ms(a.onset.pts_ms)}"
            if row is None:
                raise EditConflict(f"this event ({moment}) was removed elsewhere since")
            if row.version != a.version:
                raise EditConflict(f"this event ({moment}) was changed elsewhere since")
        return [found[a.id] for a in values]

    def _row(self, annotation_id: AnnotationId) -> AnnotationRow:
        row = self._session.get(AnnotationRow, annotation_id)
        if row is None:
            raise NotFound(f"annotation {annotation_id} does not exist (removed meanwhile?)")
        return row

    def _delete(self, rows: list[AnnotationRow]) -> None:
        """Delete exactly these rows, or raise `StaleDelete` (the caller's unit rolls back).

        A bulk DELETE whose count is checked, instead of the ORM's per-row delete: on SQLite
        the ORM only warns when fewer rows matched than it meant to delete, and that warning
        let a stale "replace" carry on and commit both files.
        """
        if not rows:
            return
        self._session.flush()
        for row in rows:
            self._session.expunge(row)
        connection = self._session.connection()
        deleted = 0
        for start in range(0, len(rows), _CHUNK):
            chunk = [row.id for row in rows[start : start + _CHUNK]]
            deleted += connection.execute(
                delete(AnnotationRow).where(AnnotationRow.id.in_(chunk))
            ).rowcount
        if deleted != len(rows):
            raise StaleDelete(
                f"expected to remove {len(rows)} annotation(s) but {deleted} were there; "
                "someone else changed this pass meanwhile, so nothing was saved"
            )

    def _refuse_existing(self, ids: set[AnnotationId]) -> None:
        """A clash the session already knows of, without a query: the INSERT's primary key
        refuses every other one at flush (`Conflict`), so a key press costs no extra read."""
        for annotation_id in ids:
            if self._session.identity_map.get(identity_key(AnnotationRow, annotation_id)):
                raise Conflict(f"annotation {annotation_id} already exists")
