"""ITM tallies and the fidelity verdict (domain.md §4), pure: stdlib and numpy only.

`itm_tally` computes every figure for one coding pass; `to_json_dict` / `to_csv_rows` are the
one rendering the panel, the CLI and exports share; `trend_series` lines tallies up over
visits. Small modules, one job each: spans and coded time, breakdowns, links (latency),
windows, code counts, thresholds and verdict, trends.
"""

from vfcoach.coding.tally.coded_time import ClipChoice, CodedTime, coded_time
from vfcoach.coding.tally.itm_tally import ItmTally, SegmentFigures, itm_tally
from vfcoach.coding.tally.spans import Span
from vfcoach.coding.tally.tally_json import to_csv_rows, to_json_dict
from vfcoach.coding.tally.thresholds import (
    FidelityThresholds,
    InvalidThresholds,
    Verdict,
    VerdictStatus,
)
from vfcoach.coding.tally.trends import TrendPoint, TrendSeries, trend_series

__all__ = [
    "ClipChoice",
    "CodedTime",
    "FidelityThresholds",
    "InvalidThresholds",
    "ItmTally",
    "SegmentFigures",
    "Span",
    "TrendPoint",
    "TrendSeries",
    "Verdict",
    "VerdictStatus",
    "coded_time",
    "itm_tally",
    "to_csv_rows",
    "to_json_dict",
    "trend_series",
]
