"""Event alignment and event-based κ: worked example 3, tolerance edges, empty coders,
order independence, and optimality against an exhaustive search on small random inputs."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from vfcoach.coding.reliability import (
    NIL,
    CodedEvent,
    DisagreementKind,
    align_events,
    event_agreement,
    pool_event_agreements,
)

K = DisagreementKind


def ev(seconds: float, code: str, ref: str = "") -> CodedEvent:
    return CodedEvent(round(seconds * 1000), code, ref=ref)


A3 = [ev(12.0, "NUR"), ev(30.5, "FTL"), ev(47.0, "FTL"), ev(80.2, "DEL"), ev(101.0, "FTL")]
B3 = [ev(13.1, "NUR"), ev(30.0, "FTL"), ev(52.0, "FTL"), ev(79.0, "FTL"), ev(102.5, "FTL")]


def test_worked_example_3_at_two_seconds() -> None:
    r = event_agreement(A3, B3)
    kinds = [p.kind for p in r.pairs]
    assert kinds == [K.AGREE, K.AGREE, K.MISS, K.EXTRA, K.SUBSTITUTION, K.AGREE]
    assert r.n_pairs == 4
    assert r.paired_share == pytest.approx(4 / 6)
    assert r.code_agreement == pytest.approx(3 / 4)
    assert round(r.stats.kappa, 2) == 0.18
    assert r.stats.label is None  # 6 rows: too few to judge
    assert set(r.table.categories) == {"NUR", "FTL", "DEL", NIL}
    sub = r.pairs[4]
    assert (sub.a, sub.b) == (A3[3], B3[3])
    assert sub.offset_ms == -1200 and sub.at_ms == 79_000
    assert "±2 s" in r.rule and r.tolerance_ms == 2000


def test_worked_example_3_at_five_seconds_pairs_the_stragglers() -> None:
    r = event_agreement(A3, B3, 5000)
    assert r.n_pairs == 5 and r.paired_share == 1.0
    assert r.code_agreement == pytest.approx(4 / 5)
    assert "±5 s" in r.rule


def test_all_late_within_tolerance_pairs_everything() -> None:
    a = [ev(10 * i, "FTL" if i % 3 else "NUR") for i in range(1, 25)]
    b = [CodedEvent(e.onset_ms + 1900, e.code) for e in a]
    r = event_agreement(a, b)
    assert r.n_pairs == 24 and r.paired_share == 1.0 and r.code_agreement == 1.0
    assert r.stats.kappa == pytest.approx(1.0)
    assert all(p.offset_ms == 1900 for p in r.pairs)
    assert r.stats.label == "almost perfect"


def test_all_late_beyond_tolerance_pairs_nothing() -> None:
    a = [ev(10, "X"), ev(20, "Y")]
    b = [ev(12.5, "X"), ev(22.5, "Y")]
    r = event_agreement(a, b)
    assert [p.kind for p in r.pairs] == [K.MISS, K.EXTRA, K.MISS, K.EXTRA]
    assert r.paired_share == 0.0 and math.isnan(r.code_agreement)
    # Table over X, Y, nil: A's X, Y against nil and nil against B's X, Y.
    assert r.table.matrix.tolist() == [[0, 0, 1], [0, 0, 1], [1, 1, 0]]
    assert r.stats.kappa == pytest.approx((0 - 6 / 16) / (1 - 6 / 16))


def test_the_tolerance_is_inclusive() -> None:
    assert align_events([ev(10, "X")], [ev(12, "X")])[0].kind is K.AGREE
    assert len(align_events([ev(10, "X")], [ev(12.001, "X")])) == 2


def test_empty_coders() -> None:
    both = event_agreement([], [])
    assert both.pairs == [] and both.stats.n == 0
    assert math.isnan(both.paired_share) and math.isnan(both.stats.kappa)
    assert both.stats.label is None
    only_a = event_agreement([ev(1, "X"), ev(5, "Y")], [])
    assert [p.kind for p in only_a.pairs] == [K.MISS, K.MISS]
    assert only_a.paired_share == 0.0
    assert only_a.table.matrix.tolist() == [[0, 0, 1], [0, 0, 1], [0, 0, 0]]
    only_b = event_agreement([], [ev(1, "X")])
    assert [p.kind for p in only_b.pairs] == [K.EXTRA]


def test_most_pairs_beats_closest_pair() -> None:
    # Greedy nearest-first would pair a2↔b1 (0.1 s) and strand a1 and b2.
    a = [ev(10.0, "X"), ev(11.9, "X")]
    b = [ev(12.0, "X"), ev(13.5, "X")]
    r = align_events(a, b)
    assert [(p.a, p.b) for p in r] == [(a[0], b[0]), (a[1], b[1])]


def _brute_force(
    a: list[CodedEvent], b: list[CodedEvent], tol: int, overlap: bool
) -> tuple[int, int]:
    """(most pairs, smallest total |offset|) by trying every one-to-one pairing."""

    def ok(x: CodedEvent, y: CodedEvent) -> bool:
        if abs(x.onset_ms - y.onset_ms) <= tol:
            return True
        return bool(
            overlap
            and x.offset_ms is not None
            and y.offset_ms is not None
            and x.onset_ms < y.offset_ms
            and y.onset_ms < x.offset_ms
        )

    best = (0, 0)

    def go(i: int, used: frozenset[int], pairs: int, cost: int) -> None:
        nonlocal best
        if i == len(a):
            if (pairs, -cost) > (best[0], -best[1]):
                best = (pairs, cost)
            return
        go(i + 1, used, pairs, cost)
        for j, y in enumerate(b):
            if j not in used and ok(a[i], y):
                go(i + 1, used | {j}, pairs + 1, cost + abs(a[i].onset_ms - y.onset_ms))

    go(0, frozenset(), 0, 0)
    return best


def _score(rows: list) -> tuple[int, int]:
    paired = [p for p in rows if p.a is not None and p.b is not None]
    return len(paired), sum(abs(p.offset_ms) for p in paired)


@pytest.mark.parametrize("seed", range(40))
def test_alignment_is_optimal_on_small_random_inputs(seed: int) -> None:
    rng = random.Random(seed)
    overlap = seed % 2 == 1

    def coder(n: int) -> list[CodedEvent]:
        out = []
        for i in range(n):
            on = rng.randrange(0, 12_000, 100)
            state = overlap and rng.random() < 0.5
            off = on + rng.randrange(100, 8000, 100) if state else None
            out.append(CodedEvent(on, rng.choice("XY"), off, ref=f"{i}"))
        return out

    a, b = coder(rng.randint(0, 6)), coder(rng.randint(0, 6))
    rows = align_events(a, b, 1500, by_overlap=overlap)
    assert _score(rows) == _brute_force(a, b, 1500, overlap)
    # Every event appears exactly once, and rows come in time order.
    assert sorted(p.a.ref for p in rows if p.a) == sorted(e.ref for e in a)
    assert sorted(p.b.ref for p in rows if p.b) == sorted(e.ref for e in b)
    assert [p.at_ms for p in rows] == sorted(p.at_ms for p in rows)


@pytest.mark.parametrize("seed", range(3))
def test_dense_coding_dp_agrees_with_the_general_assignment(seed: int) -> None:
    """One big cluster (60 events a side within a minute) takes the NumPy DP path; on point
    events the overlap rule adds nothing, so the assignment solver must find the same optimum."""
    rng = np.random.default_rng(seed)
    a = [CodedEvent(int(t), "X", ref=f"a{i}") for i, t in enumerate(rng.integers(0, 60_000, 60))]
    b = [CodedEvent(int(t), "Y", ref=f"b{i}") for i, t in enumerate(rng.integers(0, 60_000, 60))]
    by_dp = align_events(a, b, 2000)
    by_assignment = align_events(a, b, 2000, by_overlap=True)
    assert _score(by_dp) == _score(by_assignment)
    assert _score(by_dp)[0] >= 40


def test_overlap_pairs_states_whose_onsets_are_far_apart() -> None:
    a = [CodedEvent(0, "FTL", 30_000)]
    b = [CodedEvent(5_000, "FTL", 28_000)]
    assert align_events(a, b)[0].kind is K.MISS
    assert align_events(a, b, by_overlap=True)[0].kind is K.AGREE
    assert "overlap" in event_agreement(a, b, by_overlap=True).rule
    # A point event never pairs by overlap, only by onset.
    assert len(align_events(a, [CodedEvent(9_000, "FTL")], by_overlap=True)) == 2


@pytest.mark.parametrize("seed", range(5))
def test_alignment_does_not_depend_on_input_order(seed: int) -> None:
    rng = np.random.default_rng(seed)
    onsets = np.sort(rng.integers(0, 600_000, 300))
    a = [
        CodedEvent(int(t), str(rng.choice(["NUR", "FTL", "DEL"])), ref=f"a{i}")
        for i, t in enumerate(onsets)
    ]
    b = [
        CodedEvent(
            int(e.onset_ms + rng.integers(-2500, 2500)),
            e.code if rng.random() < 0.8 else "FTL",
            ref=f"b{i}",
        )
        for i, e in enumerate(a)
        if rng.random() < 0.9
    ]
    # Ties on purpose: equal onsets and equal distances on both sides.
    a += [CodedEvent(700_000, "X", ref="t1"), CodedEvent(700_000, "X", ref="t2")]
    b += [CodedEvent(699_000, "X", ref="t3"), CodedEvent(701_000, "X", ref="t4")]
    reference = align_events(a, b)
    shuffler = random.Random(seed)
    for _ in range(3):
        sa, sb = a[:], b[:]
        shuffler.shuffle(sa)
        shuffler.shuffle(sb)
        assert align_events(sa, sb) == reference
        assert align_events(sa, sb, by_overlap=True) == align_events(a, b, by_overlap=True)


def test_pooling_sums_tables_and_keeps_every_row() -> None:
    r1 = event_agreement(A3, B3)
    r2 = event_agreement(A3[:2], B3[:2])
    pooled = pool_event_agreements([r1, r2])
    assert len(pooled.pairs) == len(r1.pairs) + len(r2.pairs)
    assert pooled.table.n == r1.table.n + r2.table.n
    assert pooled.paired_share == pytest.approx(6 / 8)
    assert pooled.code_agreement == pytest.approx(5 / 6)
    with pytest.raises(ValueError, match="same matching rule"):
        pool_event_agreements([r1, event_agreement(A3, B3, 5000)])


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        align_events([], [], -1)
    with pytest.raises(ValueError, match="ends before it starts"):
        CodedEvent(1000, "FTL", 500)
