"""The consent gates of exports and showings (issue 14 §1), each one call of `require_consent`.

- A code export needs what opening the recording needs (coaching; supervision for anyone but
  the family's coach), and `research` when it is for research.
- A caregiver reel needs `caregiver_viewing`, to export and to show in caregiver mode.
- A reel exported by someone other than the family's coach is a showing for other staff:
  it needs `training`, and so does any reel exported for training.
- A reliability report for research needs `research` from every family whose codes it holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from vfcoach.coding.consent import ConsentMissing, Scope, current, in_force
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId, RecordingId
from vfcoach.coding.reels.model import Audience, Reel, ReelId
from vfcoach.services.access import Actor
from vfcoach.services.consent import (
    is_family_coach,
    recording_family,
    require_consent,
    require_viewing,
)
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

PURPOSES = ("coaching", "research", "training")

__all__ = ["ConsentMissing", "require_export", "require_reel_consent", "require_showing"]


def check_purpose(purpose: str | None) -> str | None:
    """A purpose as typed on the command line, or a plain error naming the known ones."""
    if purpose is None:
        return None
    wanted = purpose.strip().lower()
    if wanted not in PURPOSES:
        raise VfcoachError(f"'{purpose}' is not a purpose; say one of {', '.join(PURPOSES)}")
    return wanted


def require_export(
    uow: UnitOfWork, recording_id: RecordingId, actor: Actor | None, purpose: str | None
) -> None:
    """Codes of one recording leaving vfcoach: viewing rights, and research when for research."""
    require_viewing(uow, recording_id, actor)
    if check_purpose(purpose) == "research":
        require_consent(uow, recording_family(uow, recording_id), Scope.RESEARCH)


def reel_scopes(
    uow: UnitOfWork, reel: Reel, actor: Actor | None, purpose: str | None
) -> set[Scope]:
    """The scopes a reel export needs (coaching always, by the rule of `in_force`)."""
    needed = {Scope.COACHING}
    if reel.audience is Audience.CAREGIVER:
        needed.add(Scope.CAREGIVER_VIEWING)
    if check_purpose(purpose) == "training" or not is_family_coach(uow, reel.family_id, actor):
        needed.add(Scope.TRAINING)
    return needed


def require_reel_consent(
    db: Database, reel: Reel, actor: Actor | None, purpose: str | None = None
) -> None:
    """Refuse the export of `reel` unless every scope it needs is in force."""
    with db.uow() as uow:
        for scope in sorted(reel_scopes(uow, reel, actor, purpose)):
            require_consent(uow, reel.family_id, scope)


def require_showing(db: Database, reel_id: ReelId) -> FamilyId:
    """Caregiver mode may show the reel (caregiver viewing in force); its family, to watch."""
    with db.uow() as uow:
        reel = uow.reels.get(reel_id)
        require_consent(uow, reel.family_id, Scope.CAREGIVER_VIEWING)
        return reel.family_id


def require_research(uow: UnitOfWork, families: Iterable[FamilyId]) -> None:
    """A report leaving the programme for research: every family in it must have agreed."""
    for family in sorted(set(families)):
        require_consent(uow, family, Scope.RESEARCH)


def require_research_for(db: Database, recordings: Iterable[RecordingId]) -> None:
    """`require_research` for the families of `recordings` (a report's)."""
    with db.uow() as uow:
        require_research(uow, [recording_family(uow, r) for r in recordings])


def agreed_extras(db: Database, family_id: FamilyId) -> tuple[bool, bool]:
    """(a clean take-home copy agreed, faces may be shown in training): the two extras a
    consent record may carry, each only while its use is in force (§7.8, §7.2)."""
    with db.uow() as uow:
        records = uow.consents.for_family(family_id)
    now = dt.datetime.now(dt.UTC)
    clean = current(records, Scope.CAREGIVER_VIEWING)
    faces = current(records, Scope.TRAINING)
    return (
        clean is not None and in_force(records, Scope.CAREGIVER_VIEWING, now)
        and clean.clean_take_home,
        faces is not None and in_force(records, Scope.TRAINING, now) and faces.unblurred,
    )  # fmt: skip
