"""The ITM rate in consecutive windows, to show where commenting dropped (domain.md §4).

Windows are 5 minutes by default (a vfcoach default and a setting, §9) and start afresh at
the start of each chosen segment, so two fidelity clips never share a window. The last
window of a segment stops at the segment's end and reports its real length rather than
pretending to be 5 minutes. Windows are half-open: a comment exactly on a boundary belongs
to the window that starts there. Excluded time (UNCODABLE/REVIEW) inside a window shrinks
that window's coded length, which is the rate's denominator, as for the whole tally.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vfcoach.coding.tally.coded_time import CodedTime
from vfcoach.coding.tally.spans import SpanSet

# A recording is at most a few hours; this guards a tiny window setting from making millions.
MAX_WINDOWS = 10_000


@dataclass(frozen=True, slots=True)
class WindowRate:
    start_ms: int
    end_ms: int  # the real end: a last partial window is shorter
    coded_ms: int  # coded time inside the window (exclusions removed)
    n: int
    rate_per_min: float | None  # None when the window has no coded time

    @property
    def length_ms(self) -> int:
        return self.end_ms - self.start_ms


def window_edges(coded: CodedTime, window_ms: int) -> tuple[npt.NDArray[np.int64], ...]:
    """(starts, ends) of every window of every segment, in time order."""
    window_ms = max(int(window_ms), 1)
    starts: list[npt.NDArray[np.int64]] = []
    for seg in coded.segments:
        count = -(-seg.length_ms // window_ms)
        starts.append(seg.start_ms + window_ms * np.arange(count, dtype=np.int64))
    if not starts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    all_starts = np.concatenate(starts)
    if all_starts.size > MAX_WINDOWS:
        raise ValueError(f"{all_starts.size} windows; choose a larger window size")
    seg_ends = np.concatenate(
        [
            np.full(s.size, seg.end_ms, dtype=np.int64)
            for s, seg in zip(starts, coded.segments, strict=True)
        ]
    )
    return all_starts, np.minimum(all_starts + window_ms, seg_ends)


def window_rates(
    coded: CodedTime, span_set: SpanSet, itm_onsets_ms: npt.NDArray[np.int64], window_ms: int
) -> tuple[WindowRate, ...]:
    """`itm_onsets_ms`: sorted onsets of the ITMs already counted (in coded time)."""
    starts, ends = window_edges(coded, window_ms)
    if starts.size == 0:
        return ()
    coded_ms = span_set.overlap_ms(starts, ends)
    counts = np.searchsorted(itm_onsets_ms, ends, side="left") - np.searchsorted(
        itm_onsets_ms, starts, side="left"
    )
    out: list[WindowRate] = []
    for s, e, c, n in zip(
        starts.tolist(), ends.tolist(), coded_ms.tolist(), counts.tolist(), strict=True
    ):
        out.append(WindowRate(s, e, c, n, None if c <= 0 else n / (c / 60_000)))
    return tuple(out)
