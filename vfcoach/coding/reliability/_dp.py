"""Order-preserving optimal pairing of two sorted onset lists (the DP domain.md §6 names).

On a line, pairing by onset distance never needs crossing pairs: swapping two crossing pairs
keeps both within the window and does not increase the total offset. So the best pairing is
a monotone alignment, found by dynamic programming like an edit distance. Each pair scores
`big − |offset|`, with `big` larger than any possible total offset, so the most pairs win
first and the smallest total offset second, in one integer comparison.

Almost every cluster is tiny (two or three events a side), where plain Python is faster
than NumPy's call overhead. A large cluster (dense coding) computes each row with NumPy: row i
is the running maximum of "skip A's event" and "pair it with B's j-th", which is exact because
skipping B's events only carries a value rightwards. Both give identical grids.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vfcoach.coding.reliability.events import CodedEvent, EventPair, make_pair

_NEVER = np.iinfo(np.int64).min // 4
SMALL_GRID = 400  # p·q up to which the pure-Python grid is faster


def _score_grid_small(x: Sequence[int], y: Sequence[int], tolerance_ms: int) -> list[list[int]]:
    p, q = len(x), len(y)
    big = tolerance_ms * min(p, q) + 1
    f = [[0] * (q + 1) for _ in range(p + 1)]
    for i in range(1, p + 1):
        row, above, xi = f[i], f[i - 1], x[i - 1]
        for j in range(1, q + 1):
            best = above[j] if above[j] >= row[j - 1] else row[j - 1]
            d = abs(y[j - 1] - xi)
            if d <= tolerance_ms and above[j - 1] + big - d > best:
                best = above[j - 1] + big - d
            row[j] = best
    return f


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
    x = [e.onset_ms for e in xa]
    y = [e.onset_ms for e in xb]
    if len(x) * len(y) <= SMALL_GRID:
        f = _score_grid_small(x, y, tolerance_ms)
    else:
        f = _score_grid(
            np.array(x, dtype=np.int64), np.array(y, dtype=np.int64), tolerance_ms
        ).tolist()
    rows: list[EventPair] = []
    i, j = len(xa), len(xb)
    while i > 0 and j > 0:
        here = f[i][j]
        if here == f[i][j - 1]:
            j -= 1
            rows.append(make_pair(None, xb[j]))
        elif here == f[i - 1][j]:
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
