"""Display bands for κ (Landis & Koch 1977) and ICC (Koo & Li 2016), domain.md §6.

Bands are labels for readers, not verdicts: both sets of authors called their cut points
arbitrary, and the organisation can change them (§9). A value is banded after rounding to
two decimals, so the band always matches the figure a reader sees next to it (".205" is shown
as ".21" and is "fair", never "slight" beside a printed ".21").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

UNDEFINED = "undefined"


@dataclass(frozen=True, slots=True)
class Bands:
    """Named bands: `labels[i]` applies from `lower[i]` (inclusive) up to the next bound."""

    name: str
    lower: tuple[float, ...]  # first entry is -inf
    labels: tuple[str, ...]
    decimals: int = 2

    def __post_init__(self) -> None:
        if len(self.lower) != len(self.labels) or not self.lower:
            raise ValueError("bands need one lower bound per label")
        if list(self.lower) != sorted(self.lower):
            raise ValueError("band lower bounds must increase")

    def label(self, value: float) -> str:
        """The band of `value`; "undefined" for NaN (κ with one category, ICC with no spread)."""
        if math.isnan(value):
            return UNDEFINED
        shown = round(value, self.decimals)
        chosen = self.labels[0]
        for bound, name in zip(self.lower, self.labels, strict=True):
            if shown >= bound:
                chosen = name
        return chosen


KappaBands = Bands

LANDIS_KOCH = Bands(
    "Landis & Koch 1977",
    (-math.inf, 0.0, 0.21, 0.41, 0.61, 0.81),
    ("poor", "slight", "fair", "moderate", "substantial", "almost perfect"),
)

# "> .90 excellent": on two decimals the first excellent figure is .91.
KOO_LI = Bands(
    "Koo & Li 2016",
    (-math.inf, 0.50, 0.75, 0.91),
    ("poor", "moderate", "good", "excellent"),
)


def landis_koch(kappa: float) -> str:
    """Landis & Koch band of κ ("undefined" for NaN)."""
    return LANDIS_KOCH.label(kappa)


def koo_li(value: float) -> str:
    """Koo & Li band of one ICC figure ("undefined" for NaN)."""
    return KOO_LI.label(value)


def koo_li_interval(low: float, high: float, bands: Bands = KOO_LI) -> str:
    """Koo & Li judge the 95 % CI, not the point: one band when both ends share it, else a range.

    A CI from .62 to .93 reads "moderate to excellent": the data cannot rule out either end,
    which is the honest message with few clips.
    """
    lo, hi = bands.label(low), bands.label(high)
    if UNDEFINED in (lo, hi):
        return UNDEFINED
    return lo if lo == hi else f"{lo} to {hi}"
