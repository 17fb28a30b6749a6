"""The double-coding sample: reproducible, the share of every coach, no month missed."""

from __future__ import annotations

import math
import random

import pytest

from vfcoach.coding.ids import RecordingId
from vfcoach.coding.sampling import (
    InvalidSamplingPlan,
    SamplingCandidate,
    draw_sample,
    wanted_for,
)


def caseload() -> list[SamplingCandidate]:
    """Three coaches, uneven caseloads over six months; one coach codes a single visit."""
    out: list[SamplingCandidate] = []
    rid = 1
    for coach, per_month in (("Ana", 4), ("Ben", 2), ("Cleo", 0)):
        for month in range(1, 7):
            for _ in range(per_month):
                out.append(SamplingCandidate(RecordingId(rid), coach, f"2026-{month:02d}"))
                rid += 1
    out.append(SamplingCandidate(RecordingId(rid), "Cleo", "2026-07"))  # Cleo's only visit
    return out


def test_same_seed_same_recordings_same_sample_in_any_order():
    pool = caseload()
    first = draw_sample(pool, 0.2, seed=42)
    shuffled = pool[:]
    random.Random(1).shuffle(shuffled)
    assert draw_sample(shuffled, 0.2, seed=42) == first
    assert draw_sample(pool, 0.2, seed=43).recording_ids != first.recording_ids


def test_every_coach_gets_at_least_the_share():
    pool = caseload()
    draw = draw_sample(pool, 0.2, seed=7)
    by_coach = {q.coach: q for q in draw.quotas}
    assert {c: q.wanted for c, q in by_coach.items()} == {"Ana": 5, "Ben": 3, "Cleo": 1}
    for coach, quota in by_coach.items():
        mine = [s for s in draw.drawn if s.candidate.coach == coach and s.reason == "share"]
        assert len(mine) == quota.drawn == quota.wanted
        assert quota.drawn >= math.ceil(0.2 * quota.recordings - 1e-9)


def test_no_month_is_missed_and_picks_spread_over_a_coachs_months():
    pool = caseload()
    for seed in range(25):
        draw = draw_sample(pool, 0.2, seed=seed)
        months = {s.candidate.month for s in draw.drawn}
        assert months == {c.month for c in pool}, seed
        assert draw.uncovered_months == ()
        ana = [s.candidate.month for s in draw.drawn if s.candidate.coach == "Ana"]
        assert len(set(ana)) == len(ana)  # 5 picks over 6 months: never two in one month


def test_a_month_nobody_covered_gets_one_recording():
    # Ana's one pick can cover only one of her two months; the other is filled by "month".
    pool = [
        SamplingCandidate(RecordingId(1), "Ana", "2026-01"),
        SamplingCandidate(RecordingId(2), "Ana", "2026-02"),
    ]
    draw = draw_sample(pool, 0.2, seed=3)
    assert sorted(s.reason for s in draw.drawn) == ["month", "share"]
    assert {s.candidate.month for s in draw.drawn} == {"2026-01", "2026-02"}


def test_recordings_chosen_before_count_so_a_rerun_only_tops_up():
    pool = caseload()
    first = draw_sample(pool, 0.2, seed=11)
    again = draw_sample(pool, 0.2, seed=99, already=set(first.recording_ids))
    assert again.drawn == ()
    assert all(q.already == q.wanted for q in again.quotas)


def test_share_edges_and_bad_plans():
    pool = caseload()
    everything = draw_sample(pool, 1.0, seed=1)
    assert set(everything.recording_ids) == {c.recording_id for c in pool}
    assert wanted_for(0.2, 10) == 2 and wanted_for(0.2, 11) == 3 and wanted_for(0.2, 1) == 1
    assert draw_sample([], 0.2, seed=1).drawn == ()
    for share in (0.0, -0.1, 1.5, float("nan")):
        with pytest.raises(InvalidSamplingPlan, match="share"):
            draw_sample(pool, share, seed=1)
    with pytest.raises(InvalidSamplingPlan, match="seed"):
        draw_sample(pool, 0.2, seed=-1)


def test_undated_visits_are_sampled_but_need_no_month_cover():
    pool = [SamplingCandidate(RecordingId(i), "Ana", None) for i in range(1, 11)]
    draw = draw_sample(pool, 0.2, seed=5)
    assert len(draw.drawn) == 2 and all(s.reason == "share" for s in draw.drawn)
