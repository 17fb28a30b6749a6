"""A naive re-implementation of BORIS's time-unit κ (boris/irr.py, `cohen_kappa`), as reference.

Written from reading BORIS, not copied: BORIS walks time points from the first event's start
to the last event's stop inclusive (`while t <= last`), in steps of the interval, and labels
each point with every state whose [start, stop] contains it (SQL BETWEEN: both ends closed)
plus every point event within ±interval/2. The list of behaviours is the category, so
overlapping states form a combined category. κ = (agreements − Σ expected) / (total −
Σ expected), and 1 when the denominator is 0. Two simplifications, both stated in the tests:
the combined category is the sorted behaviour list (BORIS uses database row order, which can
give one set two names), and κ is not rounded to 3 decimals as BORIS does for display. A code
overlapping itself stays listed twice, as in BORIS.
The plain loop is the point: it is the slice-by-slice method the bench compares against.
"""

from __future__ import annotations

from vfcoach.coding.reliability import CodedEvent


def _label(events: list[CodedEvent], t: int, interval: int) -> tuple[str, ...]:
    current = []
    for e in events:
        if e.offset_ms is not None:
            if e.onset_ms <= t <= e.offset_ms:
                current.append(e.code)
        elif abs(e.onset_ms - t) <= interval / 2:
            current.append(e.code)
    return tuple(sorted(current))


def boris_time_unit_kappa(a: list[CodedEvent], b: list[CodedEvent], interval: int) -> float:
    everything = a + b
    first = min(e.onset_ms for e in everything)
    last = max(e.onset_ms if e.offset_ms is None else e.offset_ms for e in everything)
    seq1, seq2 = [], []
    t = first
    while t <= last:
        seq1.append(_label(a, t, interval))
        seq2.append(_label(b, t, interval))
        t += interval
    states = sorted(set(seq1) | set(seq2))
    table = [[0] * len(states) for _ in states]
    for s1, s2 in zip(seq1, seq2, strict=True):
        table[states.index(s1)][states.index(s2)] += 1
    total = len(seq1)
    agreements = sum(table[i][i] for i in range(len(states)))
    rows = [sum(r) for r in table]
    cols = [sum(table[i][j] for i in range(len(states))) for j in range(len(states))]
    expected = sum(rows[i] * cols[i] / total for i in range(len(states)))
    if not (total - expected):
        return 1.0
    return (agreements - expected) / (total - expected)
