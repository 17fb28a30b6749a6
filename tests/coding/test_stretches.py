"""Two stretches of one state code or one exclusive set never overlap (domain.md §2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import PassId
from vfcoach.coding.placing import place_code
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.stretches import StretchOverlap, frames_of, lane_of

SCHEME = builtin_scheme("abc-style")
PASS = PassId(1)
STATE_KEYS = ("FTL", "INT", "LEAD_NONE", "REVIEW", "UNCODABLE")


def apply(state: list[Annotation], change: AnnotationChange) -> list[Annotation]:
    removed = {a.id for a in change.removed} | {before.id for before, _ in change.updated}
    return (
        [a for a in state if a.id not in removed]
        + [b for _, b in change.updated]
        + list(change.added)
    )


def press(state: list[Annotation], key: str, frame: int) -> list[Annotation]:
    at = FrameTime(frame, frame * 40)
    return apply(state, place_code(state, SCHEME, SCHEME.code(key), PASS, at))


def assert_no_overlap(state: list[Annotation]) -> None:
    for i, a in enumerate(state):
        lane = lane_of(a, SCHEME)
        if lane is None:
            continue
        members = [b for b in state if lane_of(b, SCHEME) == lane]
        for b in state[i + 1 :]:
            if lane_of(b, SCHEME) != lane:
                continue
            (a0, a1), (b0, b1) = frames_of(a, members), frames_of(b, members)
            assert not (a0 < b1 and b0 < a1), (a, b)


def test_starting_inside_an_ended_stretch_is_refused_with_plain_words() -> None:
    state = press(press([], "FTL", 10), "INT", 30)
    state = press(state, "INT", 50)  # FTL 10-30, INT 30-50
    with pytest.raises(StretchOverlap) as caught:
        press(state, "LEAD_NONE", 20)
    said = str(caught.value)
    assert said.startswith("Neither cannot start at 00:00:00.800: ")
    assert "Following the lead from 00:00:00.400 to 00:00:01.200 is there already" in said
    assert "FTL" not in str(caught.value)


def test_starting_where_the_last_one_ended_is_fine() -> None:
    state = press(press([], "REVIEW", 10), "REVIEW", 20)
    state = press(state, "REVIEW", 20)
    assert sorted(a.onset.frame for a in state) == [10, 20]


def test_ending_past_a_later_stretch_ends_where_it_starts() -> None:
    state = press(press([], "INT", 50), "INT", 60)  # INT 50-60
    state = press(state, "FTL", 10)  # went back: FTL open from 10
    change = place_code(state, SCHEME, SCHEME.code("FTL"), PASS, FrameTime(80, 3200))
    ((_before, after),) = change.updated
    assert after.offset == FrameTime(50, 2000)
    assert "where Taking over starts" in change.description


def test_a_second_open_stretch_of_the_set_before_an_open_one_is_refused() -> None:
    state = press([], "FTL", 40)
    with pytest.raises(StretchOverlap):
        press(state, "INT", 10)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from((*STATE_KEYS, "DEL")), st.integers(0, 60)),
        max_size=25,
    )
)
def test_no_sequence_of_presses_makes_stretches_overlap(presses: list[tuple[str, int]]) -> None:
    state: list[Annotation] = []
    for key, frame in presses:
        try:
            after = press(state, key, frame)
        except StretchOverlap:
            continue  # refused: nothing changed
        state = after
        assert_no_overlap(state)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(STATE_KEYS), st.integers(0, 40), st.integers(1, 20)),
        max_size=8,
    )
)
def test_an_import_is_refused_or_keeps_stretches_apart(rows: list[tuple[str, int, int]]) -> None:
    import numpy as np

    from vfcoach.coding.annotation_csv import parse_csv
    from vfcoach.coding.errors import ImportRejected
    from vfcoach.coding.frame_map import FrameMap

    fmap = FrameMap(np.arange(0, 100 * 40, 40), 40)
    text = "code,start,end\n" + "".join(
        f"{key},{start * 0.04:.2f},{(start + length) * 0.04:.2f}\n" for key, start, length in rows
    )
    try:
        imported = parse_csv(text, SCHEME, fmap, PASS)
    except ImportRejected as exc:
        assert all(line >= 2 for line, _ in exc.problems)  # every problem names its line
        return
    assert_no_overlap(imported)


def test_a_large_import_is_checked_in_one_sweep() -> None:
    """Thousands of rows against thousands in the pass (a pairwise check took minutes)."""
    from vfcoach.coding.ids import new_annotation_id
    from vfcoach.coding.stretches import clashes

    def stretch(key: str, start: int) -> Annotation:
        return Annotation(
            new_annotation_id(), PASS, key, FrameTime(start, start * 40), FrameTime(start + 5, 0)
        )

    kept = [(stretch("REVIEW", 10 * i), 0) for i in range(5000)]
    fresh = [(stretch("FTL", 10 * i), i + 2) for i in range(5000)]
    fresh.append((stretch("REVIEW", 10 * 2500 + 2), 5002))  # inside a kept one
    found = clashes(fresh, kept, SCHEME)
    assert [c.new_tag for c in found] == [5002]
