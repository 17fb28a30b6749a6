"""Repositories for coders and coding passes (one coder's coding of one recording).

Opening a pass locks the scheme version it uses: from the first annotation on, that
version's definitions are what the codes mean, so the scheme may no longer change in place.
A pass is unique per (recording, coder, scheme), which is what makes `get_or_create` safe to
call whenever a coder opens a recording.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.annotation import CodingPass, PassStatus
from vfcoach.coding.ids import CoderId, PassId, RecordingId, SchemeId
from vfcoach.coding.project import Coder
from vfcoach.storage.errors import NotFound, StorageError, flush_or_conflict
from vfcoach.storage.rows import CoderRow, CodingPassRow, RecordingRow, SchemeRow


def _coder(row: CoderRow) -> Coder:
    return Coder(id=CoderId(row.id), name=row.name, is_master=row.is_master)


def _pass(row: CodingPassRow) -> CodingPass:
    return CodingPass(
        id=PassId(row.id),
        recording_id=RecordingId(row.recording_id),
        coder_id=CoderId(row.coder_id),
        scheme_id=SchemeId(row.scheme_id),
        status=PassStatus(row.status),
    )


class CoderRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(self, name: str, is_master: bool = False) -> Coder:
        """The coder of that name; `is_master` only applies when the coder is new."""
        name = name.strip()
        if not name:
            raise StorageError("a coder needs a name")
        existing = self.by_name(name)
        if existing is not None:
            return existing
        row = CoderRow(name=name, is_master=is_master)
        self._session.add(row)
        flush_or_conflict(self._session, f"coder '{name}' was just created elsewhere; retry")
        return _coder(row)

    def by_name(self, name: str) -> Coder | None:
        row = self._session.scalars(select(CoderRow).where(CoderRow.name == name)).first()
        return None if row is None else _coder(row)

    def list(self) -> list[Coder]:
        rows = self._session.scalars(select(CoderRow).order_by(CoderRow.name))
        return [_coder(r) for r in rows]


class PassRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_create(
        self, recording_id: RecordingId, coder_id: CoderId, scheme_id: SchemeId
    ) -> CodingPass:
        scheme = self._session.get(SchemeRow, scheme_id)
        if scheme is None:
            raise NotFound(f"scheme {scheme_id} does not exist")
        if self._session.get(RecordingRow, recording_id) is None:
            raise NotFound(f"recording {recording_id} does not exist")
        if self._session.get(CoderRow, coder_id) is None:
            raise NotFound(f"coder {coder_id} does not exist")
        row = self._session.scalars(
            select(CodingPassRow).where(
                CodingPassRow.recording_id == recording_id,
                CodingPassRow.coder_id == coder_id,
                CodingPassRow.scheme_id == scheme_id,
            )
        ).first()
        if row is None:
            row = CodingPassRow(
                recording_id=recording_id,
                coder_id=coder_id,
                scheme_id=scheme_id,
                status=PassStatus.DRAFT.value,
            )
            self._session.add(row)
        if not scheme.locked:
            scheme.locked = True
        flush_or_conflict(self._session, "this coding pass was just opened elsewhere; retry")
        return _pass(row)

    def get(self, pass_id: PassId) -> CodingPass:
        return _pass(self._row(pass_id))

    def for_recording(self, recording_id: RecordingId) -> list[CodingPass]:
        rows = self._session.scalars(
            select(CodingPassRow)
            .where(CodingPassRow.recording_id == recording_id)
            .order_by(CodingPassRow.id)
        )
        return [_pass(r) for r in rows]

    def set_status(self, pass_id: PassId, status: PassStatus) -> None:
        """Move a pass through draft -> submitted -> locked (the UI decides who may)."""
        self._row(pass_id).status = PassStatus(status).value
        self._session.flush()

    def _row(self, pass_id: PassId) -> CodingPassRow:
        row = self._session.get(CodingPassRow, pass_id)
        if row is None:
            raise NotFound(f"coding pass {pass_id} does not exist")
        return row
