"""The same tally figures across visits of a family or recordings of a coach (issue 4, §3).

Coaches bring progress to the next visit and supervisors watch a coach's fidelity over time
(domain.md §1, step 6; §4), so a trend is simply the per-recording figures in date order.
Undefined figures stay undefined: a visit with no comments has no on-target %, and its
point is a gap (NaN in `values`, which plots skip) rather than a misleading 0. Recordings
without a date keep their given order after the dated ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from vfcoach.coding.tally.itm_tally import ItmTally
from vfcoach.coding.tally.tally_json import minutes, pct, rate

Metric = Literal["n", "rate_per_min", "on_target_pct", "positive_pct", "coded_min"]
METRICS: tuple[Metric, ...] = ("n", "rate_per_min", "on_target_pct", "positive_pct", "coded_min")


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """One recording's tally with the label and date a plot puts on its axis."""

    label: str
    date: dt.date | None
    tally: ItmTally


@dataclass(frozen=True, slots=True)
class TrendSeries:
    """Parallel tuples, one entry per recording, in date order; None where undefined."""

    labels: tuple[str, ...]
    dates: tuple[dt.date | None, ...]
    n: tuple[int, ...]
    rate_per_min: tuple[float | None, ...]
    on_target_pct: tuple[float | None, ...]
    positive_pct: tuple[float | None, ...]
    coded_min: tuple[float, ...]
    verdicts: tuple[str, ...]
    min_rate_per_min: tuple[float, ...]  # each point's own threshold (programmes may differ)
    min_on_target_pct: tuple[float, ...]

    def __len__(self) -> int:
        return len(self.labels)

    def values(self, metric: Metric) -> npt.NDArray[np.float64]:
        """A float array for plotting; undefined figures are NaN so a plot leaves a gap."""
        raw: Sequence[float | int | None] = getattr(self, metric)
        return np.array([np.nan if v is None else float(v) for v in raw], dtype=np.float64)

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "dates": [None if d is None else d.isoformat() for d in self.dates],
            "n": list(self.n),
            "rate_per_min": list(self.rate_per_min),
            "on_target_pct": list(self.on_target_pct),
            "positive_pct": list(self.positive_pct),
            "coded_min": list(self.coded_min),
            "verdicts": list(self.verdicts),
            "min_rate_per_min": list(self.min_rate_per_min),
            "min_on_target_pct": list(self.min_on_target_pct),
        }


def trend_series(points: Sequence[TrendPoint]) -> TrendSeries:
    """Figures of each point, rounded as `to_json_dict` rounds them, ordered by date."""
    order = sorted(
        range(len(points)),
        key=lambda i: (points[i].date is None, points[i].date or dt.date.min, i),
    )
    ps = [points[i] for i in order]
    return TrendSeries(
        labels=tuple(p.label for p in ps),
        dates=tuple(p.date for p in ps),
        n=tuple(p.tally.n for p in ps),
        rate_per_min=tuple(rate(p.tally.rate_per_min) for p in ps),
        on_target_pct=tuple(pct(p.tally.on_target_share) for p in ps),
        positive_pct=tuple(pct(p.tally.positive_share) for p in ps),
        coded_min=tuple(minutes(p.tally.coded_ms) for p in ps),
        verdicts=tuple(p.tally.verdict.status.value for p in ps),
        min_rate_per_min=tuple(p.tally.thresholds.min_rate_per_min for p in ps),
        min_on_target_pct=tuple(round(p.tally.thresholds.min_on_target * 100, 1) for p in ps),
    )
