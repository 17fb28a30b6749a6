"""Stretches of state codes never overlap: one code, or one exclusive set, at a time.

domain.md §2: in an ME&E set "exactly one code holds at any instant", and a state code on
its own cannot run twice at once either (two *Replaying video* stretches over the same
seconds would count them twice). A stretch covers the frames `[onset, offset)`: the next
one may start on the frame where the last one ends, as pressing another code of the set
does. A stretch that is still open runs to the end of the video; a stretch that lasts no
frame at all still sits on its onset frame.

The keys, the event list and file imports all ask this module, so each refuses exactly the
same overlaps with the same words. Only overlaps involving the annotations being added or
changed are reported, so an old pass that already holds one can still be edited elsewhere.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.scheme import CodeKind, Scheme

T = TypeVar("T")
_OPEN_END = 2**62


class StretchOverlap(VfcoachError):
    """A state code would start or end inside a stretch it may not share time with."""


def lane_of(a: Annotation, scheme: Scheme) -> str | None:
    """What a stretch may not overlap: its ME&E set, else its own code; None for points."""
    if not scheme.has(a.code_key):
        return None
    code = scheme.code(a.code_key)
    if code.kind is not CodeKind.STATE:
        return None
    return f"set:{code.me_set}" if code.me_set else f"code:{code.key}"


def frames_of(a: Annotation, lane: Iterable[Annotation] = ()) -> tuple[int, int]:
    """The half-open frame range `[start, end)` the stretch covers (see module docstring).

    A stretch still open runs until the next *ended* stretch of its lane begins (the coach
    went back to code an earlier stretch and has not ended it yet), else to the end.
    """
    start = a.onset.frame
    if a.offset is not None:
        return start, max(a.offset.frame, start + 1)
    later = [b.onset.frame for b in lane if b.offset is not None and b.onset.frame > start]
    return start, min(later, default=_OPEN_END)


def next_start(a: Annotation, annotations: Iterable[Annotation], scheme: Scheme) -> int | None:
    """The onset frame of the first other stretch of `a`'s lane that starts after `a`."""
    lane = lane_of(a, scheme)
    later = [
        b.onset.frame
        for b in annotations
        if b.id != a.id and lane_of(b, scheme) == lane and b.onset.frame > a.onset.frame
    ]
    return min(later, default=None)


@dataclass(frozen=True, slots=True)
class Clash(Generic[T]):
    """Two overlapping stretches, each with the tag its caller gave it (a line number)."""

    new: Annotation
    new_tag: T
    other: Annotation
    other_tag: T


def clashes(
    fresh: Sequence[tuple[Annotation, T]],
    kept: Iterable[tuple[Annotation, T]],
    scheme: Scheme,
) -> list[Clash[T]]:
    """Fresh stretches that overlap another stretch of their lane, each fresh one at most
    once, named with the stretch it runs into. Empty exactly when no fresh stretch overlaps
    anything (kept stretches overlapping each other are an older pass's business).

    One sort and one sweep per lane, so an import of thousands of rows into a pass of
    thousands stays fast: a stretch that overlaps any earlier-starting one overlaps the one
    reaching furthest, so the sweep only keeps the furthest-reaching stretch so far, and the
    furthest-reaching fresh one (a kept stretch only matters against a fresh one).
    """
    fresh_ids = {a.id for a, _ in fresh}
    lanes: dict[str, list[tuple[Annotation, T, bool, int]]] = {}
    everyone = [(a, t, True) for a, t in fresh]
    everyone += [(a, t, False) for a, t in kept if a.id not in fresh_ids]
    for i, (a, tag, is_fresh) in enumerate(everyone):
        lane = lane_of(a, scheme)
        if lane is not None:
            lanes.setdefault(lane, []).append((a, tag, is_fresh, i))
    found: list[Clash[T]] = []
    reported: set[object] = set()
    for members in lanes.values():
        ended = sorted(a.onset.frame for a, _, _, _ in members if a.offset is not None)
        spans = []
        for a, tag, is_fresh, i in members:
            start = a.onset.frame
            if a.offset is not None:
                stop = max(a.offset.frame, start + 1)
            else:  # open: runs until the next ended stretch of the lane begins
                at = bisect_right(ended, start)
                stop = ended[at] if at < len(ended) else _OPEN_END
            spans.append((start, 0 if not is_fresh else 1, i, stop, a, tag, is_fresh))
        spans.sort(key=lambda s: (s[0], s[1], s[2]))
        furthest: tuple[int, Annotation, T] | None = None
        furthest_fresh: tuple[int, Annotation, T] | None = None
        for start, _, _, stop, a, tag, is_fresh in spans:
            if is_fresh and furthest is not None and start < furthest[0]:
                if a.id not in reported:
                    reported.add(a.id)
                    found.append(Clash(a, tag, furthest[1], furthest[2]))
            elif not is_fresh and furthest_fresh is not None and start < furthest_fresh[0]:
                f = furthest_fresh[1]
                if f.id not in reported:
                    reported.add(f.id)
                    found.append(Clash(f, furthest_fresh[2], a, tag))
            if furthest is None or stop > furthest[0]:
                furthest = (stop, a, tag)
            if is_fresh and (furthest_fresh is None or stop > furthest_fresh[0]):
                furthest_fresh = (stop, a, tag)
    return found


def _label(a: Annotation, scheme: Scheme) -> str:
    return scheme.code(a.code_key).label if scheme.has(a.code_key) else a.code_key


def describe(a: Annotation, scheme: Scheme) -> str:
    """ "Following the lead from 00:00:01.200 to 00:00:02.000" (or ", running since …")."""
    start = format_ms(a.onset.pts_ms)
    if a.offset is None:
        return f"{_label(a, scheme)}, running since {start},"
    return f"{_label(a, scheme)} from {start} to {format_ms(a.offset.pts_ms)}"


def refusal(new: Annotation, other: Annotation, scheme: Scheme, started: bool) -> str:
    """What the coach reads when an edit is refused: what could not happen, and why."""
    if started and new.offset is None:
        what = f"{_label(new, scheme)} cannot start at {format_ms(new.onset.pts_ms)}"
    elif new.offset is None:
        what = f"{_label(new, scheme)} cannot run from {format_ms(new.onset.pts_ms)} on"
    else:
        what = (
            f"{_label(new, scheme)} cannot run from {format_ms(new.onset.pts_ms)} "
            f"to {format_ms(new.offset.pts_ms)}"
        )
    return (
        f"{what}: {describe(other, scheme)} is there already, and only one of them can "
        "hold at a time. End, move or delete the other one first."
    )


def check_change(
    annotations: Iterable[Annotation], scheme: Scheme, change: AnnotationChange
) -> None:
    """Raise `StretchOverlap` if applying `change` makes two stretches share time."""
    touched = {a.id for a in change.removed} | {before.id for before, _ in change.updated}
    after = [after for _, after in change.updated] + list(change.added)
    kept = [(a, None) for a in annotations if a.id not in touched]
    found = clashes([(a, None) for a in after], kept, scheme)
    if found:
        c = found[0]
        started = any(a.id == c.new.id for a in change.added)
        raise StretchOverlap(refusal(c.new, c.other, scheme, started))
