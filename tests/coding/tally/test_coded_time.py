"""Coded time T (domain.md §4): unions, clipping at the video's end, exclusions, open states."""

from __future__ import annotations

import numpy as np
import pytest

from tests.coding.tally.builders import MIN, SCHEME, itm, state
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.tally import Span, coded_time, itm_tally
from vfcoach.coding.tally.roles import roles_of
from vfcoach.coding.tally.spans import SpanSet, clip_to, subtract, union

ROLES = roles_of(SCHEME)


def spans(*pairs: tuple[int, int]) -> tuple[Span, ...]:
    return tuple(Span(a, b) for a, b in pairs)


def test_span_arithmetic() -> None:
    assert union(spans((5, 8), (0, 3), (3, 4), (7, 10), (11, 11))) == spans((0, 4), (5, 10))
    assert clip_to(spans((-5, 3), (8, 20), (30, 40)), 0, 10) == spans((0, 3), (8, 10))
    assert subtract(spans((0, 10), (20, 30)), spans((2, 4), (9, 21), (25, 40))) == spans(
        (0, 2), (4, 9), (21, 25)
    )
    assert subtract(spans((0, 10)), ()) == spans((0, 10))
    with pytest.raises(InvalidTime):
        Span(5, 4)


def test_span_set_membership_and_measure() -> None:
    s = SpanSet(spans((10, 20), (30, 40)))
    times = np.array([0, 10, 19, 20, 30, 39, 40, 99], dtype=np.int64)
    assert s.contains(times).tolist() == [False, True, True, False, True, True, False, False]
    assert s.covered_until(times).tolist() == [0, 0, 9, 10, 10, 19, 20, 20]
    starts, ends = np.array([0, 15, 35]), np.array([100, 35, 36])
    assert s.overlap_ms(starts, ends).tolist() == [20, 10, 1]
    empty = SpanSet(())
    assert empty.total_ms == 0 and not empty.contains(times).any()
    assert empty.overlap_ms(starts, ends).tolist() == [0, 0, 0]


def test_overlapping_fidelity_clips_count_once() -> None:
    events = [state("FCLIP", 0, 5 * MIN), state("FCLIP", 3 * MIN, 8 * MIN)]
    t = coded_time(events, ROLES, 60 * MIN, "fidelity")
    assert t.segments == spans((0, 8 * MIN)) and t.total_ms == 8 * MIN
    tally = itm_tally([*events, itm(4 * MIN)], SCHEME, 60 * MIN, clip="fidelity")
    assert tally.n == 1 and tally.coded_min == 8.0  # the comment in the overlap counts once


def test_clip_running_past_the_end_is_cut_at_the_duration() -> None:
    duration = 10 * MIN
    events = [state("FCLIP", 7 * MIN, 12 * MIN), itm(9 * MIN), itm(duration + 1000)]
    t = itm_tally(events, SCHEME, duration, clip="fidelity")
    assert t.coded_ms == 3 * MIN and t.n == 1
    assert t.rate_per_min == pytest.approx(1 / 3)
    assert any("runs past the end" in n and "00:10:00.000" in n for n in t.notes)
    explicit = coded_time([], ROLES, duration, [(9 * MIN, 15 * MIN), (11 * MIN, 12 * MIN)])
    assert explicit.clip == "spans" and explicit.coded == spans((9 * MIN, duration))
    assert any("after the end" in n for n in explicit.notes)


def test_uncodable_and_review_inside_a_clip_are_not_coded_time() -> None:
    events = [
        state("FCLIP", 0, 5 * MIN),
        state("UNCODABLE", 1 * MIN, 2 * MIN),
        state("REVIEW", 4 * MIN, 7 * MIN),  # runs beyond the clip: only the overlap is cut
        itm(30_000),
        itm(90_000),  # camera off: not counted
        itm(2 * MIN),  # exactly where UNCODABLE ends: counted
        itm(4 * MIN + 1),  # comment while replaying video: not an ITM to count
    ]
    t = itm_tally(events, SCHEME, 60 * MIN, clip="fidelity")
    assert t.coded.excluded == spans((1 * MIN, 2 * MIN), (4 * MIN, 5 * MIN))
    assert t.coded_ms == 3 * MIN and t.n == 2
    assert t.rate_per_min == pytest.approx(2 / 3)


def test_open_states_run_to_the_end_and_say_so() -> None:
    duration = 10 * MIN
    events = [
        state("FCLIP", 8 * MIN, None),
        state("UNCODABLE", 9 * MIN, None),
        itm(8 * MIN + 500),
        itm(9 * MIN + 500),
    ]
    t = itm_tally(events, SCHEME, duration, clip="fidelity")
    assert t.coded.segments == spans((8 * MIN, duration))
    assert t.coded_ms == 1 * MIN and t.n == 1
    assert sum("still open" in n for n in t.notes) == 2


def test_an_unknown_clip_name_is_refused() -> None:
    with pytest.raises(ValueError, match="clip must be"):
        coded_time([], ROLES, MIN, "visit")  # type: ignore[arg-type]
