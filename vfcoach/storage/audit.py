"""The audit log (domain.md §7, rule 9): append-only, read in the order it was written.

This repository has no update and no delete on purpose; the only way to change what the
log says is to add another event. Times are stored in UTC and come back timezone-aware on
every backend (SQLite returns naive datetimes, which are UTC by construction here).
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vfcoach.coding.audit import AuditEvent
from vfcoach.storage.errors import StorageError
from vfcoach.storage.rows import AuditEventRow
from vfcoach.storage.settings import check_json

_LIMITS = {"actor": 128, "action": 64, "subject": 200}


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        at=_utc(row.at),
        actor=row.actor,
        action=row.action,
        subject=row.subject,
        detail=dict(row.detail),
    )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, actor: str, action: str, subject: str, detail: Mapping[str, Any]) -> None:
        """Append one event in the caller's transaction: it lands with the change it explains."""
        for name, value in (("actor", actor), ("action", action), ("subject", subject)):
            if not value or len(value) > _LIMITS[name]:
                raise StorageError(f"an audit {name} must be 1 to {_LIMITS[name]} characters")
        check_json(dict(detail), f"audit detail of '{action}'")
        self._session.add(
            AuditEventRow(
                at=dt.datetime.now(dt.UTC),
                actor=actor,
                action=action,
                subject=subject,
                detail=dict(detail),
            )
        )
        self._session.flush()

    def list(
        self, action: str | None = None, subject: str | None = None
    ) -> builtins.list[AuditEvent]:
        """Events oldest first, optionally only one action and/or one subject."""
        query = select(AuditEventRow).order_by(AuditEventRow.id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        if subject is not None:
            query = query.where(AuditEventRow.subject == subject)
        return [_event(r) for r in self._session.scalars(query)]
