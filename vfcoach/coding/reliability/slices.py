"""Vectorised slice labelling and tolerance for time-unit κ (rules in time_unit.py).

No Python loop runs per slice: each coder's coverage of each code is a difference array
(+1 at the first covered slice, −1 after the last) summed cumulatively, and a slice's label
is a bit mask of the codes covering it. At 0.1-s slices an hour is 36,000 slices, so a
per-slice loop would dominate everything else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from vfcoach.coding.reliability.events import CodedEvent

MAX_CODES_PER_GROUP = 62  # one bit each in an int64 mask


def label_slices(
    events: Sequence[CodedEvent], codes: Sequence[str], start_ms: int, slice_ms: int, n: int
) -> npt.NDArray[np.int64]:
    """Bit mask per slice of the `codes` whose state covers the slice's first instant."""
    if len(codes) > MAX_CODES_PER_GROUP:
        raise ValueError(f"a code group can hold at most {MAX_CODES_PER_GROUP} codes")
    mask = np.zeros(n, dtype=np.int64)
    if not events:
        return mask
    bit = {c: k for k, c in enumerate(codes)}
    k = np.fromiter((bit[e.code] for e in events), dtype=np.int64, count=len(events))
    on = np.fromiter((e.onset_ms for e in events), dtype=np.int64, count=len(events))
    off = np.fromiter((e.offset_ms or 0 for e in events), dtype=np.int64, count=len(events))
    # onset ≤ start + i·slice < offset ⇔ ⌈(onset−start)/slice⌉ ≤ i < ⌈(offset−start)/slice⌉
    lo = np.clip(-((start_ms - on) // slice_ms), 0, n)
    hi = np.clip(-((start_ms - off) // slice_ms), 0, n)
    keep = hi > lo
    k, lo, hi = k[keep], lo[keep], hi[keep]
    width = n + 1
    diff = np.bincount(k * width + lo, minlength=len(codes) * width)
    diff -= np.bincount(k * width + hi, minlength=len(codes) * width)
    covered = np.cumsum(diff.reshape(len(codes), width)[:, :n], axis=1) > 0
    weights = np.left_shift(np.int64(1), np.arange(len(codes), dtype=np.int64))
    for code_index in range(len(codes)):
        mask |= covered[code_index].astype(np.int64) * weights[code_index]
    return mask


def _seen_within(
    x: npt.NDArray[np.int64], y: npt.NDArray[np.int64], t: int
) -> npt.NDArray[np.bool_]:
    """seen[i]: x[i] equals some y[j] with |i − j| ≤ t (j inside the segment)."""
    seen: npt.NDArray[np.bool_] = x == y
    for d in range(1, t + 1):
        seen[:-d] |= x[:-d] == y[d:]
        seen[d:] |= x[d:] == y[:-d]
    return seen


def tolerate(ia: npt.NDArray[np.int64], ib: npt.NDArray[np.int64], t: int) -> npt.NDArray[np.int64]:
    """B's categories with tolerated disagreements replaced by A's (tallied on the diagonal)."""
    ok = _seen_within(ia, ib, t) & _seen_within(ib, ia, t) & (ia != ib)
    return np.where(ok, ia, ib)
