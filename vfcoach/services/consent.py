"""Consent per use (issue 14 §1): record, withdraw, show, and the one check every gate calls.

`require_consent` is the gate: opening, coding, playing, showing, assigning and exporting
each call it with the scope they need, inside the unit of work that does the action, so a
withdrawal committed a moment earlier is seen. A refusal is `ConsentMissing`, whose message
names the missing use in plain words; it changes nothing. Withdrawing `coaching` makes every
other check fail too (the pure rule in `coding.consent`).

"The family's coach" (who needs no supervision consent to watch its video): on a team
database, the coaches whose caseload holds the family; elsewhere, whoever coded one of its
recordings as its coach (a primary pass), or, before anyone has, the person at this computer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vfcoach.coding.consent import (
    CONSENT_RECORDED,
    CONSENT_WITHDRAWN,
    ConsentMissing,
    ConsentRecord,
    Scope,
    check,
    current,
    scope_state,
)
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId, RecordingId
from vfcoach.coding.project import Family
from vfcoach.services.access import Actor, audit_name
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound
from vfcoach.storage.uow import UnitOfWork

__all__ = ["ConsentMissing", "Scope", "require_consent", "require_for_recording"]


class ConsentInputError(VfcoachError):
    """A consent record that cannot be kept as typed (a past expiry, a flag on the wrong use)."""


@dataclass(frozen=True, slots=True)
class ScopeLine:
    """One row of the consent panel and of `consent show`."""

    scope: Scope
    state: str  # in force, withdrawn, expired, missing, coaching (coaching not in force)
    record: ConsentRecord | None

    @property
    def state_text(self) -> str:
        if self.state == "coaching" and self.record is None:
            return "Not given"
        return {
            "in force": "Given",
            "withdrawn": "Withdrawn",
            "expired": "Expired",
            "missing": "Not given",
            "coaching": "Stopped (coaching withdrawn)",
            "replaced": "Replaced by a newer record",
            "not yet": "Not yet",
        }.get(self.state, self.state)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def family_by_code(uow: UnitOfWork, code: str) -> Family:
    family = uow.families.by_code(code.strip())
    if family is None:
        raise NotFound(f"there is no family '{code.strip()}' here")
    return family


def require_consent(
    uow: UnitOfWork, family_id: FamilyId, scope: Scope, at: dt.datetime | None = None
) -> ConsentRecord:
    """The record allowing `scope` for the family now, or `ConsentMissing` (nothing changed)."""
    family = uow.families.get(family_id)
    return check(family.code, uow.consents.for_family(family_id), scope, at or _now())


def recording_family(uow: UnitOfWork, recording_id: RecordingId) -> FamilyId:
    rec = uow.recordings.get(recording_id)
    return uow.visits.get(rec.visit_id).family_id


def require_for_recording(
    uow: UnitOfWork, recording_id: RecordingId, scope: Scope = Scope.COACHING
) -> ConsentRecord:
    """`require_consent` for the family a recording belongs to."""
    return require_consent(uow, recording_family(uow, recording_id), scope)


def is_family_coach(uow: UnitOfWork, family_id: FamilyId, actor: Actor | None) -> bool:
    """Is `actor` the family's coach (see the module note)? Nobody named counts as the coach."""
    if actor is None:
        return True
    me = uow.coders.by_name(actor.name)
    caseload, coaches = uow.consents.family_coaches(family_id)
    if caseload:
        return me is not None and me.id in caseload
    return not coaches or (me is not None and me.id in coaches)


def require_viewing(uow: UnitOfWork, recording_id: RecordingId, actor: Actor | None) -> None:
    """Gate of opening or playing a recording: coaching always; and unless the actor is the
    family's coach, supervision (or, for a coder assigned to double-code it, fidelity)."""
    family = recording_family(uow, recording_id)
    require_consent(uow, family, Scope.COACHING)
    if is_family_coach(uow, family, actor):
        return
    assert actor is not None
    me = uow.coders.by_name(actor.name)
    assigned = me is not None and any(
        a.coder_id == me.id for a in uow.assignments.for_recording(recording_id)
    )
    require_consent(uow, family, Scope.FIDELITY_RELIABILITY if assigned else Scope.SUPERVISION)


