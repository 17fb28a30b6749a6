"""Repositories for who was filmed and when: families, their children, their visits.

Only pseudonymous codes are stored. A child's birth is kept to the month, enough for age
bands and less identifying than a date. Duplicates are refused with `Conflict` because a
second "F-0417" or a second visit 3 would make every later report ambiguous.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vfcoach.coding.ids import ChildId, FamilyId, VisitId
from vfcoach.coding.project import Child, Family, Visit
from vfcoach.coding.text_rules import check_name
from vfcoach.storage.errors import Conflict, NotFound, StorageError, flush_or_conflict
from vfcoach.storage.rows import ChildRow, FamilyRow, VisitRow

_BIRTH_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _family(row: FamilyRow) -> Family:
    return Family(id=FamilyId(row.id), code=row.code, programme=row.programme)


def _child(row: ChildRow) -> Child:
    return Child(
        id=ChildId(row.id),
        family_id=FamilyId(row.family_id),
        pseudonym=row.pseudonym,
        birth_month=row.birth_month,
    )


def _visit(row: VisitRow) -> Visit:
    return Visit(
        id=VisitId(row.id),
        family_id=FamilyId(row.family_id),
        number=row.number,
        date=row.date,
        programme=row.programme,
    )


def require_family(session: Session, family_id: FamilyId) -> FamilyRow:
    row = session.get(FamilyRow, family_id)
    if row is None:
        raise NotFound(f"family {family_id} does not exist")
    return row


class FamilyRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, code: str, programme: str = "ABC") -> Family:
        code = code.strip()
        if not code:
            raise StorageError("a family needs a code")
        check_name(code, "a family code")
        if self.by_code(code) is not None:
            raise Conflict(f"family code '{code}' is already used")
        row = FamilyRow(code=code, programme=programme)
        if self._session.get_bind().dialect.name == "postgresql":
            # The id first, so the INSERT needs no RETURNING: on a team database a new family
            # is on nobody's caseload until its insert trigger puts it on the adder's, and a
            # RETURNING row must already be readable (storage/team/policies.py, INSERT_RULES).
            row.id = self._session.scalars(
                select(func.nextval(func.pg_get_serial_sequence("family", "id")))
            ).one()
        self._session.add(row)
        flush_or_conflict(
            self._session,
            f"family code '{code}' is already used (on a team database perhaps by a family "
            "that is not on your caseload)",
        )
        return _family(row)

    def get(self, family_id: FamilyId) -> Family:
        return _family(require_family(self._session, family_id))

    def rename(self, family_id: FamilyId, code: str) -> Family:
        """Give the family another code, checked as `add` checks one (unique, a safe name)."""
        row = require_family(self._session, family_id)
        code = code.strip()
        if not code:
            raise StorageError("a family needs a code")
        check_name(code, "a family code")
        other = self.by_code(code)
        if other is not None and other.id != family_id:
            raise Conflict(f"family code '{code}' is already used")
        row.code = code
        flush_or_conflict(self._session, f"family code '{code}' is already used")
        return _family(row)

    def by_code(self, code: str) -> Family | None:
        row = self._session.scalars(select(FamilyRow).where(FamilyRow.code == code)).first()
        return None if row is None else _family(row)

    def list(self) -> list[Family]:
        rows = self._session.scalars(select(FamilyRow).order_by(FamilyRow.code))
        return [_family(r) for r in rows]


class ChildRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, family_id: FamilyId, pseudonym: str, birth_month: str | None = None) -> Child:
        require_family(self._session, family_id)
        if birth_month is not None and not _BIRTH_MONTH.match(birth_month):
            raise StorageError(f"birth month '{birth_month}' must be written YYYY-MM")
        row = ChildRow(family_id=family_id, pseudonym=pseudonym, birth_month=birth_month)
        self._session.add(row)
        self._session.flush()
        return _child(row)

    def for_family(self, family_id: FamilyId) -> list[Child]:
        rows = self._session.scalars(
            select(ChildRow).where(ChildRow.family_id == family_id).order_by(ChildRow.id)
        )
        return [_child(r) for r in rows]

    def list(self) -> list[Child]:
        """Every child of every family (the caption check refuses other families' names)."""
        return [_child(r) for r in self._session.scalars(select(ChildRow).order_by(ChildRow.id))]


class VisitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(
        self,
        family_id: FamilyId,
        number: int,
        date: dt.date | None = None,
        programme: str = "ABC",
    ) -> Visit:
        family = require_family(self._session, family_id)
        message = f"family {family.code} already has a visit {number}"
        if self.by_number(family_id, number) is not None:
            raise Conflict(message)
        row = VisitRow(family_id=family_id, number=number, date=date, programme=programme)
        self._session.add(row)
        flush_or_conflict(self._session, message)
        return _visit(row)

    def get(self, visit_id: VisitId) -> Visit:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound(f"visit {visit_id} does not exist")
        return _visit(row)

    def update(self, visit_id: VisitId, number: int, date: dt.date | None, programme: str) -> Visit:
        """Change a visit's number, date and programme; a number already used is refused."""
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound(f"visit {visit_id} does not exist")
        family = require_family(self._session, FamilyId(row.family_id))
        message = f"family {family.code} already has a visit {number}"
        other = self.by_number(FamilyId(row.family_id), number)
        if other is not None and other.id != visit_id:
            raise Conflict(message)
        row.number, row.date, row.programme = number, date, programme
        flush_or_conflict(self._session, message)
        return _visit(row)

    def for_family(self, family_id: FamilyId) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow).where(VisitRow.family_id == family_id).order_by(VisitRow.number)
        )
        return [_visit(r) for r in rows]

    def by_number(self, family_id: FamilyId, number: int) -> Visit | None:
        row = self._session.scalars(
            select(VisitRow).where(VisitRow.family_id == family_id, VisitRow.number == number)
        ).first()
        return None if row is None else _visit(row)

    def next_number(self, family_id: FamilyId) -> int:
        """One past the highest number so far; gaps left by deleted visits are not reused."""
        highest = self._session.scalar(
            select(func.max(VisitRow.number)).where(VisitRow.family_id == family_id)
        )
        return 1 if highest is None else int(highest) + 1
