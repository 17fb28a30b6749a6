"""The double-coding plan: draw the sample, assign second coders, list what is due.

Shared by `vfcoach double ...` and the window. The recording's coach is whoever coded its
primary pass, so only recordings a coach has started coding can be drawn; the month is the
visit's date. The draw (seed, share, what it chose) and every assignment go to the audit
log in the same transaction as the change (domain.md §7 rule 9: "random clip selection").
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from vfcoach.coding.annotation import PassPurpose, PassStatus
from vfcoach.coding.audit import SETTING_CHANGED
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.consent import Scope
from vfcoach.coding.double_coding import ASSIGNED, SAMPLE_DRAWN, Assignment, AssignmentId
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.sampling import (
    DEFAULT_SHARE,
    MAX_SEED,
    SHARE_SETTING,
    SampleDraw,
    SamplingCandidate,
    check_plan,
    draw_sample,
)
from vfcoach.services.access import SYSTEM, Actor, PassNotChosen
from vfcoach.services.consent import require_for_recording
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork


class PlanRefused(VfcoachError):
    """Someone who is not a supervisor tried to change the plan or a reliability setting."""


def plan_refusal(uow: UnitOfWork, actor: Actor, action: str = "plan double coding") -> str | None:
    """Why `actor` may not change the double-coding plan or the reliability settings, or None.

    Only a supervisor may (domain.md §1). Until the organisation has named any supervisor
    everyone may, so a new installation (and a script with `--by`) can start and name the
    first one with `vfcoach double role NAME --supervisor`; from then on it is enforced
    here, under every caller, not only by a disabled button.
    """
    if not any(c.is_supervisor for c in uow.coders.list()):
        return None
    if actor.is_supervisor:
        return None
    return f"only a supervisor may {action}; {actor.name or 'nobody'} is not one"


def may_plan(db: Database, actor: Actor, action: str = "plan double coding") -> str | None:
    """`plan_refusal` in its own unit of work, for a window deciding what to enable."""
    with db.uow() as uow:
        return plan_refusal(uow, actor, action)


def check_planner(uow: UnitOfWork, actor: Actor, action: str = "plan double coding") -> None:
    why = plan_refusal(uow, actor, action)
    if why is not None:
        raise PlanRefused(why)


def load_share(db: Database) -> float:
    with db.uow() as uow:
        return float(uow.settings.get(SHARE_SETTING, DEFAULT_SHARE))


def save_share(db: Database, share: float, actor: Actor) -> None:
    check_plan(share, 0)
    with db.uow() as uow:
        check_planner(uow, actor, "change the share double-coded")
        old = uow.settings.get(SHARE_SETTING, DEFAULT_SHARE)
        uow.settings.set(SHARE_SETTING, share)
        detail = {"key": SHARE_SETTING, "old": old, "new": share}
        uow.audit.record(actor.name, SETTING_CHANGED, f"setting:{SHARE_SETTING}", detail)
        uow.commit()


def set_role(
    db: Database, coder_name: str, role: CoderRole | None, master: bool | None, actor: Actor
) -> str:
    """Make a coder a supervisor (or not) and/or the master coder; None leaves it; audited."""
    with db.uow() as uow:
        check_planner(uow, actor, "change a coder's role")
        coder = uow.coders.get_or_create(coder_name)
        if role is not None:
            coder = uow.coders.set_role(coder.id, role)
        if master is not None:
            coder = uow.coders.set_master(coder.id, master)
        detail = {"role": coder.role.value, "master": coder.is_master}
        uow.audit.record(actor.name, "coder.role_changed", f"coder:{coder.name}", detail)
        uow.commit()
    return f"{coder.name}: {coder.role.value}{', master coder' if coder.is_master else ''}"


def _candidates(uow: UnitOfWork) -> list[SamplingCandidate]:
    names = {c.id: c.name for c in uow.coders.list()}
    out: list[SamplingCandidate] = []
    for recording in uow.recordings.list():
        primary = [
            p for p in uow.passes.for_recording(recording.id) if p.purpose is PassPurpose.PRIMARY
        ]
        if not primary:
            continue
        visit = uow.visits.get(recording.visit_id)
        month = None if visit.date is None else visit.date.strftime("%Y-%m")
        out.append(SamplingCandidate(recording.id, names[primary[0].coder_id], month))
    return out


class SampleOperation:
    """Draw recordings for double coding and mark them; a new seed unless one is given."""

    def __init__(
        self,
        db: Database,
        share: float | None = None,
        seed: int | None = None,
        actor: Actor = SYSTEM,
    ) -> None:
        self.db, self.share, self.actor = db, share, actor
        self.seed = secrets.randbelow(MAX_SEED + 1) if seed is None else seed

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> SampleDraw:
        with self.db.uow() as uow:
            check_planner(uow, self.actor, "draw recordings for double coding")
            share = self.share
            if share is None:
                share = float(uow.settings.get(SHARE_SETTING, DEFAULT_SHARE))
            already = {a.recording_id for a in uow.assignments.list()}
            draw = draw_sample(_candidates(uow), share, self.seed, already)
            for rid in draw.recording_ids:
                uow.assignments.mark_sampled(rid, self.actor.name, draw.seed, draw.share)
            detail = {
                "seed": draw.seed,
                "share": draw.share,
                "drawn": list(draw.recording_ids),
                "already": len(already),
                "coaches": {q.coach: q.wanted for q in draw.quotas},
            }
            uow.audit.record(self.actor.name, SAMPLE_DRAWN, "double-coding plan", detail)
            uow.commit()
        progress(1.0, f"Drew {len(draw.drawn)} recording(s)")
        return draw


class AssignOperation:
    """Give a recording a second coder, or the master coder, blind unless told otherwise."""

    def __init__(
        self,
        db: Database,
        recording_id: RecordingId,
        coder_name: str,
        master: bool = False,
        actor: Actor = SYSTEM,
        blind: bool = True,
        replacing: str | None = None,
    ) -> None:
        self.db, self.recording_id, self.coder_name = db, recording_id, coder_name.strip()
        self.master, self.actor, self.blind = master, actor, blind
        self.replacing = None if replacing is None else replacing.strip()

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> Assignment:
        with self.db.uow() as uow:
            check_planner(uow, self.actor, "assign double coding")
            recording = uow.recordings.get(self.recording_id)
            require_for_recording(uow, recording.id, Scope.FIDELITY_RELIABILITY)
            if not self.coder_name:
                raise PassNotChosen("choose the coder who codes it")
            coder = uow.coders.get_or_create(self.coder_name)
            if self.master and not coder.is_master:
                raise PassNotChosen(
                    f"{coder.name} is not the master coder; mark them first "
                    f"(vfcoach double role {coder.name} --master)"
                )
            primary = {
                p.coder_id
                for p in uow.passes.for_recording(recording.id)
                if p.purpose is PassPurpose.PRIMARY
            }
            if coder.id in primary:
                raise PassNotChosen(
                    f"{coder.name} coded recording {recording.id} as its coach; "
                    "double coding needs a different coder"
                )
            purpose = PassPurpose.MASTER if self.master else PassPurpose.RELIABILITY
            replaced = self._replaced(uow, recording.id)
            if replaced is None:
                assignment = uow.assignments.assign(
                    recording.id, coder.id, purpose, self.actor.name, self.blind
                )
            else:
                assignment = uow.assignments.reassign(
                    replaced, coder.id, purpose, self.actor.name, self.blind
                )
            detail = {
                "coder": coder.name,
                "purpose": purpose.value,
                "blind": self.blind,
                "draw_seed": assignment.draw_seed,
                "replaced": self.replacing,
            }
            uow.audit.record(self.actor.name, ASSIGNED, f"recording:{recording.id}", detail)
            uow.commit()
        return assignment

    def _replaced(self, uow: UnitOfWork, rec: RecordingId) -> AssignmentId | None:
        """The assignment a change of coder takes over; refused once that coder has begun,
        because their blind pass would then belong to nobody's assignment."""
        if self.replacing is None:
            return None
        old = uow.coders.by_name(self.replacing)
        mine = [a for a in uow.assignments.for_recording(rec) if old and a.coder_id == old.id]
        if old is None or not mine:
            raise PassNotChosen(f"{self.replacing} is not assigned to recording {rec}")
        if any(p.coder_id == old.id for p in uow.passes.for_recording(rec)):
            raise PassNotChosen(
                f"{old.name} has already started coding recording {rec}; "
                "their pass stays theirs, so the assignment cannot move to someone else"
            )
        return mine[0].id


