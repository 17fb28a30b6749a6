"""What one code keypress means, as a pure rule returning an `AnnotationChange`.

A point code marks the moment. A state code opens on the first press and closes on the
second; opening a state of an ME&E set closes the set's open state at the same frame, so
exactly one code of the set holds at any instant.
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


def open_states(annotations: Iterable[Annotation], scheme: Scheme) -> list[Annotation]:
    """State annotations not yet closed."""
    return [
        a
        for a in annotations
        if a.offset is None
        and scheme.has(a.code_key)
        and scheme.code(a.code_key).kind is CodeKind.STATE
    ]


def place_code(
    annotations: Iterable[Annotation],
    scheme: Scheme,
    code: Code,
    pass_id: PassId,
    at: FrameTime,
) -> AnnotationChange:
    """The change a press of `code`'s key at `at` makes to the pass holding `annotations`."""
    when = format_ms(at.pts_ms)
    annotations = list(annotations)
    if code.kind is CodeKind.POINT:
        trigger = default_trigger(annotations, scheme, code, at)
        new = Annotation(new_annotation_id(), pass_id, code.key, at, trigger=trigger)
        return AnnotationChange(added=(new,), description=f"Code {code.key} at {when}")

    still_open = open_states(annotations, scheme)
    same = next((a for a in still_open if a.code_key == code.key), None)
    if same is not None:
        end = at if at.frame >= same.onset.frame else same.onset
        return AnnotationChange(
            updated=((same, replace(same, offset=end)),), description=f"End {code.key} at {when}"
        )
    closes: list[tuple[Annotation, Annotation]] = []
    if code.me_set:
        for a in still_open:
            other = scheme.code(a.code_key)
            if other.me_set == code.me_set and a.onset.frame <= at.frame:
                closes.append((a, replace(a, offset=at)))
    new = Annotation(new_annotation_id(), pass_id, code.key, at)
    return AnnotationChange(
        added=(new,), updated=tuple(closes), description=f"Start {code.key} at {when}"
    )
