"""Reliability settings as a value: what a result was computed and judged with (§6, §9).

Pure, so the report's tables and plots (`vfcoach.reports`) can read a result's settings and
verdicts without reaching into storage; loading and saving the organisation's settings stays
in `services.reliability.settings`. Every result carries the settings it used, because a κ
without its tolerance cannot be compared with anything.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

from vfcoach.coding.errors import VfcoachError

Method = Literal["event", "time"]
METHODS: tuple[Method, ...] = ("event", "time")


class InvalidIrrSettings(VfcoachError):
    """A reliability setting that cannot be used (negative tolerance, criterion above 1...)."""


@dataclass(frozen=True)
class IrrSettings:
    """How agreement is computed (method, windows, codes) and judged (minimums, criteria)."""

    method: Method = "event"
    tolerance_ms: int = 2000  # event matching window, ± (convention: 2 s)
    slice_ms: int = 1000  # time-unit slice width (convention: 1 s)
    tolerance_slices: int = 0  # time-unit tolerance, ± slices
    by_overlap: bool = False  # state events may also pair when their spans overlap
    # event method: align each scheme category (child cues, caregiver, coach...) on its own,
    # so codes of independent streams coded at the same moment never pair with each other
    within_category: bool = False
    codes: tuple[str, ...] = ()  # empty = every non-segment code (event) / state code (time)
    min_events: int = 20  # fewer events or units: "too few to judge", no band
    min_clips: int = 10  # fewer recordings: no Koo & Li band for the ICC
    pabak_share: float = 0.75  # PABAK shown when one category's share exceeds this
    kappa_criterion: float = 0.70
    icc_criterion: float = 0.75
    drift_warning: float = 0.60  # κ against the master coder below this: retrain

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise InvalidIrrSettings("; ".join(problems))

    def problems(self) -> list[str]:
        out: list[str] = []
        if self.method not in METHODS:
            out.append(f"the method must be 'event' or 'time', not {self.method!r}")
        if self.tolerance_ms < 0:
            out.append(f"the tolerance must be 0 s or more, not {self.tolerance_ms / 1000:g} s")
        if self.slice_ms <= 0:
            out.append(f"the slice must be longer than 0 s, not {self.slice_ms / 1000:g} s")
        if self.tolerance_slices < 0:
            out.append(f"the slice tolerance must be 0 or more, not {self.tolerance_slices}")
        if self.min_events < 1 or self.min_clips < 2:
            out.append("at least 1 event and 2 recordings are needed before a band is shown")
        for name in ("pabak_share", "kappa_criterion", "icc_criterion", "drift_warning"):
            value = getattr(self, name)
            low = 0.0 if name == "pabak_share" else -1.0
            if not low <= value <= 1.0:
                out.append(f"{name.replace('_', ' ')} must be between {low:g} and 1, not {value}")
        for name in ("by_overlap", "within_category"):
            if not isinstance(getattr(self, name), bool):
                out.append(f"{name.replace('_', ' ')} must be true or false")
        if any(not c.strip() for c in self.codes):
            out.append("a code key cannot be empty")
        return out

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        out["codes"] = list(self.codes)
        return out

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> IrrSettings:
        """Settings from stored JSON; unknown keys are refused, missing ones get defaults."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise InvalidIrrSettings(f"unknown reliability setting(s): {', '.join(unknown)}")
        values = dict(raw)
        if "codes" in values:
            values["codes"] = tuple(values["codes"])
        try:
            return cls(**values)
        except TypeError as exc:
            raise InvalidIrrSettings(f"reliability settings: {exc}") from None

    def with_changes(self, **changes: Any) -> IrrSettings:
        """A copy with some fields changed (validated like any other)."""
        return dataclasses.replace(self, **changes)


def meets(value: float, judged: bool, criterion: float) -> bool | None:
    """Pass/fail against a criterion, on the two decimals a reader sees; None when the
    value is too few to judge or undefined (no verdict rather than a false "fail")."""
    if not judged or math.isnan(value):
        return None
    return round(value, 2) >= criterion
