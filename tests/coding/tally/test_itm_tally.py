"""Golden cases of domain.md §4: the worked example, empty and comment-free recordings."""

from __future__ import annotations

import pytest

from tests.coding.tally.builders import MIN, SCHEME, itm, mmss, point, state
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import FidelityThresholds, VerdictStatus, itm_tally, to_json_dict

HOUR = 60 * MIN


def worked_example() -> tuple[list[Annotation], Annotation]:
    """Fidelity clip 12:00–17:00; 7 ITMs: 5 FTL (4 on target), 2 NUR; 5 positive."""
    trigger = state("FTL", mmss(13, 2.0), mmss(13, 30))
    late = itm(mmss(13, 4.5), "FTL", "yes", "positive", trigger=trigger.id)
    events = [
        state("FCLIP", mmss(12), mmss(17)),
        trigger,
        late,
        itm(mmss(12, 10), "FTL", "yes", "positive"),
        itm(mmss(14), "FTL", "yes", "scaffolding"),
        itm(mmss(15), "FTL", "no", "positive"),
        itm(mmss(16), "FTL", "yes", "positive"),
        itm(mmss(12, 30), "NUR", "yes", "scaffolding"),
        itm(mmss(16, 30), "NUR", "yes", "positive"),
        # outside the clip: just before it, and exactly at its (exclusive) end
        itm(mmss(11, 59.99), "FTL", "no", "scaffolding"),
        itm(mmss(17), "NUR", "no", "scaffolding"),
    ]
    return events, late


def test_worked_example_of_domain_section_4() -> None:
    events, late = worked_example()
    t = itm_tally(events, SCHEME, HOUR, clip="fidelity")
    assert t.coded_ms == 5 * MIN and t.coded_min == 5.0
    assert t.n == 7
    assert t.rate_per_min == pytest.approx(1.4)
    assert t.on_target_n == 6 and t.on_target_share == pytest.approx(6 / 7)
    assert (t.valence.positive, t.valence.scaffolding) == (5, 2)
    assert t.positive_share == pytest.approx(5 / 7)
    assert t.verdict.status is VerdictStatus.MEETS
    assert t.latency.valid == 1 and t.latency.median_s == pytest.approx(2.5)
    assert t.latency.timely_share == 1.0
    ftl = next(b for b in t.by_target if b.target == "FTL")
    nur = next(b for b in t.by_target if b.target == "NUR")
    assert (ftl.n, ftl.on_target_n, nur.n, nur.on_target_n) == (5, 4, 2, 2)
    assert [b.target for b in t.by_target] == ["NUR", "FTL", "DEL", "AVOID_FR", "CALM", "NONE"]
    assert late.id in t.itm_ids and len(t.itm_ids) == 7
    data = to_json_dict(t)
    assert data["rate_per_min"] == 1.4
    assert data["on_target_pct"] == 85.7
    assert data["valence"]["positive_pct"] == 71.4
    assert data["verdict"]["status"] == "meets"
    assert data["latency"]["median_s"] == 2.5
    assert data["thresholds"]["min_rate_per_min"] == 1.0
    assert data["segments"][0]["start"] == "00:12:00.000" and data["segments"][0]["n"] == 7


def test_the_whole_recording_is_the_default_clip() -> None:
    events, _ = worked_example()
    t = itm_tally(events, SCHEME, 20 * MIN)
    assert t.coded.clip == "all" and t.coded_ms == 20 * MIN
    assert t.n == 9  # the two outside the fidelity clip count now
    assert t.rate_per_min == pytest.approx(9 / 20)
    assert t.verdict.status is VerdictStatus.DOES_NOT_MEET
    assert any("rate 0.45/min < 1.00/min" in r for r in t.verdict.reasons)


