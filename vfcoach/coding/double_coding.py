"""Blind double coding: who was assigned, and who may read whose pass (domain.md §6, §7).

The rule lives here, pure, so the GUI, the CLI and the reliability view all apply the very
same one and a unit test can state it without a database. Rule 7 of §7: reliability coders
see only assigned clips, "with the other pass hidden until both are submitted". So while a
recording is assigned blind, a coder reads another coder's pass of it only once both of
them have submitted (or locked) a pass of it.

Who is exempt, and why:
- a supervisor who does not code that recording themselves reads every pass: supervisors
  resolve disagreements (§1) and a consensus needs both passes; the operation layer writes
  such a read to the audit log (§7 rule 9). A supervisor who IS one of the recording's coders
  is blind like any coder there.
- the master coder has no exemption: the master's codes are the reference, and a master
  who saw the second coder's codes first would no longer be an independent reference (§1,
  "must never see the other coder's codes before submitting their own").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NewType

from vfcoach.coding.annotation import CodingPass, PassPurpose, PassStatus
from vfcoach.coding.ids import CoderId, RecordingId
from vfcoach.coding.project import Coder

AssignmentId = NewType("AssignmentId", int)

#: Audit actions of double coding, in the style of `vfcoach.coding.audit`.
ASSIGNED = "double.assigned"
SAMPLE_DRAWN = "double.sample_drawn"
CODING_SUBMITTED = "coding.submitted"
BLIND_READ = "double.blind_read"  # a supervisor read a pass under blind coding


@dataclass(frozen=True, slots=True)
class Assignment:
    """A recording chosen for double coding; `coder_id` None = drawn, no coder chosen yet."""

    id: AssignmentId
    recording_id: RecordingId
    coder_id: CoderId | None
    purpose: PassPurpose  # RELIABILITY or MASTER
    blind: bool
    assigned_by: str
    assigned_at: dt.datetime  # UTC
    draw_seed: int | None = None  # which sampling draw chose it; None for a supervisor's pick
    draw_share: float | None = None


def is_submitted(coding_pass: CodingPass) -> bool:
    return coding_pass.status in (PassStatus.SUBMITTED, PassStatus.LOCKED)


@dataclass(frozen=True, slots=True)
class BlindState:
    """The double-coding state of one recording, from its passes and assignments."""

    recording_id: RecordingId
    blind: bool  # some assignment with a chosen coder is blind
    coders: frozenset[CoderId]  # the coach (primary passes) and every assigned coder
    submitted: frozenset[CoderId]  # those of them with a submitted or locked pass

    @property
    def active(self) -> bool:
        """Blindness holds until every coder of the recording has submitted."""
        return self.blind and not self.coders <= self.submitted

    @classmethod
    def of(
        cls,
        recording_id: RecordingId,
        passes: Iterable[CodingPass],
        assignments: Iterable[Assignment],
    ) -> BlindState:
        chosen = [a for a in assignments if a.coder_id is not None]
        passes = list(passes)
        coders = {p.coder_id for p in passes if p.purpose is PassPurpose.PRIMARY}
        coders |= {a.coder_id for a in chosen if a.coder_id is not None}
        submitted = {p.coder_id for p in passes if p.coder_id in coders and is_submitted(p)}
        return cls(
            recording_id,
            any(a.blind for a in chosen),
            frozenset(coders),
            frozenset(submitted),
        )


def read_refusal(
    state: BlindState, viewer: Coder | None, owner: CoderId, owner_name: str
) -> str | None:
    """Why `viewer` may not read `owner`'s pass of the recording now, or None if they may."""
    if not state.active or (viewer is not None and viewer.id == owner):
        return None
    rec = state.recording_id
    if viewer is None:
        return (
            f"recording {rec} is being double-coded blind; say who is reading "
            "(--as NAME): a coder sees only their own codes until both passes are submitted"
        )
    if viewer.is_supervisor and viewer.id not in state.coders:
        return None
    if viewer.id in state.submitted and owner in state.submitted:
        return None
    if viewer.id not in state.coders:
        return (
            f"recording {rec} is being double-coded blind and {viewer.name} is not one of its "
            "coders; its passes stay hidden until every coder of it has submitted"
        )
    waiting = viewer.name if viewer.id not in state.submitted else owner_name
    return (
        f"recording {rec} is being double-coded blind: {owner_name}'s codes stay hidden "
        f"from {viewer.name} until both passes are submitted ({waiting} has not submitted)"
    )


def supervisor_override(state: BlindState, viewer: Coder | None, owner: CoderId) -> bool:
    """True when a read is allowed only because the viewer supervises: it must be audited."""
    if viewer is None or not state.active or viewer.id == owner:
        return False
    ordinary = viewer.id in state.submitted and owner in state.submitted
    return viewer.is_supervisor and viewer.id not in state.coders and not ordinary
