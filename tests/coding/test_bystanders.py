"""Bystander spans in the pure reel rule (domain.md §7.4): no reel, no override, no lead-in.

A flagged span is judged like `FR`: refused for a caregiver reel and a coach-view reel alike,
whatever override the clip carries, at the clip's padded edges and on the extra frames a
fast copy would write. A clip next to (not touching) a span is fine.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.coding.reels.helpers import FRAME_MAP, REC, ann, at, clip, evidence, reel
from vfcoach.coding.bystanders import BystanderSpan, overlapping_bystanders
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.fidelity_clips import eligible_time
from vfcoach.coding.reels import Audience, ClipOverride, Concern, check_reel
from vfcoach.coding.reels.rules import ReelEvidence
from vfcoach.coding.reels.safety import is_clip_safe, written_range_reasons
from vfcoach.coding.reels.suggest import suggest_moments
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally.spans import Span

SPAN = BystanderSpan(REC, at(20.0), at(24.0), "neighbour at the door", "coach")


def flagged(ev: ReelEvidence, *spans: BystanderSpan) -> ReelEvidence:
    coded = {rid: dataclasses.replace(c, bystanders=spans) for rid, c in ev.coded.items()}
    return dataclasses.replace(ev, coded=coded)


def errors_of(problems: list) -> list:
    return [p for p in problems if p.is_error]


def test_a_backwards_span_or_a_long_note_is_refused():
    with pytest.raises(InvalidTime, match="before it starts"):
        BystanderSpan(REC, at(5.0), at(4.0))
    with pytest.raises(InvalidTime, match="at most 200"):
        BystanderSpan(REC, at(4.0), at(5.0), "x" * 201)


@pytest.mark.parametrize(
    ("start_s", "end_s", "touches"),
    [
        (10.0, 14.0, False),  # padded 9..15: well before
        (16.0, 18.9, False),  # padded 15..19.9: ends just before 20.0
        (16.0, 19.0, True),  # padded end 20.0: the flagged first frame is shown
        (21.0, 22.0, True),  # inside
        (25.0, 28.0, True),  # padded start 24.0: the flagged last frame
        (25.04, 28.0, False),  # padded start 24.04: one frame after
        (10.0, 40.0, True),  # around it
    ],
)
def test_a_clip_touching_a_span_is_refused_in_both_audiences(start_s, end_s, touches):
    c = clip(start_s, end_s)
    ev = flagged(evidence([]), SPAN)
    for audience in Audience:
        r = dataclasses.replace(reel(c), audience=audience)
        found = [p for p in errors_of(check_reel(r, ev)) if p.concern is Concern.BYSTANDER]
        assert bool(found) is touches, (audience, found)
        if touches:
            assert "bystander who has not consented" in found[0].message
            assert "00:00:20.000 to 00:00:24.000" in found[0].message
            assert not found[0].overridable
    assert is_clip_safe(c, ev.coded[REC]) is not touches


def test_no_override_lifts_a_bystander_even_on_a_kept_concern():
    intrusive = ann("INT", 22.0)
    c = dataclasses.replace(
        clip(21.0, 23.0), override=ClipOverride("the coach discussed this in person", "coach")
    )
    ev = flagged(evidence([intrusive]), SPAN)
    problems = check_reel(reel(c), ev)
    assert [p.concern for p in errors_of(problems)] == [Concern.BYSTANDER]
    # and without the flag the override would have let it through: the flag alone refuses it
    assert not errors_of(check_reel(reel(c), evidence([intrusive])))


def test_a_coach_view_reel_never_counts_a_bystander_clip_as_corrective():
    positives = [clip(2.0, 4.0), clip(6.0, 8.0)]
    r = dataclasses.replace(reel(*positives, clip(21.0, 22.0)), audience=Audience.COACH)
    problems = errors_of(check_reel(r, flagged(evidence([]), SPAN)))
    assert [p.concern for p in problems] == [Concern.BYSTANDER]


def test_the_extra_frames_of_a_fast_copy_are_judged_too():
    c = clip(26.0, 28.0)  # padded 25..29: clear of the span
    coded = flagged(evidence([]), SPAN).coded[REC]
    assert written_range_reasons(c, coded, 25_000, 29_000) == []
    reasons = written_range_reasons(c, coded, 22_000, 29_000)  # keyframe lead-in from 22 s
    assert reasons == [
        "a bystander who has not consented (00:00:20.000 to 00:00:24.000 is flagged)"
    ]


def test_suggestions_pass_over_a_moment_inside_a_span():
    abc = builtin_scheme("abc-style")
    inside, outside = ann("NUR", 21.0), ann("NUR", 40.0)
    coded = dataclasses.replace(evidence([inside, outside]).coded[REC], bystanders=(SPAN,))
    found = suggest_moments([inside, outside], abc, FRAME_MAP, REC, coded=coded)
    assert [s.clip.annotation_id for s in found] == [outside.id]


def test_overlapping_lists_in_time_order_and_fidelity_time_leaves_spans_out():
    later = BystanderSpan(REC, at(50.0), at(52.0))
    assert overlapping_bystanders([later, SPAN], 0, 60_000) == [SPAN, later]
    eligible = eligible_time([], builtin_scheme("abc-style"), 60_000, [SPAN.span()])
    assert eligible == (Span(0, 20_000), Span(24_001, 60_000))
