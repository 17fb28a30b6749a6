"""Composing two changes into one undo step: the result does what both did, in order."""

from __future__ import annotations

from dataclasses import replace

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange, compose
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import PassId, new_annotation_id


def _a(frame: int, key: str = "ITM") -> Annotation:
    return Annotation(new_annotation_id(), PassId(1), key, FrameTime(frame, frame * 40))


def _run(state: dict, change: AnnotationChange) -> dict:
    """A dict standing in for the table, applying a change the way the repository does."""
    state = dict(state)
    for a in change.removed:
        assert state.pop(a.id).version == a.version
    for before, after in change.updated:
        assert state[before.id].version == before.version
        state[after.id] = after
    for a in change.added:
        assert a.id not in state
        state[a.id] = a
    return state


def test_a_placement_and_its_answers_become_one_add_at_the_latest_version():
    itm = _a(40)
    place = AnnotationChange(added=(itm,), description="Code ITM at 00:00:01.600")
    target = replace(itm, modifiers=(("target", "DEL"),), version=2)
    valence = replace(target, modifiers=(*target.modifiers, ("valence", "positive")), version=3)
    merged = compose(compose(place, AnnotationChange(updated=((itm, target),))),
                     AnnotationChange(updated=((target, valence),)))  # fmt: skip
    assert merged == AnnotationChange(added=(valence,), description="Code ITM at 00:00:01.600")
    assert merged.added[0].version == 3
    assert _run({}, merged) == {itm.id: valence}
    assert _run({itm.id: valence}, merged.inverse()) == {}


def test_two_nudges_are_one_rewrite_from_the_first_value_to_the_last():
    a = _a(10, "NUR")
    b = replace(a, onset=FrameTime(11, 440), version=2)
    c = replace(b, onset=FrameTime(12, 480), version=3)
    merged = compose(AnnotationChange(updated=((a, b),)), AnnotationChange(updated=((b, c),)))
    assert merged.updated == ((a, c),)
    assert merged.updated[0][0].version == 1 and merged.updated[0][1].version == 3


def test_ids_added_then_removed_drop_out_and_others_pass_through():
    gone, kept, other = _a(1), _a(2), _a(3)
    first = AnnotationChange(added=(gone, kept), removed=(other,))
    merged = compose(first, AnnotationChange(removed=(gone,)))
    assert merged == AnnotationChange(added=(kept,), removed=(other,))
    start = {other.id: other}
    assert _run(start, merged) == _run(_run(start, first), AnnotationChange(removed=(gone,)))
