"""Minimum-cost assignment (Hungarian method with potentials) for small integer cost matrices.

Used only where the order-preserving DP is not enough: when state events may pair by overlap,
an optimal pairing can cross in time, so a general bipartite assignment is needed. Clusters
of mutually reachable events are small, so an O(n²·m) pure-Python solver is fast enough and
keeps SciPy out of vfcoach.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def min_cost_assignment(cost: Sequence[Sequence[int]]) -> list[int]:
    """For each row, the column it is assigned to (every row gets one; needs rows ≤ columns).

    Deterministic: ties are resolved by row and column order, which the caller fixes by
    sorting events first.
    """
    n = len(cost)
    m = len(cost[0]) if n else 0
    if n > m:
        raise ValueError("min_cost_assignment needs at most as many rows as columns")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) holding column j; 0 = free
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [math.inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            delta = math.inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [-1] * n
    for j in range(1, m + 1):
        if owner[j]:
            result[owner[j] - 1] = j - 1
    return result
