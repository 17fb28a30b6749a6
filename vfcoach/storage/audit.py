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
from vfcoach.coding.audit_chain import ChainReport
from vfcoach.storage import audit_chain
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
        seq=row.seq,
    )


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def record(self, actor: str, action: str, subject: str, detail: Mapping[str, Any]) -> None:
        """Append one event in the caller's transaction: it lands with the change it explains.

        Each event is the next link of the hash chain (`audit_chain`); the log stays one
        unbroken chain however many writers append at once."""
        for name, value in (("actor", actor), ("action", action), ("subject", subject)):
            if not value or len(value) > _LIMITS[name]:
                raise StorageError(f"an audit {name} must be 1 to {_LIMITS[name]} characters")
        check_json(dict(detail), f"audit detail of '{action}'")
        at = dt.datetime.now(dt.UTC)
        seq, prev_hash, own_hash = audit_chain.link(
            self._session, at, actor, action, subject, detail
        )
        row = AuditEventRow(
            at=at,
            actor=actor,
            action=action,
            subject=subject,
            detail=dict(detail),
            seq=seq,
            prev_hash=prev_hash,
            entry_hash=own_hash,
        )
        self._session.add(row)
        self._session.flush()
        # PostgreSQL's trigger set the link on the server: read it back when next asked
        self._session.expire(row, ["seq", "prev_hash", "entry_hash", "actor", "written_by"])

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

    # -- the hash chain (issue 14 §4; see `audit_chain`) -------------------------------------

    def verify(self) -> ChainReport:
        """The whole chain's state: "N entries, chain intact" or the first broken entry."""
        return audit_chain.verify_chain(self._session)

    def family_subjects(self, code: str) -> set[str] | None:
        """Subjects of one family's records; None for a family the reader cannot see."""
        return audit_chain.family_subjects(self._session, code)

    def trail(
        self, subjects: set[str] | None = None, since: dt.datetime | None = None
    ) -> builtins.list[AuditEvent]:
        """Events in chain order, optionally only these subjects and from a moment on."""
        query = select(AuditEventRow).order_by(AuditEventRow.seq)
        if subjects is not None:
            query = query.where(AuditEventRow.subject.in_(sorted(subjects)))
        if since is not None:
            query = query.where(AuditEventRow.at >= since)
        return [_event(r) for r in self._session.scalars(query)]