def scope_lines(db: Database, family_code: str) -> tuple[Family, list[ScopeLine]]:
    """Every scope of the family with its state now and the record speaking for it."""
    with db.uow() as uow:
        family = family_by_code(uow, family_code)
        records = uow.consents.for_family(family.id)
    now = _now()
    return family, [ScopeLine(s, scope_state(records, s, now), current(records, s)) for s in Scope]


def history(db: Database, family_code: str) -> list[ConsentRecord]:
    """Every record of the family, oldest first (withdrawn and expired ones too)."""
    with db.uow() as uow:
        return uow.consents.for_family(family_by_code(uow, family_code).id)


def set_consent(
    db: Database,
    family_code: str,
    scope: Scope,
    actor: Actor | None,
    consented_by: str = "",
    document: str = "",
    until: dt.date | None = None,
    clean_take_home: bool = False,
    unblurred: bool = False,
) -> ConsentRecord:
    """Record the family's consent to `scope` (a new record; the older one stays in history)."""
    if until is not None and until < _now().date():
        raise ConsentInputError(f"the expiry date {until.isoformat()} has already passed")
    if clean_take_home and scope is not Scope.CAREGIVER_VIEWING:
        raise ConsentInputError("a clean take-home copy is agreed with caregiver viewing only")
    if unblurred and scope is not Scope.TRAINING:
        raise ConsentInputError("showing faces unblurred is agreed with training only")
    with db.uow() as uow:
        family = family_by_code(uow, family_code)
        record = uow.consents.add(
            ConsentRecord(
                family_id=family.id,
                scope=scope,
                consented_by=consented_by.strip(),
                recorded_by=audit_name(actor),
                recorded_at=_now(),
                document=document.strip(),
                expires=until,
                clean_take_home=clean_take_home,
                unblurred=unblurred,
            )
        )
        detail = {
            "scope": scope.value,
            "until": None if until is None else until.isoformat(),
            "document": bool(record.document),
            "clean_take_home": clean_take_home,
            "unblurred": unblurred,
        }
        uow.audit.record(audit_name(actor), CONSENT_RECORDED, f"family:{family.id}", detail)
        uow.commit()
    return record


def withdraw_consent(
    db: Database, family_code: str, scope: Scope, actor: Actor | None
) -> ConsentRecord:
    """Date the withdrawal of `scope` now; every gate refuses from the next check on."""
    with db.uow() as uow:
        family = family_by_code(uow, family_code)
        records = uow.consents.for_family(family.id)
        record = current(records, scope)
        if record is None or record.withdrawn_at is not None:
            raise ConsentInputError(
                f"the family {family.code} has no {scope.label.lower()} consent to withdraw"
            )
        withdrawn = uow.consents.withdraw(family.id, scope, audit_name(actor), _now())
        detail = {"scope": scope.value}
        uow.audit.record(audit_name(actor), CONSENT_WITHDRAWN, f"family:{family.id}", detail)
        uow.commit()
    return withdrawn


def family_in_force(db: Database, family_id: FamilyId, scope: Scope) -> str | None:
    """None while `scope` holds for the family; else the plain refusal (the open windows' poll)."""
    with db.uow() as uow:
        try:
            require_consent(uow, family_id, scope)
        except ConsentMissing as refused:
            return str(refused)
    return None


def family_codes(db: Database) -> list[str]:
    """Every family code this person may see, in order (the panel's family choice)."""
    with db.uow() as uow:
        return [f.code for f in uow.families.list()]


def viewing_refusal(db: Database, recording_id: RecordingId, actor: Actor | None) -> str | None:
    """None while `actor` may still watch the recording; else the plain refusal (open windows)."""
    with db.uow() as uow:
        try:
            require_viewing(uow, recording_id, actor)
        except ConsentMissing as refused:
            return str(refused)
    return None


def history_lines(db: Database, family_code: str) -> list[ScopeLine]:
    """Every record of the family, newest first, each with its own state now (the panel's
    history view); a record a newer one of its use superseded reads "replaced"."""
    records = history(db, family_code)
    now = _now()
    out = []
    for record in reversed(records):
        state = record.state(now)
        if state == "in force" and current(records, record.scope) != record:
            state = "replaced"
        out.append(ScopeLine(record.scope, state, record))
    return out
