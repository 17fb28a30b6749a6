"""Vectorised slice labelling and tolerance for time-unit κ (rules in time_unit.py).

No Python loop runs per slice, and without a tolerance no array per slice is built at all:
a label only changes where some event starts or stops covering slices, so the segment is cut
at those slice indices into runs of slices that both coders label constantly. Each run's
label is a bit mask of the codes covering it (a running sum of +bit where a code starts and
−bit where it stops), and each run counts as its number of slices. An hour at 0.1 s is
36,000 slices but only a few hundred runs. The tolerance looks at neighbouring slices, so it
expands the runs into one label per slice first (`np.repeat`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from vfcoach.coding.reliability.events import CodedEvent

# One bit per code; the running sum runs in float64, exact for masks below 2^53.
MAX_CODES_PER_GROUP = 52

IntArray = npt.NDArray[np.int64]


def _coverage(
    events: Sequence[CodedEvent], bit: dict[str, int], start_ms: int, slice_ms: int, n: int
) -> tuple[IntArray, IntArray, IntArray]:
    """(code bit, first slice, slice after the last) of every state, merged per code."""
    k = np.fromiter((bit[e.code] for e in events), dtype=np.int64, count=len(events))
    on = np.fromiter((e.onset_ms for e in events), dtype=np.int64, count=len(events))
    off = np.fromiter((e.offset_ms or 0 for e in events), dtype=np.int64, count=len(events))
    # onset ≤ start + i·slice < offset ⇔ ⌈(onset−start)/slice⌉ ≤ i < ⌈(offset−start)/slice⌉
    lo = np.clip(-((start_ms - on) // slice_ms), 0, n)
    hi = np.clip(-((start_ms - off) // slice_ms), 0, n)
    keep = hi > lo
    return _merge_per_code(k[keep], lo[keep], hi[keep], n)


def label_runs(
    a: Sequence[CodedEvent],
    b: Sequence[CodedEvent],
    codes: Sequence[str],
    start_ms: int,
    slice_ms: int,
    n: int,
) -> tuple[IntArray, IntArray, IntArray]:
    """Run bounds (slice indices, 0 … n) and A's and B's code bit mask in each run."""
    if len(codes) > MAX_CODES_PER_GROUP:
        raise ValueError(f"a code group can hold at most {MAX_CODES_PER_GROUP} codes")
    bit = {c: k for k, c in enumerate(codes)}
    ka, loa, hia = _coverage(a, bit, start_ms, slice_ms, n)
    kb, lob, hib = _coverage(b, bit, start_ms, slice_ms, n)
    bounds = np.unique(np.concatenate([[0, n], loa, hia, lob, hib]))
    m = len(bounds) - 1

    def masks(k: IntArray, lo: IntArray, hi: IntArray) -> IntArray:
        # No code overlaps itself after merging, so the running sum of bits IS the mask.
        w = np.left_shift(np.int64(1), k).astype(np.float64)
        change = np.bincount(np.searchsorted(bounds, lo), weights=w, minlength=m + 1)
        change -= np.bincount(np.searchsorted(bounds, hi), weights=w, minlength=m + 1)
        out: IntArray = np.cumsum(change[:m]).astype(np.int64)
        return out

    return bounds, masks(ka, loa, hia), masks(kb, lob, hib)


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
