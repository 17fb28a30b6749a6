"""One-to-one alignment of two coders' events within a tolerance window (domain.md §6).

The rule: two events may pair when their onsets are at most ±tolerance apart (and, with
`by_overlap`, also when both are states whose spans overlap). Among all one-to-one pairings we
take the one with the most pairs, then the smallest total |onset difference|. Both coders'
events are sorted first (onset, code, offset, ref), so the result never depends on list order.

How: events are cut into clusters that cannot reach each other (a sweep over "reach"
intervals, vectorised). A cluster of one event from each coder is paired directly; clusters
with only one coder's events are unpaired. Other clusters are solved exactly: by onset, an
optimal pairing never crosses in time, so a dynamic programme over the sorted onsets finds it;
pairing by overlap can cross, so those clusters use a minimum-cost assignment instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vfcoach.coding.reliability._assignment import min_cost_assignment
from vfcoach.coding.reliability._dp import order_preserving_pairs
from vfcoach.coding.reliability.events import CodedEvent, EventPair, make_pair


def _eligible(a: CodedEvent, b: CodedEvent, tolerance_ms: int, by_overlap: bool) -> bool:
    """May these two events pair? Symmetric in a and b."""
    if abs(a.onset_ms - b.onset_ms) <= tolerance_ms:
        return True
    if by_overlap and a.offset_ms is not None and b.offset_ms is not None:
        return a.onset_ms < b.offset_ms and b.onset_ms < a.offset_ms
    return False


def _reach_end(events: Sequence[CodedEvent], tolerance_ms: int, by_overlap: bool) -> np.ndarray:
    onsets = np.fromiter((e.onset_ms for e in events), dtype=np.int64, count=len(events))
    end = onsets + tolerance_ms
    if by_overlap:
        offsets = np.fromiter(
            (e.onset_ms if e.offset_ms is None else e.offset_ms for e in events),
            dtype=np.int64,
            count=len(events),
        )
        end = np.maximum(end, offsets)
    return end


def _clusters(
    a: Sequence[CodedEvent], b: Sequence[CodedEvent], tolerance_ms: int, by_overlap: bool
) -> tuple[np.ndarray, np.ndarray, int]:
    """Cluster id of every event of A and of B; events in different clusters can never pair."""
    start = np.fromiter((e.onset_ms for e in (*a, *b)), dtype=np.int64, count=len(a) + len(b))
    end = np.concatenate(
        [_reach_end(a, tolerance_ms, by_overlap), _reach_end(b, tolerance_ms, by_overlap)]
    )
    order = np.argsort(start, kind="stable")
    s, e = start[order], end[order]
    running = np.maximum.accumulate(e)
    new = np.empty(len(s), dtype=bool)
    if len(s):
        new[0] = True
        new[1:] = s[1:] > running[:-1]
    ids_sorted = np.cumsum(new) - 1
    ids = np.empty_like(ids_sorted)
    ids[order] = ids_sorted
    return ids[: len(a)], ids[len(a) :], int(new.sum())


def _solve_crossing(
    xa: Sequence[CodedEvent], xb: Sequence[CodedEvent], tolerance_ms: int
) -> list[EventPair]:
    """Exact pairing when overlap may pair events out of time order (assignment problem)."""
    transpose = len(xa) > len(xb)  # the solver wants no more rows than columns
    rows, cols = (xb, xa) if transpose else (xa, xb)
    # Eligibility is symmetric, so rows and columns can be tested in either role.
    ok = [[_eligible(r, c, tolerance_ms, True) for c in cols] for r in rows]
    offsets = [[abs(r.onset_ms - c.onset_ms) for c in cols] for r in rows]
    widest = max(
        (o for i, orow in enumerate(offsets) for o, k in zip(orow, ok[i], strict=True) if k),
        default=0,
    )
    big = widest * len(rows) + 1  # one more pair always beats any saving in total offset
    cost = [
        [(o - big) if k else 0 for o, k in zip(orow, krow, strict=True)]
        for orow, krow in zip(offsets, ok, strict=True)
    ]
    chosen = min_cost_assignment(cost)
    partner: dict[int, int] = {}
    for r, c in enumerate(chosen):
        if ok[r][c]:
            partner[r] = c
    if transpose:
        partner = {c: r for r, c in partner.items()}
    taken = set(partner.values())
    rows_out = [make_pair(ev, xb[partner[i]] if i in partner else None) for i, ev in enumerate(xa)]
    rows_out += [make_pair(None, ev) for j, ev in enumerate(xb) if j not in taken]
    rows_out.sort(key=lambda p: (p.at_ms, p.a is None))
    return rows_out


def _one_against_many(
    xa: Sequence[CodedEvent], xb: Sequence[CodedEvent], tolerance_ms: int, by_overlap: bool
) -> list[EventPair]:
    """One event on one side: at most one pair, so the optimum is the nearest eligible partner
    (the earliest of equally near ones). The commonest non-trivial cluster; no DP needed."""
    single, many, single_is_a = (xa[0], xb, True) if len(xa) == 1 else (xb[0], xa, False)
    best = -1
    for k, other in enumerate(many):
        if _eligible(single, other, tolerance_ms, by_overlap) and (
            best < 0
            or abs(other.onset_ms - single.onset_ms) < abs(many[best].onset_ms - single.onset_ms)
        ):
            best = k
    rows: list[EventPair] = []
    if best < 0:
        rows.append(make_pair(single, None) if single_is_a else make_pair(None, single))
    for k, other in enumerate(many):
        if k == best:
            rows.append(make_pair(single, other) if single_is_a else make_pair(other, single))
        elif single_is_a:
            rows.append(make_pair(None, other))
        else:
            rows.append(make_pair(other, None))
    rows.sort(key=lambda p: (p.at_ms, p.a is None))
    return rows


def align_events(
    a: Sequence[CodedEvent],
    b: Sequence[CodedEvent],
    tolerance_ms: int = 2000,
    *,
    by_overlap: bool = False,
) -> list[EventPair]:
    """Alignment rows in time order: pairs (agree or substitution), misses and extras."""
    if tolerance_ms < 0:
        raise ValueError(f"the tolerance must be ≥ 0 ms, not {tolerance_ms}")
    sa = sorted(a, key=lambda e: e.sort_key)
    sb = sorted(b, key=lambda e: e.sort_key)
    ida, idb, count = _clusters(sa, sb, tolerance_ms, by_overlap)
    # Both lists are sorted by onset and clusters are onset-contiguous, so each cluster is a
    # slice of each list: find the slice bounds once instead of grouping event by event.
    bounds_a = np.searchsorted(ida, np.arange(count + 1)).tolist()
    bounds_b = np.searchsorted(idb, np.arange(count + 1)).tolist()
    rows: list[EventPair] = []
    for c in range(count):
        xa = sa[bounds_a[c] : bounds_a[c + 1]]
        xb = sb[bounds_b[c] : bounds_b[c + 1]]
        if not xb:
            rows.extend(make_pair(ev, None) for ev in xa)
        elif not xa:
            rows.extend(make_pair(None, ev) for ev in xb)
        elif len(xa) == 1 and len(xb) == 1:
            if _eligible(xa[0], xb[0], tolerance_ms, by_overlap):
                rows.append(make_pair(xa[0], xb[0]))
            else:
                rows.extend(
                    sorted([make_pair(xa[0], None), make_pair(None, xb[0])], key=lambda p: p.at_ms)
                )
        elif len(xa) == 1 or len(xb) == 1:
            rows.extend(_one_against_many(xa, xb, tolerance_ms, by_overlap))
        elif by_overlap:
            rows.extend(_solve_crossing(xa, xb, tolerance_ms))
        else:
            rows.extend(order_preserving_pairs(xa, xb, tolerance_ms))
    return rows
