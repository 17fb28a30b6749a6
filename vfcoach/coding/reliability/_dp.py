"""Order-preserving optimal pairing of two sorted onset lists (the DP domain.md §6 names).

On a line, pairing by onset distance never needs crossing pairs: swapping two crossing pairs
keeps both within the window and does not increase the total offset. So the best pairing is
a monotone alignment, found by dynamic programming like an edit distance. Each pair scores
`big − |offset|`, with `big` larger than any possible total offset, so the most pairs win
first and the smallest total offset second, in one integer comparison.

Each DP row is computed with NumPy: row i is the running maximum of "skip A's event" and
"pair it with B's j-th", which is exact because skipping B's events only carries a value
rightwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vfcoach.coding.reliability.events import CodedEvent, EventPair, make_pair

_NEVER = np.iinfo(np.int64).min // 4


def _score_grid(x: np.ndarray, y: np.ndarray, tolerance_ms: int) -> np.ndarray:
    """f[i, j] = best score pairing A's first i events with B's first j events."""
    p, q = len(x), len(y)
    big = tolerance_ms * min(p, q) + 1
    f = np.zeros((p + 1, q + 1), dtype=np.int64)
    for i in range(1, p + 1):
        d = np.abs(y - x[i - 1])
        gain = np.where(d <= tolerance_ms, big - d, _NEVER)
        g = f[i - 1].copy()
        np.maximum(g[1:], f[i - 1, :-1] + gain, out=g[1:])
        f[i] = np.maximum.accumulate(g)
    return f


def order_preserving_pairs(
    xa: Sequence[CodedEvent], xb: Sequence[CodedEvent], tolerance_ms: int
) -> list[EventPair]:
    """Alignment rows for one cluster, in time order; ties resolve the same way every time."""
    x = np.fromiter((e.onset_ms for e in xa), dtype=np.int64, count=len(xa))
    y = np.fromiter((e.onset_ms for e in xb), dtype=np.int64, count=len(xb))
    f = _score_grid(x, y, tolerance_ms)
    rows: list[EventPair] = []
    i, j = len(xa), len(xb)
    while i > 0 and j > 0:
        here = f[i, j]
        if here == f[i, j - 1]:
            j -= 1
            rows.append(make_pair(None, xb[j]))
        elif here == f[i - 1, j]:
            i -= 1
            rows.append(make_pair(xa[i], None))
        else:
            i, j = i - 1, j - 1
            rows.append(make_pair(xa[i], xb[j]))
    rows.extend(make_pair(xa[k], None) for k in range(i - 1, -1, -1))
    rows.extend(make_pair(None, xb[k]) for k in range(j - 1, -1, -1))
    rows.reverse()
    rows.sort(key=lambda r: (r.at_ms, r.a is None))
    return rows
