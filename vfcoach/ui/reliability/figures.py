"""The figures of one agreement, as the label/value lines the view shows (pure formatting).

Kept apart from the widgets so a test can compare what is shown with the operation's numbers
line by line, and so the wording ("too few to judge", the criterion) is decided once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vfcoach.coding.reliability import EventAgreement, IccResult, KappaStats
from vfcoach.services.reliability.irr import IrrSettings

DASH = "—"


def number(value: float, decimals: int = 2) -> str:
    """A figure as shown everywhere in the view; NaN (undefined) is a dash, never 0."""
    return DASH if math.isnan(value) else f"{value:.{decimals}f}"


def percent(value: float) -> str:
    return DASH if math.isnan(value) else f"{100 * value:.1f} %"


def verdict(stats: KappaStats, criterion: float, min_n: int) -> str:
    """Against the organisation's criterion, or why no judgement is made."""
    if stats.label is None:
        return f"too few to judge (n = {stats.n} < {min_n}); no band, no verdict"
    if math.isnan(stats.kappa):
        return "κ undefined (only one category was used)"
    shown = round(stats.kappa, 2)
    word = "meets" if shown >= criterion else "below"
    return f"{word} the criterion κ ≥ {criterion:.2f}"


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    hint: str = ""  # a tooltip: what the figure means


def kappa_lines(stats: KappaStats, settings: IrrSettings, unit: str) -> list[Line]:
    """n, agreement, κ with band and verdict, κ max, PABAK when prevalence calls for it, AC1."""
    lines = [
        Line(f"n ({unit})", str(stats.n)),
        Line("Percent agreement", percent(stats.po), "Share of units on which both agree"),
        Line(
            "Cohen's κ",
            f"{number(stats.kappa)}  ·  {stats.band_text}",
            "Band: Landis & Koch 1977 (labels only; the authors called them arbitrary)",
        ),
        Line("Criterion", verdict(stats, settings.kappa_criterion, settings.min_events)),
        Line("κ max", number(stats.kappa_max), "Highest κ these two coders' marginals allow"),
    ]
    if stats.show_pabak:
        share = percent(stats.dominant_share)
        lines.append(
            Line(
                "PABAK",
                f"{number(stats.pabak)}  (one category is {share} of all codes)",
                "Prevalence- and bias-adjusted κ, shown when one category dominates",
            )
        )
    lines.append(Line("Gwet's AC1", number(stats.ac1), "Less affected by prevalence than κ"))
    return lines


def event_lines(event: EventAgreement) -> list[Line]:
    """The two figures only event alignment has: timing agreement and code agreement."""
    return [
        Line("Events paired in time", percent(event.paired_share), event.rule),
        Line("Same code among pairs", percent(event.code_agreement)),
    ]


def per_code_rows(stats: KappaStats) -> list[tuple[str, str]]:
    """Each code against all the others, in the table's order."""
    return [(code, number(k)) for code, k in stats.per_code.items()]


def icc_rows(icc: dict[str, tuple[IccResult, IccResult]]) -> list[tuple[str, ...]]:
    """Measure, form, ICC, 95 % CI, Koo & Li band of the CI (or too few), n recordings."""
    rows: list[tuple[str, ...]] = []
    for measure, pair in icc.items():
        for r in pair:
            band = r.label if r.label is not None else "too few to judge"
            undefined = math.isnan(r.ci_low) and math.isnan(r.ci_high)
            ci = DASH if undefined else f"{number(r.ci_low)} to {number(r.ci_high)}"
            rows.append((measure, r.form, number(r.value), ci, band, str(r.n)))
    return rows
