"""A refusal a coach reads names each reason once, with the clip numbers it refuses."""

from __future__ import annotations

from vfcoach.coding.reels import Problem, ReelRefused, Severity
from vfcoach.coding.reels.model import new_clip_id

OVERLAP = "not for caregivers: the clip overlaps OVW at 00:00:05.000"


def test_one_reason_of_several_clips_is_said_once_with_their_numbers() -> None:
    a, b, c = new_clip_id(), new_clip_id(), new_clip_id()
    problems = [Problem(Severity.ERROR, OVERLAP, clip) for clip in (c, a)]
    problems.append(Problem(Severity.ERROR, "the caption names a code", b))
    refused = ReelRefused(problems, {a: 1, b: 2, c: 3})
    assert str(refused) == (
        f"reel refused: clips 1, 3: {OVERLAP}; clip 2: the caption names a code"
    )
    assert len(refused.problems) == 3  # every problem is still there for the editor


def test_without_positions_or_clips_the_reasons_stand_alone() -> None:
    one = new_clip_id()
    refused = ReelRefused([Problem(Severity.ERROR, OVERLAP, one), Problem(Severity.ERROR, "x")])
    assert str(refused) == f"reel refused: {OVERLAP}; x"
    assert str(ReelRefused([])) == "reel refused: refused"
