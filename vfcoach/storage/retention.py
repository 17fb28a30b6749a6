"""Retention rules, legal holds and the register of files written for a family (issue 14 §2).

Rules are per programme and have no default (domain.md §9): a programme without one is never
due. A hold blocks any erase of its family until it is released. The register is fed by the
writer (`output/register.py`) before a file is written, so it may name files that never
appeared; an erase treats a missing file as already gone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vfcoach.coding.ids import FamilyId
from vfcoach.coding.retention import CodesAfter, FamilyFacts, RetentionRule
from vfcoach.storage.families import require_family
from vfcoach.storage.rows import (
    CoderRow,
    FamilyRow,
    LegalHoldRow,
    RecordingRow,
    RetentionRuleRow,
    VisitRow,
    WrittenFileRow,
)


@dataclass(frozen=True, slots=True)
class Hold:
    family_id: FamilyId
    reason: str
    placed_by: str
    placed_at: dt.datetime


@dataclass(frozen=True, slots=True)
class WrittenFile:
    path: Path
    kind: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _rule(row: RetentionRuleRow) -> RetentionRule:
    return RetentionRule(row.programme, row.media_months, row.derived_months, CodesAfter(row.codes))


class RetentionRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    # rules -------------------------------------------------------------------------------
    def set_rule(self, rule: RetentionRule, by: str) -> None:
        row = self._session.get(RetentionRuleRow, rule.programme)
        if row is None:
            row = RetentionRuleRow(programme=rule.programme)
            self._session.add(row)
        row.media_months = rule.media_months
        row.derived_months = rule.derived_months
        row.codes = rule.codes.value
        row.set_by = by
        row.set_at = _now()
        self._session.flush()

    def rules(self) -> list[RetentionRule]:
        rows = self._session.scalars(select(RetentionRuleRow).order_by(RetentionRuleRow.programme))
        return [_rule(r) for r in rows]

    def rule_for(self, programme: str) -> RetentionRule | None:
        row = self._session.get(RetentionRuleRow, programme)
        return None if row is None else _rule(row)

    # holds -------------------------------------------------------------------------------
    def hold(self, family_id: FamilyId) -> Hold | None:
        row = self._session.get(LegalHoldRow, family_id)
        if row is None:
            return None
        return Hold(FamilyId(row.family_id), row.reason, row.placed_by, row.placed_at)

    def place_hold(self, family_id: FamilyId, reason: str, by: str) -> None:
        require_family(self._session, family_id)
        row = self._session.get(LegalHoldRow, family_id)
        if row is None:
            row = LegalHoldRow(family_id=family_id)
            self._session.add(row)
        row.reason, row.placed_by, row.placed_at = reason, by, _now()
        self._session.flush()

    def release_hold(self, family_id: FamilyId) -> bool:
        done = self._session.execute(
            delete(LegalHoldRow).where(LegalHoldRow.family_id == family_id)
        )
        return bool(getattr(done, "rowcount", 0))

    def is_team_admin(self, name: str) -> bool:
        """Whether `name` is an admin of a team database (admins manage records, §7.7)."""
        role = self._session.scalar(select(CoderRow.team_role).where(CoderRow.name == name))
        return role == "admin"

    # the register of written files ------------------------------------------------------
    def note_written(self, family_id: FamilyId, path: Path, kind: str) -> None:
        """Add `path` once per family (a file written again is one entry)."""
        known = self._session.scalar(
            select(WrittenFileRow.id).where(
                WrittenFileRow.family_id == family_id, WrittenFileRow.path == str(path)
            )
        )
        if known is None:
            self._session.add(
                WrittenFileRow(family_id=family_id, path=str(path), kind=kind, written_at=_now())
            )
            self._session.flush()

    def written_files(self, family_id: FamilyId) -> list[WrittenFile]:
        rows = self._session.scalars(
            select(WrittenFileRow)
            .where(WrittenFileRow.family_id == family_id)
            .order_by(WrittenFileRow.id)
        )
        return [WrittenFile(Path(r.path), r.kind) for r in rows]

    def family_media(self, family_id: FamilyId) -> list[Path]:
        """The stored path of every recording of the family (empty ones left out)."""
        paths = self._session.scalars(
            select(RecordingRow.media_path)
            .join(VisitRow, RecordingRow.visit_id == VisitRow.id)
            .where(VisitRow.family_id == family_id)
            .order_by(RecordingRow.id)
        )
        return [Path(p) for p in paths if p]

    # what a rule is judged on -----------------------------------------------------------
    def family_facts(self) -> list[FamilyFacts]:
        """Every family with its last visit date, hold and count of written files."""
        last = (
            select(VisitRow.family_id, func.max(VisitRow.date).label("last"))
            .group_by(VisitRow.family_id)
            .subquery()
        )
        files = (
            select(WrittenFileRow.family_id, func.count().label("n"))
            .group_by(WrittenFileRow.family_id)
            .subquery()
        )
        query = (
            select(
                FamilyRow.code, FamilyRow.programme, last.c.last, LegalHoldRow.family_id, files.c.n
            )
            .outerjoin(last, last.c.family_id == FamilyRow.id)
            .outerjoin(LegalHoldRow, LegalHoldRow.family_id == FamilyRow.id)
            .outerjoin(files, files.c.family_id == FamilyRow.id)
            .order_by(FamilyRow.code)
        )
        return [
            FamilyFacts(code, programme, when, held is not None, int(n or 0))
            for code, programme, when, held, n in self._session.execute(query)
        ]
