"""What one code keypress means, as a pure rule returning an `AnnotationChange`.

A point code marks the moment. A state code opens on the first press and closes on the
second; opening a state of an ME&E set closes the set's open state at the same frame, so
exactly one code of the set holds at any instant. No press makes two stretches of one code
or one set overlap (`stretches.py`): starting inside an ended stretch is refused with a
message (`StretchOverlap`), and ending a stretch past the start of a later one ends it
where the later one starts, and says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime, format_ms
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.coding.linking import default_trigger
from vfcoach.coding.scheme import Code, CodeKind, Scheme
from vfcoach.coding.stretches import check_change, lane_of, next_start


def open_states(annotations: Iterable[Annotation], scheme: Scheme) -> list[Annotation]:
    """State annotations not yet closed."""
    return [
        a
        for a in annotations
        if a.offset is None
        and scheme.has(a.code_key)
        and scheme.code(a.code_key).kind is CodeKind.STATE
    ]


def _end_before_next(
    a: Annotation, at: FrameTime, annotations: list[Annotation], scheme: Scheme
) -> tuple[FrameTime, Annotation | None]:
    """Where an open stretch ends when asked to end at `at`: there, or where the next stretch
    of its code or set starts if that comes first (returned too, so the message can say so)."""
    end = at if at.frame >= a.onset.frame else a.onset
    limit = next_start(a, annotations, scheme)
    if limit is None or end.frame <= limit:
        return end, None
    lane = lane_of(a, scheme)
    later = next(
        b
        for b in annotations
        if b.id != a.id and b.onset.frame == limit and lane_of(b, scheme) == lane
    )
    return later.onset, later


def place_code(
    annotations: Iterable[Annotation],
    scheme: Scheme,
    code: Code,
    pass_id: PassId,
    at: FrameTime,
) -> AnnotationChange:
    """The change a press of `code`'s key at `at` makes to the pass holding `annotations`.

    Raises `StretchOverlap` (nothing changes) when the press would start a stretch inside
    another one of its code or exclusive set.
    """
    when = format_ms(at.pts_ms)
    annotations = list(annotations)
    if code.kind is CodeKind.POINT:
        trigger = default_trigger(annotations, scheme, code, at)
        new = Annotation(new_annotation_id(), pass_id, code.key, at, trigger=trigger)
        return AnnotationChange(added=(new,), description=f"Code {code.label} at {when}")

    still_open = open_states(annotations, scheme)
    same = next((a for a in still_open if a.code_key == code.key), None)
    if same is not None:
        end, later = _end_before_next(same, at, annotations, scheme)
        description = f"End {code.label} at {when}"
        if later is not None:
            description = (
                f"End {code.label} at {format_ms(end.pts_ms)}, where "
                f"{scheme.code(later.code_key).label} starts"
            )
        change = AnnotationChange(
            updated=((same, replace(same, offset=end)),), description=description
        )
        check_change(annotations, scheme, change)
        return change
    closes: list[tuple[Annotation, Annotation]] = []
    if code.me_set:
        for a in still_open:
            other = scheme.code(a.code_key)
            if other.me_set == code.me_set and a.onset.frame <= at.frame:
                closes.append(
                    (a, replace(a, offset=_end_before_next(a, at, annotations, scheme)[0]))
                )
    new = Annotation(new_annotation_id(), pass_id, code.key, at)
    change = AnnotationChange(
        added=(new,), updated=tuple(closes), description=f"Start {code.label} at {when}"
    )
    check_change(annotations, scheme, change)
    return change