@dataclass(frozen=True, slots=True)
class DueItem:
    recording_id: RecordingId
    family_code: str
    visit_number: int
    visit_date: dt.date | None
    coach: str | None  # who coded the primary pass
    coach_status: str  # "not started", "draft", "submitted", "locked"
    coder: str | None  # None: drawn, nobody assigned yet
    purpose: str
    blind: bool
    coder_status: str
    assigned_at: dt.datetime
    draw_seed: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "recording": self.recording_id,
            "family": self.family_code,
            "visit": self.visit_number,
            "date": None if self.visit_date is None else self.visit_date.isoformat(),
            "coach": self.coach,
            "coach_status": self.coach_status,
            "coder": self.coder,
            "purpose": self.purpose,
            "blind": self.blind,
            "coder_status": self.coder_status,
            "assigned_at": self.assigned_at.isoformat(),
            "draw_seed": self.draw_seed,
        }


def _status(statuses: list[PassStatus]) -> str:
    return "not started" if not statuses else statuses[-1].value


class DueOperation:
    """Assignments whose coder has not submitted yet (and draws still waiting for a coder);
    with `everything`, the submitted ones too (the plan as a supervisor reviews it)."""

    def __init__(
        self, db: Database, coder_name: str | None = None, everything: bool = False
    ) -> None:
        self.db, self.everything = db, everything
        self.coder_name = None if coder_name is None else coder_name.strip()

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> list[DueItem]:
        items: list[DueItem] = []
        with self.db.uow() as uow:
            names = {c.id: c.name for c in uow.coders.list()}
            for a in uow.assignments.list():
                coder = None if a.coder_id is None else names[a.coder_id]
                if self.coder_name is not None and coder != self.coder_name:
                    continue
                passes = uow.passes.for_recording(a.recording_id)
                own = [
                    p.status for p in passes if a.coder_id is not None and p.coder_id == a.coder_id
                ]
                if own and own[-1] is not PassStatus.DRAFT and not self.everything:
                    continue
                primary = [p for p in passes if p.purpose is PassPurpose.PRIMARY]
                recording = uow.recordings.get(a.recording_id)
                visit = uow.visits.get(recording.visit_id)
                family = uow.families.get(visit.family_id)
                items.append(
                    DueItem(
                        a.recording_id,
                        family.code,
                        visit.number,
                        visit.date,
                        names[primary[0].coder_id] if primary else None,
                        _status([p.status for p in primary]),
                        coder,
                        a.purpose.value,
                        a.blind,
                        "needs a coder" if coder is None else _status(own),
                        a.assigned_at,
                        a.draw_seed,
                    )
                )
        return items
