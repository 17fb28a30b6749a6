"""Per-window rates, latency and its errors, and caregiver code counts (domain.md §4)."""

from __future__ import annotations

import pytest

from tests.coding.tally.builders import MIN, SCHEME, itm, point, state
from vfcoach.coding.ids import new_annotation_id
from vfcoach.coding.tally import FidelityThresholds, itm_tally, to_json_dict


def test_a_comment_exactly_on_a_window_boundary_belongs_to_the_next_window() -> None:
    events = [itm(5 * MIN), itm(5 * MIN - 1), itm(0)]
    t = itm_tally(events, SCHEME, 12 * MIN)
    assert [(w.start_ms, w.end_ms, w.n) for w in t.windows] == [
        (0, 5 * MIN, 2),
        (5 * MIN, 10 * MIN, 1),
        (10 * MIN, 12 * MIN, 0),
    ]
    last = t.windows[-1]
    assert last.length_ms == 2 * MIN and last.coded_ms == 2 * MIN  # its real length
    assert t.windows[0].rate_per_min == pytest.approx(0.4)
    assert to_json_dict(t)["windows"][2]["length_min"] == 2.0


def test_windows_restart_at_each_segment_and_shrink_by_exclusions() -> None:
    events = [
        state("FCLIP", 2 * MIN, 9 * MIN),
        state("FCLIP", 20 * MIN, 25 * MIN),
        state("UNCODABLE", 3 * MIN, 4 * MIN),
        itm(20 * MIN),
        itm(7 * MIN + 1),
    ]
    t = itm_tally(events, SCHEME, 60 * MIN, clip="fidelity")
    rows = [(w.start_ms // 1000, w.end_ms // 1000, w.coded_ms // 1000, w.n) for w in t.windows]
    assert rows == [(120, 420, 240, 0), (420, 540, 120, 1), (1200, 1500, 300, 1)]
    assert [s.n for s in t.segments] == [1, 1]


def test_window_size_is_a_setting() -> None:
    t = itm_tally([itm(0)], SCHEME, 10 * MIN, thresholds=FidelityThresholds(window_min=2.5))
    assert len(t.windows) == 4 and t.windows[1].start_ms == 150_000


def test_latency_median_timely_share_and_negative_latency_flagged() -> None:
    b1, b2, b3, b4 = (point("NUR", ms) for ms in (10_000, 20_000, 30_000, 60_000))
    good = [itm(12_000, trigger=b1.id), itm(27_000, trigger=b2.id), itm(33_000, trigger=b3.id)]
    early = itm(58_000, trigger=b4.id)  # 2 s BEFORE its trigger: a coding error
    dangling = itm(40_000, trigger=new_annotation_id())
    t = itm_tally([b1, b2, b3, b4, *good, early, dangling], SCHEME, 2 * MIN)
    lat = t.latency
    assert (lat.linked, lat.valid) == (4, 3)
    assert lat.median_s == 3.0  # latencies 2, 7, 3 s
    assert lat.timely_n == 2 and lat.timely_share == pytest.approx(2 / 3)
    assert lat.negative == (early.id,) and lat.dangling == (dangling.id,)
    assert [e.annotation_id for e in t.errors] == [early.id]
    assert "2.0 s before the Nurturing response" in t.errors[0].message
    assert any("no longer in this pass" in n for n in t.notes)
    assert to_json_dict(t)["errors"][0]["at"] == "00:00:58.000"
    assert t.n == 5  # errors are reported, not dropped from N


def test_opportunity_coverage_counts_linked_target_behaviours_in_coded_time() -> None:
    nur, nur2, fr = point("NUR", 1000), point("NUR", 5000), point("C_DIS", 2000)
    t = itm_tally([nur, nur2, fr, itm(3000, "NUR", trigger=nur.id)], SCHEME, MIN)
    assert (t.opportunity.opportunities, t.opportunity.linked) == (2, 1)
    assert t.opportunity.share == 0.5


def test_caregiver_codes_count_and_clip_durations_to_coded_time() -> None:
    events = [
        state("FCLIP", 1 * MIN, 3 * MIN),
        state("FTL", 0, 2 * MIN),  # straddles the clip's start: 1 min inside
        state("INT", 2 * MIN, 2 * MIN + 30_000),
        state("FTL", 2 * MIN + 30_000, None),  # still open: runs to the end, clipped at 3:00
        state("FTL", 4 * MIN, 5 * MIN),  # outside
        point("DEL", 90_000),
        point("DEL", 3 * MIN),  # at the clip's exclusive end: outside
        state("UNCODABLE", 4 * MIN, 6 * MIN),  # a segment, never a caregiver code
    ]
    t = itm_tally(events, SCHEME, 10 * MIN, clip="fidelity")
    codes = {c.key: c for c in t.codes}
    assert list(codes) == ["C_DIS", "NUR", "FTL", "INT", "DEL"]
    assert (codes["FTL"].count, codes["FTL"].duration_ms, codes["FTL"].open_count) == (
        2,
        90_000,
        1,
    )
    assert (codes["INT"].count, codes["INT"].duration_ms) == (1, 30_000)
    assert (codes["DEL"].count, codes["DEL"].duration_ms, codes["DEL"].kind) == (1, 0, "point")
    assert codes["C_DIS"].count == 0
    assert any(n.startswith("Following the lead from 00:02:30.000 is still open") for n in t.notes)
    assert to_json_dict(t)["codes"][2]["duration_s"] == 90.0


def test_codes_unknown_to_the_scheme_are_listed_by_key() -> None:
    t = itm_tally([point("XTRA", 1000)], SCHEME, MIN)
    assert t.codes[-1].key == "XTRA" and t.codes[-1].count == 1
