"""The pure blind-coding rule (domain.md §7 rule 7): who may read whose pass, and when."""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.annotation import CodingPass, PassPurpose, PassStatus
from vfcoach.coding.double_coding import (
    Assignment,
    AssignmentId,
    BlindState,
    read_refusal,
    supervisor_override,
)
from vfcoach.coding.ids import CoderId, PassId, RecordingId, SchemeId
from vfcoach.coding.project import Coder, CoderRole

REC = RecordingId(1)
COACH, SECOND, OTHER, SUE = (
    Coder(CoderId(1), "Ana"),
    Coder(CoderId(2), "Ben", is_master=True),
    Coder(CoderId(3), "Cleo"),
    Coder(CoderId(4), "Sue", role=CoderRole.SUPERVISOR),
)


def cpass(n: int, coder: Coder, purpose: PassPurpose, status: PassStatus) -> CodingPass:
    return CodingPass(PassId(n), REC, coder.id, SchemeId(1), status, purpose)


def state(coach: PassStatus, second: PassStatus, blind: bool = True) -> BlindState:
    passes = [
        cpass(1, COACH, PassPurpose.PRIMARY, coach),
        cpass(2, SECOND, PassPurpose.MASTER, second),
    ]
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assigned = [Assignment(AssignmentId(1), REC, SECOND.id, PassPurpose.MASTER, blind, "Sue", at)]
    return BlindState.of(REC, passes, assigned)


def test_each_coder_reads_only_their_own_until_both_submitted():
    s = state(PassStatus.SUBMITTED, PassStatus.DRAFT)
    assert s.active
    assert read_refusal(s, COACH, COACH.id, "Ana") is None
    assert read_refusal(s, SECOND, SECOND.id, "Ben") is None
    why = read_refusal(s, COACH, SECOND.id, "Ben")
    assert why is not None and "Ben's codes stay hidden from Ana" in why
    assert "(Ben has not submitted)" in why
    # the master coder is blind too, even towards a submitted coach pass
    assert read_refusal(s, SECOND, COACH.id, "Ana") is not None


def test_after_both_submitted_both_see_both():
    s = state(PassStatus.SUBMITTED, PassStatus.LOCKED)
    assert not s.active
    assert read_refusal(s, COACH, SECOND.id, "Ben") is None
    assert read_refusal(s, SECOND, COACH.id, "Ana") is None


def test_outsiders_and_unnamed_readers_are_refused_supervisors_are_not_but_audited():
    s = state(PassStatus.DRAFT, PassStatus.DRAFT)
    assert "not one of its coders" in (read_refusal(s, OTHER, COACH.id, "Ana") or "")
    assert "--as NAME" in (read_refusal(s, None, COACH.id, "Ana") or "")
    assert read_refusal(s, SUE, COACH.id, "Ana") is None
    assert supervisor_override(s, SUE, COACH.id)
    assert not supervisor_override(s, COACH, COACH.id)


def test_a_supervisor_who_codes_the_recording_is_blind_there():
    at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    passes = [cpass(1, COACH, PassPurpose.PRIMARY, PassStatus.DRAFT)]
    assigned = [Assignment(AssignmentId(1), REC, SUE.id, PassPurpose.RELIABILITY, True, "x", at)]
    s = BlindState.of(REC, passes, assigned)
    assert read_refusal(s, SUE, COACH.id, "Ana") is not None


def test_an_open_assignment_hides_nothing():
    s = state(PassStatus.DRAFT, PassStatus.DRAFT, blind=False)
    assert not s.active
    assert read_refusal(s, OTHER, SECOND.id, "Ben") is None
