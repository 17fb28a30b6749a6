"""The audit trail as a use case (issue 14 §4): check it, read it, and the events other use
cases log through it. Shared by the CLI (`vfcoach audit verify|show`) and the window's
*Audit trail…* dialog, which runs these on the task runner.

Events are written through `uow.audit.record` (the chain links them); the helpers here are for
the places that have no unit of work of their own at hand (a showing in the window, a sign-in)
and for the one rule of who counts as "someone other than its coder".

Action names a part of vfcoach records for issue 14 (constants in `coding/audit_chain.py`):
"recording.viewed", "export.written" (detail "kind"), "caregiver.showing", "consent.set",
"consent.withdraw", "family.erased", "pass.edited_after_submission",
"reel.clip_overridden" (the reel module's), "team.signed_in". Details hold ids, counts and
choices, never a family's content (names, notes, captions, file paths).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vfcoach.coding.audit import AuditEvent, JsonValue
from vfcoach.coding.audit_chain import (
    CAREGIVER_SHOWING,
    EXPORTED,
    RECORDING_VIEWED,
    SIGNED_IN,
    ChainReport,
)
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.services.access import Actor, audit_name
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork


class AuditTrailRefused(VfcoachError):
    """A request about the audit trail that cannot be answered as asked (e.g. no such family)."""


@dataclass(frozen=True, slots=True)
class TrailQuery:
    family: str | None = None  # a family code: only that family's visits, recordings, reels
    since: dt.date | None = None  # from this day on (UTC)


def verify_trail(
    db: Database, progress: Progress = no_progress, token: CancelToken | None = None
) -> ChainReport:
    """The whole chain checked: "N entries, chain intact" or the first broken entry."""
    progress(0.0, "Checking the audit trail")
    with db.uow() as uow:
        report = uow.audit.verify()
    progress(1.0, report.describe())
    return report


def read_trail(db: Database, query: TrailQuery) -> list[AuditEvent]:
    """The entries the reader may see, in chain order, filtered by family and day."""
    since = None
    if query.since is not None:
        since = dt.datetime.combine(query.since, dt.time(), tzinfo=dt.UTC)
    with db.uow() as uow:
        subjects = None
        if query.family is not None:
            subjects = uow.audit.family_subjects(query.family.strip())
            if subjects is None:
                raise AuditTrailRefused(
                    f"there is no family '{query.family.strip()}' in this database that you "
                    "may see; check the family code"
                )
        return uow.audit.trail(subjects, since)


def event_json(event: AuditEvent) -> dict[str, Any]:
    """One entry for `audit show --json` (UTC ISO time)."""
    return {
        "seq": event.seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "subject": event.subject,
        "detail": dict(event.detail),
    }


# -- events other use cases log ------------------------------------------------------------


def log_event(
    db: Database, actor: Actor | None, action: str, subject: str, detail: Mapping[str, JsonValue]
) -> None:
    """Append one event in a transaction of its own (for steps that write nothing else)."""
    with db.uow() as uow:
        uow.audit.record(audit_name(actor), action, subject, dict(detail))
        uow.commit()


def log_view_if_not_coder(uow: UnitOfWork, recording_id: RecordingId, actor: Actor) -> None:
    """A look at a recording by someone who has no pass on it, while others do: logged."""
    coders = {p.coder_id for p in uow.passes.for_recording(recording_id)}
    me = uow.coders.by_name(actor.name)
    if coders and (me is None or me.id not in coders):
        uow.audit.record(actor.name, RECORDING_VIEWED, f"recording:{int(recording_id)}", {})


def log_export(
    db: Database, actor: Actor | None, kind: str, subject: str, detail: Mapping[str, JsonValue]
) -> None:
    """An export of codes or a report, once it is written: what kind, of what, no content."""
    log_event(db, actor, EXPORTED, subject, {"kind": kind, **detail})


def showing_job(db: Database, actor: Actor, reel_id: int) -> Any:
    """A runner job that logs a caregiver showing of a reel (the window starts it)."""

    def job(progress: Progress, token: CancelToken) -> None:
        log_event(db, actor, CAREGIVER_SHOWING, f"reel:{int(reel_id)}", {})

    return job


def log_sign_in(db: Database, actor: Actor) -> None:
    """A sign-in to a team database (the server stamps who wrote it)."""
    log_event(db, actor, SIGNED_IN, f"coder:{actor.name}", {})


def may_read_trail(actor: Actor | None) -> bool:
    """Who the window offers the audit trail to: supervisors and master coders. (What they
    then read is what the database lets them read; on a team database, their team's.)"""
    return actor is not None and (actor.is_supervisor or actor.is_master)
