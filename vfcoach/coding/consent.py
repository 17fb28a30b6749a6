"""Consent per use, per family (domain.md §7.2 and §7.3): which scopes are in force, when.

A family consents to each use of its video separately. Every play, code, assign, publish or
export action asks `in_force` for the scope it needs, and a missing scope blocks the action
with `ConsentMissing`, whose message says in plain words what is missing and what to do.
The records are a history: a new record for a scope supersedes the older one, and a
withdrawal is a date on the record, never a deletion, so what was agreed when stays known.
Withdrawing `coaching` stops every use of the family's video, whatever else was agreed.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId

#: Audit actions of consent changes (subject "family:<id>"; the detail names the scope).
CONSENT_RECORDED = "consent.recorded"
CONSENT_WITHDRAWN = "consent.withdrawn"


class Scope(enum.StrEnum):
    """The uses a family may consent to; the value is the code key in exports and the CLI."""

    COACHING = "coaching"
    CAREGIVER_VIEWING = "caregiver_viewing"
    SUPERVISION = "supervision"
    FIDELITY_RELIABILITY = "fidelity_reliability"
    TRAINING = "training"
    RESEARCH = "research"

    @property
    def label(self) -> str:
        """The scope as a coach reads it."""
        return _LABELS[self]

    @property
    def use(self) -> str:
        """What the scope allows, completing "has not consented to ..."."""
        return _USES[self]


_LABELS = {
    Scope.COACHING: "Coaching",
    Scope.CAREGIVER_VIEWING: "Caregiver viewing",
    Scope.SUPERVISION: "Supervision",
    Scope.FIDELITY_RELIABILITY: "Fidelity and reliability checks",
    Scope.TRAINING: "Training other staff",
    Scope.RESEARCH: "Research",
}
_USES = {
    Scope.COACHING: "coaching",
    Scope.CAREGIVER_VIEWING: "caregiver viewing (showing reels to the caregiver)",
    Scope.SUPERVISION: "supervision (anyone but the family's coach watching its video)",
    Scope.FIDELITY_RELIABILITY: "fidelity and reliability checks (a second coder)",
    Scope.TRAINING: "training (showing its video to other staff)",
    Scope.RESEARCH: "research (its codes used for research)",
}


class ConsentMissing(VfcoachError):
    """An action needs a scope the family has not given (or has withdrawn, or let expire)."""

    def __init__(self, family_code: str, scope: Scope, state: str = "missing") -> None:
        self.family_code = family_code
        self.scope = scope
        self.state = state
        if scope is Scope.COACHING and state == "withdrawn":
            message = (
                f"The family {family_code} has withdrawn its consent to coaching, so its video "
                "may not be used at all: ask the family's coach"
            )
        elif state == "withdrawn":
            message = (
                f"The family {family_code} has withdrawn its consent to {scope.use}: if the "
                "family agrees again, record it in Family > Consent"
            )
        elif state == "expired":
            message = (
                f"The family {family_code}'s consent to {scope.use} has expired: record the "
                "renewed consent in Family > Consent, or ask the family's coach"
            )
        else:
            message = (
                f"The family {family_code} has not consented to {scope.use}: record it in "
                "Family > Consent, or ask the family's coach"
            )
        super().__init__(message)


def scope_named(text: str) -> Scope:
    """A scope from its key or its label (any case); a plain error lists the known ones."""
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    for scope in Scope:
        if wanted in (scope.value, scope.label.lower().replace(" ", "_")):
            return scope
    known = ", ".join(s.value for s in Scope)
    raise VfcoachError(f"'{text}' is not a consent scope; the scopes are {known}")


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """One agreement of a family to one use, as recorded (and maybe later withdrawn)."""

    family_id: FamilyId
    scope: Scope
    consented_by: str  # who consented: roles or pseudonyms ("birth mother; agency guardian")
    recorded_by: str  # who typed it in
    recorded_at: dt.datetime  # UTC
    document: str = ""  # the signed form's reference
    expires: dt.date | None = None  # last day the consent holds
    withdrawn_at: dt.datetime | None = None  # UTC; withdrawal is a date, never a deletion
    clean_take_home: bool = False  # caregiver_viewing: a take-home copy without watermark
    unblurred: bool = False  # training: faces may be shown (otherwise always blurred)
    id: int | None = None

    def state(self, at: dt.datetime) -> str:
        """'in force', 'withdrawn', 'expired' or 'not yet' at the moment `at` (UTC)."""
        at = _utc(at)
        if self.withdrawn_at is not None and _utc(self.withdrawn_at) <= at:
            return "withdrawn"
        if _utc(self.recorded_at) > at:
            return "not yet"
        if self.expires is not None and at.date() > self.expires:
            return "expired"
        return "in force"


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def current(records: Iterable[ConsentRecord], scope: Scope) -> ConsentRecord | None:
    """The newest record of `scope` (the one that speaks for it now), or None."""
    mine = [r for r in records if r.scope is scope]
    return max(mine, key=lambda r: (_utc(r.recorded_at), r.id or 0)) if mine else None


def scope_state(records: Iterable[ConsentRecord], scope: Scope, at: dt.datetime) -> str:
    """'in force', 'withdrawn', 'expired', 'missing', or 'coaching' (coaching not in force)."""
    records = list(records)
    if scope is not Scope.COACHING and scope_state(records, Scope.COACHING, at) != "in force":
        return "coaching"
    record = current([r for r in records if _utc(r.recorded_at) <= _utc(at)], scope)
    if record is None:
        return "missing"
    return record.state(at)


def in_force(records: Iterable[ConsentRecord], scope: Scope, at: dt.datetime) -> bool:
    """Is `scope` in force at `at`? Expired or withdrawn is not; without coaching nothing is."""
    return scope_state(records, scope, at) == "in force"


def check(
    family_code: str, records: Iterable[ConsentRecord], scope: Scope, at: dt.datetime
) -> ConsentRecord:
    """The record that allows `scope` at `at`, or `ConsentMissing` saying what is missing."""
    records = list(records)
    state = scope_state(records, scope, at)
    if state == "coaching":  # the use rests on coaching: name what is really missing
        scope, state = Scope.COACHING, scope_state(records, Scope.COACHING, at)
    if state != "in force":
        raise ConsentMissing(family_code, scope, state)
    found = current(records, scope)
    assert found is not None
    return found
