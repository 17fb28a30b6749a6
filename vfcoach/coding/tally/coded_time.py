"""Coded time T: the chosen segments minus UNCODABLE/REVIEW, per domain.md §4.

"Never divide by the full video length" (§4): the rate's denominator is only the time that
was actually coded for comments. The chosen segments are the whole recording, the pass's
`FIDELITY_CLIP` segments, or spans the caller names (one clip of a trend, a supervisor's
selection). Overlapping choices count once (a union), choices running past the end of the
video are cut at its duration, and a state still open (no offset yet, the coach is coding
live) runs to the end of the recording; each such repair is reported in `notes`, so a
figure that rests on a guess says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.tally.roles import EXCLUDED_PURPOSES, FIDELITY_CLIP, CodeRoles
from vfcoach.coding.tally.spans import Span, SpanSet, clip_to, subtract, union

ClipName = Literal["all", "fidelity"]
ClipChoice = ClipName | Sequence[Span | tuple[int, int]]


@dataclass(frozen=True, slots=True)
class CodedTime:
    """The segments chosen (union, within the recording) and what remains after exclusions."""

    clip: str  # "all", "fidelity" or "spans"
    duration_ms: int
    segments: tuple[Span, ...]  # windows start at each of these (domain.md §4, per-window)
    excluded: tuple[Span, ...]  # UNCODABLE/REVIEW inside the segments
    coded: tuple[Span, ...]  # segments minus excluded: T
    notes: tuple[str, ...]

    @property
    def total_ms(self) -> int:
        return sum(s.length_ms for s in self.coded)

    @property
    def minutes(self) -> float:
        return self.total_ms / 60_000

    def span_set(self) -> SpanSet:
        return SpanSet(self.coded)


def state_span(a: Annotation, duration_ms: int) -> Span:
    """A state annotation's time, open ones running to the end of the recording."""
    end = duration_ms if a.offset is None else a.offset.pts_ms
    return Span(a.onset.pts_ms, max(end, a.onset.pts_ms))


def _segment_spans(
    annotations: Iterable[Annotation],
    keys: frozenset[str],
    duration_ms: int,
    what: str,
    notes: list[str],
) -> list[Span]:
    spans: list[Span] = []
    for a in annotations:
        if a.code_key not in keys:
            continue
        if a.offset is None:
            notes.append(
                f"{what} from {format_ms(a.onset.pts_ms)} is still open; "
                f"counted to the end of the recording ({format_ms(duration_ms)})"
            )
        spans.append(state_span(a, duration_ms))
    return spans


def _chosen(
    annotations: Sequence[Annotation],
    roles: CodeRoles,
    duration_ms: int,
    clip: ClipChoice,
    notes: list[str],
) -> tuple[str, list[Span]]:
    if isinstance(clip, str):
        if clip == "all":
            return "all", [Span(0, duration_ms)]
        if clip == "fidelity":
            keys = roles.keys_for(FIDELITY_CLIP)
            spans = _segment_spans(annotations, keys, duration_ms, "The fidelity clip", notes)
            if not spans:
                notes.append("This pass has no fidelity clips, so there is no coded time")
            return "fidelity", spans
        raise ValueError(f"clip must be 'all', 'fidelity' or a list of spans, not {clip!r}")
    return "spans", [Span.of(s) for s in clip]


def coded_time(
    annotations: Sequence[Annotation],
    roles: CodeRoles,
    duration_ms: int,
    clip: ClipChoice = "all",
) -> CodedTime:
    """T for one pass of one recording; `duration_ms` is the recording's full length."""
    notes: list[str] = []
    duration_ms = max(int(duration_ms), 0)
    name, chosen = _chosen(annotations, roles, duration_ms, clip, notes)
    inside = clip_to(chosen, 0, duration_ms)
    past_end = [s for s in chosen if s.end_ms > duration_ms and s.start_ms < duration_ms]
    for s in past_end:
        notes.append(
            f"The segment {format_ms(s.start_ms)}–{format_ms(s.end_ms)} runs past the end of "
            f"the recording; counted to {format_ms(duration_ms)}"
        )
    if any(s.start_ms >= duration_ms and s.length_ms > 0 for s in chosen):
        notes.append("A segment starts after the end of the recording and is left out")
    segments = union(inside)
    excluded_keys = frozenset().union(*(roles.keys_for(p) for p in EXCLUDED_PURPOSES))
    holes = _segment_spans(annotations, excluded_keys, duration_ms, "An excluded segment", notes)
    excluded = union(clip_to(_intersections(segments, union(holes)), 0, duration_ms))
    return CodedTime(
        clip=name,
        duration_ms=duration_ms,
        segments=segments,
        excluded=excluded,
        coded=subtract(segments, excluded),
        notes=tuple(notes),
    )


def _intersections(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """Pairwise overlaps of two sorted disjoint span lists (a two-pointer sweep)."""
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i].start_ms, b[j].start_ms), min(a[i].end_ms, b[j].end_ms)
        if hi > lo:
            out.append(Span(lo, hi))
        if a[i].end_ms <= b[j].end_ms:
            i += 1
        else:
            j += 1
    return out