def test_empty_recording() -> None:
    t = itm_tally([], SCHEME, 0)
    assert t.coded_ms == 0 and t.n == 0
    assert t.rate_per_min is None and t.on_target_share is None
    assert t.valence.positive_share is None and t.components.all_share is None
    assert t.windows == () and t.latency.median_s is None
    assert t.verdict.status is VerdictStatus.INSUFFICIENT
    assert t.verdict.reasons == ("no coded time",)
    data = to_json_dict(t)
    assert data["rate_per_min"] is None and data["on_target_pct"] is None


def test_no_comments_leaves_on_target_undefined_not_zero() -> None:
    t = itm_tally([state("FTL", 0, 2 * MIN)], SCHEME, 10 * MIN)
    assert t.n == 0 and t.rate_per_min == 0.0
    assert t.on_target_share is None  # shown as "—", never 0 % or 100 %
    assert to_json_dict(t)["on_target_pct"] is None
    assert t.verdict.status is VerdictStatus.INSUFFICIENT
    assert t.verdict.reasons == ("no comments in the coded time",)


def test_fidelity_requested_but_none_marked() -> None:
    t = itm_tally([itm(1000)], SCHEME, 10 * MIN, clip="fidelity")
    assert t.coded_ms == 0 and t.n == 0 and t.rate_per_min is None
    assert any("no fidelity clips" in n for n in t.notes)


def test_thresholds_edge_exactly_one_per_minute_and_80_percent_meets() -> None:
    events = [itm(i * MIN + 1000, on="yes" if i else "no") for i in range(5)]
    t = itm_tally(events, SCHEME, 5 * MIN)
    assert t.rate_per_min == 1.0 and t.on_target_share == pytest.approx(0.8)
    assert t.verdict.status is VerdictStatus.MEETS
    strict = FidelityThresholds(min_on_target=0.81)
    assert itm_tally(events, SCHEME, 5 * MIN, thresholds=strict).verdict.status is (
        VerdictStatus.DOES_NOT_MEET
    )


def test_components_addressee_and_missing_modifiers() -> None:
    events = [
        itm(1000, components="describes_behaviour+links_target+links_outcome", addressee="P1"),
        itm(2000, components="describes_behaviour", addressee="P2"),
        itm(3000, addressee="P1"),
        point("ITM", 4000),  # no modifiers yet: still one of N
    ]
    t = itm_tally(events, SCHEME, MIN)
    assert t.n == 4
    each = {c.component: c.share for c in t.components.each}
    assert each == {"describes_behaviour": 0.5, "links_target": 0.25, "links_outcome": 0.25}
    assert t.components.all_n == 1 and t.components.all_share == 0.25
    assert [(a.addressee, a.n) for a in t.by_addressee] == [("P1", 2), ("P2", 1), ("unset", 1)]
    assert t.valence.unset == 1 and t.on_target_n == 3
    assert "1 comment(s) have no positive or scaffolding answer yet" in t.notes
    assert next(b for b in t.by_target if b.target == "unset").n == 1


def test_no_addressee_means_no_addressee_rows() -> None:
    t = itm_tally([itm(1000)], SCHEME, MIN)
    assert t.by_addressee == () and to_json_dict(t)["by_addressee"] is None


def test_positive_share_flag_is_off_by_default_and_never_a_criterion() -> None:
    events = [itm(i * 10_000, valence="scaffolding") for i in range(6)]
    assert itm_tally(events, SCHEME, MIN).verdict.flags == ()
    flagged = itm_tally(events, SCHEME, MIN, thresholds=FidelityThresholds(positive_share_flag=0.5))
    assert flagged.verdict.status is VerdictStatus.MEETS
    assert flagged.verdict.flags and "positive share 0 %" in flagged.verdict.flags[0]
    assert "information, not a criterion" in flagged.verdict.info[0]


def test_works_with_the_built_in_scheme() -> None:
    scheme = builtin_scheme("abc-style")
    t = itm_tally([itm(1000), point("NUR", 500)], scheme, MIN)
    assert t.n == 1 and next(c for c in t.codes if c.key == "NUR").count == 1
