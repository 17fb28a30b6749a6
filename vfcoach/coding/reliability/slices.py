"""Vectorised slice labelling and tolerance for time-unit κ (rules in time_unit.py).

No Python loop runs per slice: each coder's coverage of each code is a difference array
(+1 at the first covered slice, −1 after the last) summed cumulatively, and a slice's label
is a bit mask of the codes covering it, built in one cumulative sum. At 0.1-s slices an
hour is 36,000 slices, so a per-slice loop would dominate everything else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from vfcoach.coding.reliability.events import CodedEvent

# One bit per code; the cumulative sum runs in float64, exact for masks below 2^53.
MAX_CODES_PER_GROUP = 52


def label_slices(
    events: Sequence[CodedEvent], codes: Sequence[str], start_ms: int, slice_ms: int, n: int
) -> npt.NDArray[np.int64]:
    """Bit mask per slice of the `codes` whose state covers the slice's first instant."""
    if len(codes) > MAX_CODES_PER_GROUP:
        raise ValueError(f"a code group can hold at most {MAX_CODES_PER_GROUP} codes")
    if not events:
        return np.zeros(n, dtype=np.int64)
    bit = {c: k for k, c in enumerate(codes)}
    k = np.fromiter((bit[e.code] for e in events), dtype=np.int64, count=len(events))
    on = np.fromiter((e.onset_ms for e in events), dtype=np.int64, count=len(events))
    off = np.fromiter((e.offset_ms or 0 for e in events), dtype=np.int64, count=len(events))
    # onset ≤ start + i·slice < offset ⇔ ⌈(onset−start)/slice⌉ ≤ i < ⌈(offset−start)/slice⌉
    lo = np.clip(-((start_ms - on) // slice_ms), 0, n)
    hi = np.clip(-((start_ms - off) // slice_ms), 0, n)
    keep = hi > lo
    k, lo, hi = k[keep], lo[keep], hi[keep]
    k, lo, hi = _merge_per_code(k, lo, hi, n)
    # No code overlaps itself any more, so the running sum of +bit at each first covered slice
    # and −bit after each last one IS the bit mask: one pass whatever the number of codes.
    w = np.left_shift(np.int64(1), k).astype(np.float64)
    change = np.bincount(lo, weights=w, minlength=n + 1)
    change -= np.bincount(hi, weights=w, minlength=n + 1)
    out: npt.NDArray[np.int64] = np.cumsum(change[:n]).astype(np.int64)
    return out


def _merge_per_code(
    k: npt.NDArray[np.int64], lo: npt.NDArray[np.int64], hi: npt.NDArray[np.int64], n: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Union of each code's slice ranges [lo, hi): a code one coder entered twice over the same
    time covers it once. Codes are moved apart on one axis (k·(n+2)) so one running maximum
    serves all codes without a loop."""
    if not len(k):
        return k, lo, hi
    base = k * (n + 2)
    order = np.lexsort((lo, k))
    los, his, bases = lo[order] + base[order], hi[order] + base[order], base[order]
    reach = np.maximum.accumulate(his)
    first = np.ones(len(los), dtype=bool)
    first[1:] = los[1:] > reach[:-1]
    starts = np.flatnonzero(first)
    merged_hi = np.maximum.reduceat(his, starts)
    return bases[starts] // (n + 2), los[starts] - bases[starts], merged_hi - bases[starts]


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
