"""Repository for recordings: a media file of one visit, with the facts probing found.

The frame map is stored with the recording (not recomputed on each machine) so every coder
maps frame to time identically, and the fingerprint lets a moved or renamed file be found
again while a re-encoded one is recognised as different rather than silently re-timed.
"""

from __future__ import annotations

import builtins

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId, SchemeId, VisitId
from vfcoach.coding.project import MediaFacts, Recording
from vfcoach.storage.errors import NotFound
from vfcoach.storage.rows import RecordingRow, SchemeRow, VisitRow


def _recording(row: RecordingRow) -> Recording:
    facts = MediaFacts(
        fingerprint=row.fingerprint,
        duration_ms=row.duration_ms,
        fps=row.fps,
        frame_count=row.frame_count,
        width=row.width,
        height=row.height,
        rotation=row.rotation,
        has_audio=row.has_audio,
        frame_map_blob=bytes(row.frame_map),  # psycopg hands back memoryview-like bytes
    )
    return Recording(
        id=RecordingId(row.id),
        visit_id=VisitId(row.visit_id),
        media_path=row.media_path,
        facts=facts,
        scheme_id=None if row.scheme_id is None else SchemeId(row.scheme_id),
        label=row.label,
        archived=row.archived,
    )


class RecordingRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        visit_id: VisitId,
        media_path: str,
        facts: MediaFacts,
        scheme_id: SchemeId | None = None,
        label: str = "",
    ) -> Recording:
        if self._session.get(VisitRow, visit_id) is None:
            raise NotFound(f"visit {visit_id} does not exist")
        self._require_scheme(scheme_id)
        row = RecordingRow(
            visit_id=visit_id,
            media_path=media_path,
            fingerprint=facts.fingerprint,
            duration_ms=facts.duration_ms,
            fps=facts.fps,
            frame_count=facts.frame_count,
            width=facts.width,
            height=facts.height,
            rotation=facts.rotation,
            has_audio=facts.has_audio,
            frame_map=facts.frame_map_blob,
            scheme_id=scheme_id,
            label=label,
            archived=False,
        )
        self._session.add(row)
        self._session.flush()
        return _recording(row)

    def get(self, recording_id: RecordingId) -> Recording:
        return _recording(self._row(recording_id))

    def for_visit(self, visit_id: VisitId) -> list[Recording]:
        rows = self._session.scalars(
            select(RecordingRow).where(RecordingRow.visit_id == visit_id).order_by(RecordingRow.id)
        )
        return [_recording(r) for r in rows]

    def list(self) -> list[Recording]:
        rows = self._session.scalars(select(RecordingRow).order_by(RecordingRow.id))
        return [_recording(r) for r in rows]

    def media_paths(self) -> builtins.list[tuple[RecordingId, str]]:
        """Every recording's media path: what no export may write over. Two columns only,
        not the frame maps, since every export asks before it writes."""
        rows = self._session.execute(
            select(RecordingRow.id, RecordingRow.media_path).order_by(RecordingRow.id)
        )
        return [(RecordingId(rid), path) for rid, path in rows]

    def by_fingerprint(self, fingerprint: str) -> builtins.list[Recording]:
        """Every recording of this exact media, wherever it was when imported."""
        rows = self._session.scalars(
            select(RecordingRow)
            .where(RecordingRow.fingerprint == fingerprint)
            .order_by(RecordingRow.id)
        )
        return [_recording(r) for r in rows]

    def set_path(self, recording_id: RecordingId, media_path: str) -> None:
        """Relink after the file moved; the caller checks the fingerprint still matches."""
        self._row(recording_id).media_path = media_path
        self._session.flush()

    def set_visit(self, recording_id: RecordingId, visit_id: VisitId) -> None:
        """Move the recording to another visit; its passes, codes and clips go with it."""
        if self._session.get(VisitRow, visit_id) is None:
            raise NotFound(f"visit {visit_id} does not exist")
        self._row(recording_id).visit_id = visit_id
        self._session.flush()

    def set_archived(self, recording_id: RecordingId, archived: bool) -> None:
        self._row(recording_id).archived = archived
        self._session.flush()

    def delete(self, recording_id: RecordingId) -> None:
        """Delete the row; passes, codes, tallies, assignments and reel clips cascade with it.
        The media file is not this repository's business and is never touched."""
        self._session.delete(self._row(recording_id))
        self._session.flush()

    def set_scheme(self, recording_id: RecordingId, scheme_id: SchemeId | None) -> None:
        row = self._row(recording_id)
        self._require_scheme(scheme_id)
        row.scheme_id = scheme_id
        self._session.flush()

    def frame_map(self, recording_id: RecordingId) -> FrameMap:
        blob = self._session.scalar(
            select(RecordingRow.frame_map).where(RecordingRow.id == recording_id)
        )
        if blob is None:
            raise NotFound(f"recording {recording_id} does not exist")
        return FrameMap.from_bytes(bytes(blob))

    def _row(self, recording_id: RecordingId) -> RecordingRow:
        row = self._session.get(RecordingRow, recording_id)
        if row is None:
            raise NotFound(f"recording {recording_id} does not exist")
        return row

    def _require_scheme(self, scheme_id: SchemeId | None) -> None:
        if scheme_id is not None and self._session.get(SchemeRow, scheme_id) is None:
            raise NotFound(f"scheme {scheme_id} does not exist")
