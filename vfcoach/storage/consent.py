"""The consent history of each family (domain.md §7.2): kept whole, never deleted.

Recording a scope adds a row; a newer row for the same scope speaks for it from then on.
Withdrawing sets `withdrawn_at` on the row in force, once; nothing here deletes a row, so an
auditor can always see what was agreed, by whom, and until when. Times are UTC and come back
timezone-aware on every backend.
"""

from __future__ import annotations

import builtins
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.annotation import PassPurpose
from vfcoach.coding.consent import ConsentRecord, Scope, current
from vfcoach.coding.ids import CoderId, FamilyId
from vfcoach.storage.errors import NotFound, StorageError
from vfcoach.storage.rows import (
    CaseloadRow,
    CodingPassRow,
    ConsentRow,
    RecordingRow,
    VisitRow,
)

_LIMITS = {"consented_by": 2000, "recorded_by": 128, "document": 200}


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _record(row: ConsentRow) -> ConsentRecord:
    recorded = _utc(row.recorded_at)
    assert recorded is not None
    return ConsentRecord(
        id=row.id,
        family_id=FamilyId(row.family_id),
        scope=Scope(row.scope),
        consented_by=row.consented_by,
        recorded_by=row.recorded_by,
        recorded_at=recorded,
        document=row.document,
        expires=row.expires,
        withdrawn_at=_utc(row.withdrawn_at),
        clean_take_home=row.clean_take_home,
        unblurred=row.unblurred,
    )


class ConsentRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, record: ConsentRecord) -> ConsentRecord:
        """Append `record` (its id is ignored); the newest record of a scope is the one in force."""
        texts = {
            "consented_by": record.consented_by,
            "recorded_by": record.recorded_by,
            "document": record.document,
        }
        for name, value in texts.items():
            if len(value) > _LIMITS[name]:
                raise StorageError(f"a consent's {name.replace('_', ' ')} is too long")
        if not record.recorded_by.strip():
            raise StorageError("a consent record needs the name of who recorded it")
        row = ConsentRow(
            family_id=record.family_id,
            scope=record.scope.value,
            consented_by=record.consented_by,
            recorded_by=record.recorded_by,
            recorded_at=record.recorded_at,
            document=record.document,
            expires=record.expires,
            withdrawn_at=record.withdrawn_at,
            clean_take_home=record.clean_take_home,
            unblurred=record.unblurred,
        )
        self._session.add(row)
        self._session.flush()
        return _record(row)

    def withdraw(
        self, family_id: FamilyId, scope: Scope, by: str, at: dt.datetime
    ) -> ConsentRecord:
        """Date the withdrawal on the record that speaks for `scope`; NotFound if none does."""
        found = current(self.for_family(family_id), scope)
        if found is None or found.withdrawn_at is not None:
            raise NotFound(f"there is no {scope.label.lower()} consent to withdraw")
        row = self._session.get(ConsentRow, found.id)
        assert row is not None
        row.withdrawn_at, row.withdrawn_by = at, by
        self._session.flush()
        return _record(row)

    def for_family(self, family_id: FamilyId) -> builtins.list[ConsentRecord]:
        """Every record of the family, oldest first: the whole history."""
        rows = self._session.scalars(
            select(ConsentRow).where(ConsentRow.family_id == family_id).order_by(ConsentRow.id)
        )
        return [_record(r) for r in rows]

    def grant_coaching(self, family_id: FamilyId, recorded_by: str, consented_by: str = "") -> None:
        """The coaching record every new family starts with (domain.md §7.2)."""
        self.add(
            ConsentRecord(
                family_id=family_id,
                scope=Scope.COACHING,
                consented_by=consented_by,
                recorded_by=recorded_by or "vfcoach",
                recorded_at=dt.datetime.now(dt.UTC),
            )
        )

    def family_coaches(self, family_id: FamilyId) -> tuple[set[CoderId], set[CoderId]]:
        """(coaches whose caseload holds the family, coders of its recordings' primary passes)."""
        caseload = self._session.scalars(
            select(CaseloadRow.coach_id).where(CaseloadRow.family_id == family_id)
        )
        primary = self._session.scalars(
            select(CodingPassRow.coder_id)
            .join(RecordingRow, RecordingRow.id == CodingPassRow.recording_id)
            .join(VisitRow, VisitRow.id == RecordingRow.visit_id)
            .where(VisitRow.family_id == family_id)
            .where(CodingPassRow.purpose == PassPurpose.PRIMARY.value)
        )
        return {CoderId(c) for c in caseload}, {CoderId(c) for c in primary}
