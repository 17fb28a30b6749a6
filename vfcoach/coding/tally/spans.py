"""Half-open time spans in ms and the set arithmetic coded time needs (domain.md §4).

Coded time is "the chosen segments, minus any UNCODABLE/REVIEW overlap": a union, a clip to
the recording and a difference of interval sets. Every span is half-open, [start, end), so a
comment exactly at a boundary belongs to the span that starts there and never to two.

The measuring and membership tests run on sorted numpy arrays, because a one-hour recording
can carry thousands of events and the live Tallies panel recomputes on every keypress.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vfcoach.coding.errors import InvalidTime

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """[start_ms, end_ms) of one recording; empty when start_ms == end_ms."""

    start_ms: int
    end_ms: int

    def __post_init__(self) -> None:
        if self.end_ms < self.start_ms:
            raise InvalidTime(f"a span cannot end ({self.end_ms} ms) before it starts")

    @property
    def length_ms(self) -> int:
        return self.end_ms - self.start_ms

    @classmethod
    def of(cls, value: Span | tuple[int, int]) -> Span:
        """A span from itself or a (start_ms, end_ms) pair, as callers and the CLI give them."""
        return value if isinstance(value, Span) else cls(int(value[0]), int(value[1]))


def union(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, disjoint, non-empty spans covering the same time; touching spans merge."""
    merged: list[Span] = []
    for s in sorted(s for s in spans if s.length_ms > 0):
        if merged and s.start_ms <= merged[-1].end_ms:
            last = merged[-1]
            merged[-1] = Span(last.start_ms, max(last.end_ms, s.end_ms))
        else:
            merged.append(s)
    return tuple(merged)


def clip_to(spans: Iterable[Span], start_ms: int, end_ms: int) -> tuple[Span, ...]:
    """Each span cut to [start_ms, end_ms); spans wholly outside disappear."""
    out: list[Span] = []
    for s in spans:
        lo, hi = max(s.start_ms, start_ms), min(s.end_ms, end_ms)
        if hi > lo:
            out.append(Span(lo, hi))
    return tuple(out)


def subtract(spans: Sequence[Span], holes: Sequence[Span]) -> tuple[Span, ...]:
    """`spans` minus `holes`; both may be unsorted or overlapping, the result is a union."""
    base, cut = union(spans), union(holes)
    out: list[Span] = []
    j = 0
    for s in base:
        start = s.start_ms
        while j < len(cut) and cut[j].end_ms <= start:
            j += 1
        k = j
        while k < len(cut) and cut[k].start_ms < s.end_ms:
            if cut[k].start_ms > start:
                out.append(Span(start, cut[k].start_ms))
            start = max(start, cut[k].end_ms)
            k += 1
        if start < s.end_ms:
            out.append(Span(start, s.end_ms))
    return tuple(out)


def total_ms(spans: Iterable[Span]) -> int:
    return sum(s.length_ms for s in spans)


class SpanSet:
    """Sorted disjoint spans as arrays: O(log n) membership and measure for many queries."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged = union(spans)
        self.spans = merged
        self.starts: IntArray = np.array([s.start_ms for s in merged], dtype=np.int64)
        self.ends: IntArray = np.array([s.end_ms for s in merged], dtype=np.int64)
        lengths = self.ends - self.starts
        # covered_before[i]: total length of spans 0..i-1, so measure up to t is one lookup
        self._covered_before: IntArray = np.concatenate(
            (np.zeros(1, dtype=np.int64), np.cumsum(lengths, dtype=np.int64))
        )

    @property
    def total_ms(self) -> int:
        return int(self._covered_before[-1])

    def contains(self, times_ms: IntArray) -> BoolArray:
        """For each time, whether it lies in some [start, end)."""
        idx = np.searchsorted(self.starts, times_ms, side="right") - 1
        safe = np.clip(idx, 0, None)
        if self.ends.size == 0:
            return np.zeros(np.shape(times_ms), dtype=np.bool_)
        inside: BoolArray = (idx >= 0) & (times_ms < self.ends[safe])
        return inside

    def covered_until(self, times_ms: IntArray) -> IntArray:
        """Covered length in [-inf, t) for each t: the measure function of the set."""
        times = np.asarray(times_ms, dtype=np.int64)
        if self.starts.size == 0:
            return np.zeros(times.shape, dtype=np.int64)
        idx = np.searchsorted(self.starts, times, side="right") - 1
        safe = np.clip(idx, 0, None)
        partial = np.minimum(times, self.ends[safe]) - self.starts[safe]
        out: IntArray = np.where(
            idx >= 0, self._covered_before[safe] + np.maximum(partial, 0), 0
        ).astype(np.int64)
        return out

    def overlap_ms(self, starts_ms: IntArray, ends_ms: IntArray) -> IntArray:
        """Covered length inside each [start, end), vectorised."""
        diff: IntArray = self.covered_until(ends_ms) - self.covered_until(starts_ms)
        return np.maximum(diff, 0)
