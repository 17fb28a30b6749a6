"""The audit trail's hash chain in the database (issue 14 §4): linking, reading, verifying.

SQLite: `link` computes the next link inside the caller's write transaction (taken with
`BEGIN IMMEDIATE` first, so two writers cannot read the same head); the unique `seq` is the
last line of defence. PostgreSQL: a trigger of migration 0014 computes it on the server,
under an advisory lock, whatever the client sent; `link` only fills placeholders there.

`verify` walks the whole chain (SQLite in Python; PostgreSQL in `vfc_audit_verify()`, which
sees every entry even for a coach and returns no content) and also checks that the guards
that refuse UPDATE and DELETE are still in place: someone with the file can drop them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from vfcoach.coding.audit_chain import (
    GENESIS,
    ChainBreak,
    ChainEntry,
    ChainReport,
    entry_hash,
    utc_iso,
    verify,
)
from vfcoach.storage.rows import AuditEventRow, FamilyRow, RecordingRow, ReelRow, VisitRow

#: Guards migration 0014 installs (SQLite trigger names; PostgreSQL trigger names).
SQLITE_GUARDS = ("vfc_audit_no_update", "vfc_audit_no_delete")
PG_GUARDS = ("vfc_zz_audit_link", "vfc_audit_append_only", "vfc_audit_no_truncate")

_PG_REASONS = {
    "outside": "it was added outside the chain",
    "twice": "its number appears twice",
    "changed": "it was changed after it was written",
    "moved": "it does not follow the entry before it (that one was replaced or moved)",
}


def _sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


def _take_write_lock(session: Session) -> None:
    """`BEGIN IMMEDIATE` unless this transaction already writes (and so holds the lock)."""
    connection = session.connection()
    raw = connection.connection.driver_connection
    if getattr(raw, "in_transaction", True):
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def link(
    session: Session,
    at: dt.datetime,
    actor: str,
    action: str,
    subject: str,
    detail: Mapping[str, Any],
) -> tuple[int, str, str]:
    """(seq, prev_hash, entry_hash) for a new entry; placeholders on PostgreSQL."""
    if not _sqlite(session):
        return (0, GENESIS, GENESIS)  # the server's trigger overwrites all three
    _take_write_lock(session)
    head = session.execute(
        select(AuditEventRow.seq, AuditEventRow.entry_hash)
        .order_by(AuditEventRow.seq.desc())
        .limit(1)
    ).first()
    seq = 1 if head is None else int(head[0]) + 1
    prev = GENESIS if head is None else str(head[1])
    return seq, prev, entry_hash(seq, at, actor, action, subject, detail, None, prev)


def entries(session: Session) -> list[ChainEntry]:
    """Every stored entry the reader may see, in chain order (unnumbered ones last)."""
    rows = session.scalars(
        select(AuditEventRow).order_by(AuditEventRow.seq.is_(None), AuditEventRow.seq)
    )
    return [
        ChainEntry(
            seq=r.seq,
            at=r.at,
            actor=r.actor,
            action=r.action,
            subject=r.subject,
            detail=dict(r.detail or {}),
            written_by=r.written_by,
            prev_hash=r.prev_hash,
            hash=r.entry_hash,
        )
        for r in rows
    ]


def _missing_guards(session: Session) -> list[str]:
    if _sqlite(session):
        found = set(
            session.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
                {"t": "audit_event"},
            ).scalars()
        )
        return [g for g in SQLITE_GUARDS if g not in found]
    enabled = set(
        session.execute(
            text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_event'::regclass "
                "AND tgenabled <> 'D'"
            )
        ).scalars()
    )
    return [g for g in PG_GUARDS if g not in enabled]


def _verify_on_server(session: Session) -> ChainReport:
    row = session.execute(text("SELECT * FROM vfc_audit_verify()")).mappings().one()
    count = int(row["entries"])
    if row["reason"] is None:
        return ChainReport(count)
    seq = int(row["broken_seq"])
    if row["reason"] == "missing":
        reason = (
            f"it is missing (removed); the next is entry {row['next_seq']} "
            f"({utc_iso(row['broken_at'])}, {row['broken_action']})"
        )
        return ChainReport(count, ChainBreak(seq, None, None, reason))
    broken = ChainBreak(seq, row["broken_at"], row["broken_action"], _PG_REASONS[row["reason"]])
    return ChainReport(count, broken)


def verify_chain(session: Session) -> ChainReport:
    """The whole chain's state, and whether its guards are still there."""
    if _sqlite(session):
        report = verify(entries(session))
    else:
        report = _verify_on_server(session)
        seen = entries(session)
        if report.intact and len(seen) == report.count:
            # a reader who sees every entry (an admin) also walks the chain here, so a server
            # function someone replaced cannot vouch for a changed trail on its own
            report = verify(seen)
    missing = _missing_guards(session)
    if not missing:
        return report
    problem = (
        "the guard that keeps the audit trail from being changed was removed "
        f"({', '.join(missing)}); entries written since may have been changed unseen"
    )
    return ChainReport(report.count, report.broken, problem)


def family_subjects(session: Session, code: str) -> set[str] | None:
    """The audit subjects that belong to one family (its visits, recordings, reels), or None
    when there is no such family (or the reader may not see it)."""
    family = session.scalar(select(FamilyRow.id).where(FamilyRow.code == code))
    if family is None:
        return None
    visits = list(session.scalars(select(VisitRow.id).where(VisitRow.family_id == family)))
    recordings = session.scalars(select(RecordingRow.id).where(RecordingRow.visit_id.in_(visits)))
    reels = session.scalars(select(ReelRow.id).where(ReelRow.visit_id.in_(visits)))
    subjects = {f"family:{family}"}
    subjects |= {f"visit:{v}" for v in visits}
    subjects |= {f"recording:{r}" for r in recordings}
    subjects |= {f"reel:{r}" for r in reels}
    return subjects
