"""One keypress as a pure change: point codes, state open/close, ME&E switching, undo."""

from __future__ import annotations

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import PassId
from vfcoach.coding.placing import open_states, place_code
from vfcoach.coding.scheme_json import builtin_scheme

SCHEME = builtin_scheme("abc-style")
PASS = PassId(1)


def apply(state: list[Annotation], change: AnnotationChange) -> list[Annotation]:
    """What the store does with a change, on a list, so the tests can chain presses."""
    removed = {a.id for a in change.removed} | {before.id for before, _ in change.updated}
    kept = [a for a in state if a.id not in removed]
    return kept + [after for _, after in change.updated] + list(change.added)


def press(state: list[Annotation], key: str, frame: int) -> AnnotationChange:
    return place_code(state, SCHEME, SCHEME.code(key), PASS, FrameTime(frame, frame * 40))


def test_point_code_adds_one_moment() -> None:
    change = press([], "DEL", 10)
    assert len(change.added) == 1 and not change.updated and not change.removed
    assert change.added[0].offset is None and change.added[0].onset == FrameTime(10, 400)
    assert "Delight" in change.description and "DEL" not in change.description


def test_state_opens_then_closes() -> None:
    state = apply([], press([], "FTL", 10))
    assert [a.code_key for a in open_states(state, SCHEME)] == ["FTL"]
    close = press(state, "FTL", 50)
    assert not close.added and len(close.updated) == 1
    state = apply(state, close)
    assert open_states(state, SCHEME) == []
    assert state[0].offset == FrameTime(50, 2000)


def test_me_e_switch_closes_the_other_state_at_the_same_frame() -> None:
    state = apply([], press([], "FTL", 10))
    switch = press(state, "INT", 30)
    assert [a.code_key for a in switch.added] == ["INT"]
    ((before, after),) = switch.updated
    assert before.code_key == "FTL" and after.offset == FrameTime(30, 1200)
    state = apply(state, switch)
    assert [a.code_key for a in open_states(state, SCHEME)] == ["INT"]


def test_point_codes_leave_open_states_alone() -> None:
    state = apply([], press([], "FTL", 10))
    change = press(state, "ITM", 20)
    assert not change.updated and open_states(apply(state, change), SCHEME)[0].code_key == "FTL"


def test_inverse_undoes_exactly() -> None:
    state = apply([], press([], "FTL", 10))
    switch = press(state, "INT", 30)
    after = apply(state, switch)
    back = apply(after, switch.inverse())
    assert sorted(back, key=Annotation.sort_key) == sorted(state, key=Annotation.sort_key)
    twice = switch.inverse().inverse()
    assert (twice.added, twice.removed, twice.updated) == (
        switch.added,
        switch.removed,
        switch.updated,
    )
    assert switch.inverse().description.startswith("Undo ")
    assert AnnotationChange().empty and not switch.empty
