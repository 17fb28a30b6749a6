"""Threshold settings, the JSON/CSV rendering shared by panel and CLI, and trend series."""

from __future__ import annotations

import datetime as dt
import json
import math

import pytest

from tests.coding.tally.builders import MIN, SCHEME, itm, state
from vfcoach.coding.tally import (
    FidelityThresholds,
    InvalidThresholds,
    TrendPoint,
    itm_tally,
    to_csv_rows,
    to_json_dict,
    trend_series,
)
from vfcoach.coding.tally.tally_json import CSV_HEADER


def test_thresholds_round_trip_and_validation() -> None:
    t = FidelityThresholds(min_rate_per_min=1.5, positive_share_flag=0.6)
    assert FidelityThresholds.from_dict(t.to_dict()) == t
    assert FidelityThresholds.from_dict({}) == FidelityThresholds()
    assert FidelityThresholds.from_dict({"practice_rate_info": None}).practice_rate_info is None
    with pytest.raises(InvalidThresholds, match="unknown threshold"):
        FidelityThresholds.from_dict({"min_rate": 1})
    with pytest.raises(InvalidThresholds, match="must be a number"):
        FidelityThresholds.from_dict({"min_on_target": "80%"})
    with pytest.raises(InvalidThresholds, match="cannot be empty"):
        FidelityThresholds.from_dict({"min_rate_per_min": None})
    with pytest.raises(InvalidThresholds, match="between 0 and 1"):
        FidelityThresholds(min_on_target=80)
    with pytest.raises(InvalidThresholds, match="window_min"):
        FidelityThresholds(window_min=0)
    with pytest.raises(InvalidThresholds, match="0 or more"):
        FidelityThresholds(min_rate_per_min=-1)


def test_json_is_plain_json_and_carries_the_thresholds_used() -> None:
    thresholds = FidelityThresholds(min_rate_per_min=2.0)
    events = [state("FCLIP", 0, 5 * MIN), *(itm(i * 30_000) for i in range(7))]
    t = itm_tally(events, SCHEME, 10 * MIN, clip="fidelity", thresholds=thresholds)
    data = to_json_dict(t)
    assert json.loads(json.dumps(data, allow_nan=False)) == data
    assert data["schema"] == "vfcoach.tally/1" and data["scheme"] == "tally-test v1"
    assert data["thresholds"]["min_rate_per_min"] == 2.0
    assert data["verdict"]["status"] == "does not meet"
    assert data["coded_min"] == 5.0 and data["clip"] == "fidelity"


def test_csv_rows_are_the_json_values_flattened() -> None:
    t = itm_tally([itm(1000), itm(2000, on="no")], SCHEME, MIN)
    rows = to_csv_rows(t)
    assert rows[0] == CSV_HEADER
    index = {(s, i, f): v for s, i, f, v in rows[1:]}
    assert index[("summary", "", "rate_per_min")] == "2.0"
    assert index[("summary", "", "on_target_pct")] == "50.0"
    assert index[("valence", "", "positive")] == "2"
    assert index[("by_target", "FTL", "on_target_n")] == "1"
    assert index[("windows", "00:00:00.000", "n")] == "2"
    assert index[("components.each", "links_target", "pct")] == "0.0"
    assert index[("verdict", "", "status")] == "does not meet"  # 50 % on target
    assert index[("verdict.reasons", "0", "value")].startswith("rate 2.00/min")
    assert index[("latency", "", "median_s")] == ""  # undefined stays empty, not 0
    assert index[("summary", "", "by_addressee")] == ""


def test_trend_series_in_date_order_with_gaps_for_undefined_figures() -> None:
    points = [
        TrendPoint("visit 2", dt.date(2024, 3, 18), itm_tally([itm(0)], SCHEME, MIN)),
        TrendPoint("visit 3", None, itm_tally([], SCHEME, 5 * MIN)),
        TrendPoint("visit 1", dt.date(2024, 3, 4), itm_tally([itm(0), itm(1)], SCHEME, 4 * MIN)),
    ]
    s = trend_series(points)
    assert s.labels == ("visit 1", "visit 2", "visit 3") and len(s) == 3
    assert s.rate_per_min == (0.5, 1.0, 0.0)
    assert s.on_target_pct == (100.0, 100.0, None)
    assert s.verdicts == ("does not meet", "meets", "too little coded time or no comments")
    values = s.values("on_target_pct")
    assert values[:2].tolist() == [100.0, 100.0] and math.isnan(values[2])
    data = s.to_json_dict()
    assert data["dates"] == ["2024-03-04", "2024-03-18", None]
    assert data["min_on_target_pct"] == [80.0, 80.0, 80.0]
    assert trend_series([]).labels == ()
