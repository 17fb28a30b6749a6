"""Comparison lanes: two coders' codes of one recording, one lane above the other per code.

A supervisor walking through disagreements needs to see, at the moment the video shows, what
each coder coded; putting A's lane directly above B's for the same code makes a late onset,
a missing event or a different code visible at a glance. Only codes either coder used (or
that a disagreement names) get lanes, so a ten-code scheme does not become twenty empty rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.scheme import Scheme
from vfcoach.ui.timeline.lanes import Lane, build_lanes


def comparison_lanes(
    scheme: Scheme,
    coder_a: str,
    annotations_a: Sequence[Annotation],
    coder_b: str,
    annotations_b: Sequence[Annotation],
    duration_ms: int,
    also: Iterable[str] = (),
) -> list[Lane]:
    """For each code in scheme order: A's lane, then B's, labelled "KEY · coder".

    Codes outside the scheme (an older version's) follow in key order, so nothing a coder
    placed is left off the picture.
    """
    used = {a.code_key for a in (*annotations_a, *annotations_b)} | set(also)
    by_a = {lane.key: lane for lane in build_lanes(scheme, annotations_a, duration_ms)}
    by_b = {lane.key: lane for lane in build_lanes(scheme, annotations_b, duration_ms)}
    order = [c.key for c in scheme.codes if c.key in used]
    order += sorted(used - set(order))
    lanes: list[Lane] = []
    for key in order:
        for coder, source in ((coder_a, by_a), (coder_b, by_b)):
            lane = source.get(key) or _empty_lane(scheme, key)
            lane.label = f"{key} · {coder}"
            lane.coder = coder
            lanes.append(lane)
    return lanes


def _empty_lane(scheme: Scheme, key: str) -> Lane:
    """The lane of a code outside the scheme that only the other coder used."""
    return Lane(key=key, label=key, colour="#888888", is_state=False)
