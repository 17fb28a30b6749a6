"""The safety rule under blind double coding: a hidden pass sways nothing, its clips are held.

Pass 2 is "the other coder's" pass, hidden from whoever is making the reel. If its moments
refused a clip here and not a second later, the refusals would map them out (issue 10, item
3). So for the person asking they are left out of every judgement, every clip on the
recording is held with the same words wherever those moments are, and the export refuses a
held clip; once the hold ends, every pass is judged and named.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.coding.reels.helpers import ABC, ann, clip, evidence, reel
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import PassId
from vfcoach.coding.reels import (
    Audience,
    ClipOverride,
    CodedRecording,
    Concern,
    ReelEvidence,
    ReelRefused,
    Severity,
    check_reel,
    clip_problems,
    clip_safety,
)
from vfcoach.coding.reels.rules import held_at_export, refuse_held_override
from vfcoach.coding.reels.safety import HELD, concern_moments
from vfcoach.coding.scheme import Scheme

OTHER = PassId(2)
CLOCK = re.compile(r"\d\d:\d\d:\d\d")
REASON = "she asked to see this moment again"


def holding(coded: CodedRecording, *passes: PassId) -> CodedRecording:
    return dataclasses.replace(coded, hidden_passes=frozenset(passes), held=True)


def blind_evidence(
    *annotations: Annotation, scheme: Scheme = ABC, hidden: bool = True
) -> ReelEvidence:
    found = evidence(list(annotations), scheme)
    if not hidden:
        return found
    coded = {rid: holding(c, OTHER) for rid, c in found.coded.items()}
    return dataclasses.replace(found, coded=coded)


def replies(*annotations: Annotation, at: float) -> list[tuple[Severity, str, Concern]]:
    free = clip(at, at)
    found = check_reel(reel(free), blind_evidence(*annotations))
    return [(p.severity, p.message, p.concern) for p in found]


@pytest.mark.parametrize("key", ["OVW", "FR", "INT", "NUR_MISS", "XYZ", "NUR"])
def test_a_held_clip_reads_the_same_wherever_the_hidden_moment_is(key: str) -> None:
    hidden_here = ann(key, 20, pass_id=OTHER)
    hidden_far = ann(key, 50, pass_id=OTHER)
    for at in (17, 18.5, 19, 19.96, 20, 20.5, 21, 22, 23):
        near, far, none = replies(hidden_here, at=at), replies(hidden_far, at=at), replies(at=at)
        assert near == far == none, at
        assert all(severity is Severity.WARNING for severity, _, _ in near)
        ((message, _),) = [(m, c) for _, m, c in near if c is Concern.HELD]
        assert HELD in message and key not in message and not CLOCK.search(message)


@settings(max_examples=300, deadline=None)
@given(
    key=st.sampled_from(["OVW", "FR", "INT", "NUR_MISS", "XYZ", "LEAD_NONE"]),
    hidden_s=st.floats(0, 59.9),
    start_s=st.floats(0, 58),
    length_s=st.floats(0, 1.5),
)
def test_no_clip_anywhere_learns_where_a_hidden_moment_is(
    key: str, hidden_s: float, start_s: float, length_s: float
) -> None:
    """Property: for any hidden moment and any clip, the reply is the reply to no moment."""
    free = clip(start_s, start_s + length_s)
    with_it = check_reel(reel(free), blind_evidence(ann(key, hidden_s, pass_id=OTHER)))
    without = check_reel(reel(free), blind_evidence())
    assert [(p.severity, p.message, p.concern) for p in with_it] == [
        (p.severity, p.message, p.concern) for p in without
    ]


def test_the_own_pass_is_judged_and_named_next_to_a_hidden_one() -> None:
    own, other = ann("INT", 20), ann("OVW", 20.5, pass_id=OTHER)
    free = clip(19, 21)
    problems = clip_safety(free, blind_evidence(own, other).coded[free.recording_id])
    messages = [p.message for p in problems]
    assert any("INT at 00:00:20.000" in m for m in messages)
    assert not any("OVW" in m for m in messages)
    assert [p.concern for p in problems if p.is_error] == [Concern.CONCERN]


def test_once_visible_every_moment_is_judged_and_named() -> None:
    ovw = ann("OVW", 20, pass_id=OTHER)
    free = clip(19, 21)
    (named,) = clip_safety(free, blind_evidence(ovw, hidden=False).coded[free.recording_id])
    assert named.is_error and "OVW at 00:00:20.000" in named.message


def test_a_supervisor_sees_every_pass_yet_the_clip_is_still_held() -> None:
    ovw = ann("OVW", 20, pass_id=OTHER)
    found = evidence([ovw], ABC)
    coded = {rid: dataclasses.replace(c, held=True) for rid, c in found.coded.items()}
    free = clip(19, 21)
    problems = clip_problems(reel(free), free, dataclasses.replace(found, coded=coded))
    assert {p.concern for p in problems} == {Concern.HELD, Concern.CONCERN}
    assert any("OVW at 00:00:20.000" in p.message for p in problems)


def test_an_anchor_in_a_hidden_pass_is_not_described() -> None:
    hidden_code = ann("LEAD_NONE", 20, pass_id=OTHER)  # not caregiver-visible
    unknown = ann("XYZ", 30, pass_id=OTHER)
    ev = blind_evidence(hidden_code, unknown)
    for a in (hidden_code, unknown):
        anchored = clip(a.onset.pts_ms / 1000, a.onset.pts_ms / 1000, anchor=a)
        assert clip_safety(anchored, ev.coded[anchored.recording_id]) == []
        (problem,) = clip_problems(reel(anchored), anchored, ev)
        assert problem.concern is Concern.HELD and a.code_key not in problem.message


def test_held_for_any_audience_and_refused_at_export() -> None:
    ovw = ann("OVW", 20, pass_id=OTHER)
    ev = blind_evidence(ovw)
    near, far = clip(19, 21), clip(40, 41)
    coach = dataclasses.replace(reel(near, far), audience=Audience.COACH)
    for kept in (reel(near, far), coach):
        problems = check_reel(kept, ev)
        assert not [p for p in problems if p.is_error]
        at_export = held_at_export(kept, problems)
        assert [p.message.split(" is ")[0] for p in at_export] == ["clip 1", "clip 2"]
        assert all(p.is_error and HELD in p.message for p in at_export)


def test_nobody_overrides_a_held_clip() -> None:
    ovw = ann("OVW", 20, pass_id=OTHER)
    ev = blind_evidence(ovw)
    near = dataclasses.replace(clip(19, 21), override=ClipOverride(REASON, "Ana"))
    problems = check_reel(reel(near), ev)
    with pytest.raises(ReelRefused) as refused:
        refuse_held_override(problems, near.id, "clip 1")
    (problem,) = refused.value.problems
    assert HELD in problem.message and "OVW" not in problem.message


def test_moments_of_concern_are_counted_only_when_the_asker_may_see_them() -> None:
    first, second = ann("OVW", 20), ann("INT", 21, pass_id=OTHER)
    coded = blind_evidence(first, second).coded[clip(0, 1).recording_id]
    assert concern_moments(clip(19, 20), coded) == {first.id}  # the hidden INT sways nothing
    visible = evidence([first, second], ABC).coded[clip(0, 1).recording_id]
    assert concern_moments(clip(19, 20), visible) == {first.id, second.id}
