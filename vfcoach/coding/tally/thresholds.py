"""Fidelity thresholds (domain.md §4 and §9) and the verdict they produce.

The pass rule is a published convention (HomVEE's ABC examples: at least one comment per
minute, at least 80 % on target), so it is the default but an organisation setting, stored
per programme. The thresholds that produced a verdict travel with it: a stored or exported
tally must still say which rule it was judged by after the settings change. The expected
practice-activity rate is information, not a criterion, and the positive-share flag is off
by default because no published number defines "mostly positive". vfcoach reports fidelity;
it never certifies anyone (§4).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields

from vfcoach.coding.errors import VfcoachError

# Rates and shares are ratios of small integers; compare with a hair of slack so that an
# exact 1.0/min or 80 % never fails on a float rounding of 4/5 or 5/5.0.
_EPSILON = 1e-9


class InvalidThresholds(VfcoachError):
    """A threshold setting outside its meaningful range (a share above 1, a negative rate)."""


@dataclass(frozen=True, slots=True)
class FidelityThresholds:
    """Organisation settings for judging one programme's ITM tallies (domain.md §9)."""

    min_rate_per_min: float = 1.0  # convention (HomVEE example)
    min_on_target: float = 0.80  # share 0..1; convention (HomVEE example)
    practice_rate_info: float | None = 2.0  # info line only; convention (developer FAQ)
    positive_share_flag: float | None = None  # share 0..1; off: no published number
    timely_latency_s: float = 5.0  # vfcoach default
    window_min: float = 5.0  # per-window size; vfcoach default

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name in ("min_rate_per_min", "timely_latency_s", "practice_rate_info"):
            value = getattr(self, name)
            if value is not None and (not math.isfinite(value) or value < 0):
                problems.append(f"{name} must be a number of 0 or more, not {value}")
        for name in ("min_on_target", "positive_share_flag"):
            value = getattr(self, name)
            if value is not None and (not math.isfinite(value) or not 0 <= value <= 1):
                problems.append(f"{name} is a share and must lie between 0 and 1, not {value}")
        if not math.isfinite(self.window_min) or self.window_min <= 0:
            problems.append(f"window_min must be more than 0 minutes, not {self.window_min}")
        if problems:
            raise InvalidThresholds("; ".join(problems))

    def to_dict(self) -> dict[str, float | None]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, object]) -> FidelityThresholds:
        """From a stored setting; unknown keys are refused, missing ones take the default."""
        unknown = sorted(set(raw) - {f.name for f in fields(cls)})
        if unknown:
            raise InvalidThresholds(f"unknown threshold(s): {', '.join(unknown)}")
        d = cls()

        def number(key: str, default: float) -> float:
            value = _number(raw, key, default)
            if value is None:
                raise InvalidThresholds(f"threshold {key} cannot be empty")
            return value

        return cls(
            min_rate_per_min=number("min_rate_per_min", d.min_rate_per_min),
            min_on_target=number("min_on_target", d.min_on_target),
            practice_rate_info=_number(raw, "practice_rate_info", d.practice_rate_info),
            positive_share_flag=_number(raw, "positive_share_flag", d.positive_share_flag),
            timely_latency_s=number("timely_latency_s", d.timely_latency_s),
            window_min=number("window_min", d.window_min),
        )


def _number(raw: Mapping[str, object], key: str, default: float | None) -> float | None:
    if key not in raw:
        return default
    value = raw[key]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidThresholds(f"threshold {key} must be a number, not {value!r}")
    return float(value)


class VerdictStatus(enum.StrEnum):
    MEETS = "meets"
    DOES_NOT_MEET = "does not meet"
    INSUFFICIENT = "too little coded time or no comments"


@dataclass(frozen=True, slots=True)
class Verdict:
    status: VerdictStatus
    reasons: tuple[str, ...]  # why, criterion by criterion
    info: tuple[str, ...] = ()  # informational lines, never criteria
    flags: tuple[str, ...] = ()  # optional warnings (positive share), never criteria


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %".replace(".0 %", " %")


def judge(
    n: int,
    coded_ms: int,
    rate_per_min: float | None,
    on_target_share: float | None,
    positive_share: float | None,
    thresholds: FidelityThresholds,
) -> Verdict:
    """Meets when rate >= min rate AND on-target >= min share (domain.md §4)."""
    info: list[str] = []
    if thresholds.practice_rate_info is not None:
        info.append(
            f"During structured practice activities about {thresholds.practice_rate_info:g} "
            "comments per minute are expected (information, not a criterion)"
        )
    flags: list[str] = []
    limit = thresholds.positive_share_flag
    if limit is not None and positive_share is not None and positive_share < limit - _EPSILON:
        flags.append(f"positive share {_pct(positive_share)} is below {_pct(limit)}")
    if coded_ms <= 0 or n == 0 or rate_per_min is None or on_target_share is None:
        why = "no coded time" if coded_ms <= 0 else "no comments in the coded time"
        return Verdict(VerdictStatus.INSUFFICIENT, (why,), tuple(info), tuple(flags))
    reasons: list[str] = []
    rate_ok = rate_per_min >= thresholds.min_rate_per_min - _EPSILON
    sign = "≥" if rate_ok else "<"
    reasons.append(f"rate {rate_per_min:.2f}/min {sign} {thresholds.min_rate_per_min:.2f}/min")
    target_ok = on_target_share >= thresholds.min_on_target - _EPSILON
    sign = "≥" if target_ok else "<"
    reasons.append(f"on-target {_pct(on_target_share)} {sign} {_pct(thresholds.min_on_target)}")
    status = VerdictStatus.MEETS if rate_ok and target_ok else VerdictStatus.DOES_NOT_MEET
    return Verdict(status, tuple(reasons), tuple(info), tuple(flags))
