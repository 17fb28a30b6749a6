"""The sampling plan for double coding: which recordings a second coder codes (domain.md §6).

"About 15-20 % of visits, drawn at random across coaches and over time so that no coach or
month is missed." So the draw is stratified, not one lottery over everything:

1. every coach gets ceil(share x their recordings): at least the share, and at least one
   recording for a coach who has any (a plain 20 % lottery misses a coach with three
   visits about half the time);
2. a coach's picks go round their months, each time to the month with the fewest picks so
   far (theirs, then everyone's), ties broken by the seeded generator;
3. a month that still has no pick at all gets one recording of it.

Recordings already chosen earlier count towards both, so running the plan again each month
tops the sample up instead of drawing a second 20 %. The draw depends only on the seed and
the set of candidates (they are sorted first), never on the order a query returned them,
so the same seed and the same recordings give the same sample on every machine.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId

DEFAULT_SHARE = 0.2  # domain.md §9 "Share of visits double-coded" [convention]
SHARE_SETTING = "reliability.double_coded_share"
MAX_SEED = 2**31 - 1  # stored in a 32-bit column on every backend


class InvalidSamplingPlan(VfcoachError):
    """A share outside (0, 1] or a seed that cannot be stored."""


@dataclass(frozen=True, slots=True)
class SamplingCandidate:
    recording_id: RecordingId
    coach: str  # who coded the recording's primary pass
    month: str | None  # "YYYY-MM" of the visit; None when the visit has no date


@dataclass(frozen=True, slots=True)
class SampledRecording:
    candidate: SamplingCandidate
    reason: Literal["share", "month"]  # the coach's share, or a month nobody covered


@dataclass(frozen=True, slots=True)
class CoachQuota:
    coach: str
    recordings: int
    wanted: int  # ceil(share x recordings)
    already: int  # chosen before this draw
    drawn: int  # chosen by this draw for the share


@dataclass(frozen=True, slots=True)
class SampleDraw:
    seed: int
    share: float
    drawn: tuple[SampledRecording, ...]  # in recording order
    quotas: tuple[CoachQuota, ...]  # by coach name
    uncovered_months: tuple[str, ...]  # months with recordings but no pick (always empty)

    @property
    def recording_ids(self) -> tuple[RecordingId, ...]:
        return tuple(s.candidate.recording_id for s in self.drawn)


def check_plan(share: float, seed: int) -> None:
    if not (0 < share <= 1) or math.isnan(share):
        raise InvalidSamplingPlan(f"the share must be above 0 and at most 1 (got {share})")
    if not 0 <= seed <= MAX_SEED:
        raise InvalidSamplingPlan(f"the seed must be a whole number from 0 to {MAX_SEED}")


def wanted_for(share: float, recordings: int) -> int:
    """ceil(share x n), tolerant of float noise: 20 % of 10 is 2, not 3."""
    return min(recordings, math.ceil(share * recordings - 1e-9))


def draw_sample(
    candidates: Iterable[SamplingCandidate],
    share: float,
    seed: int,
    already: Collection[RecordingId] = (),
) -> SampleDraw:
    """Choose recordings for double coding; see the module docstring for the rule."""
    check_plan(share, seed)
    pool = sorted({c.recording_id: c for c in candidates}.values(), key=lambda c: c.recording_id)
    rng = random.Random(seed)
    picked = {c.recording_id for c in pool if c.recording_id in set(already)}
    month_picks = Counter(c.month for c in pool if c.recording_id in picked)
    drawn: list[SampledRecording] = []
    quotas: list[CoachQuota] = []
    for coach in sorted({c.coach for c in pool}):
        mine = [c for c in pool if c.coach == coach]
        have = sum(c.recording_id in picked for c in mine)
        wanted = wanted_for(share, len(mine))
        months = sorted({c.month for c in mine}, key=lambda m: (m is None, m or ""))
        tie = {m: rng.random() for m in months}  # drawn in month order: reproducible
        own = Counter(c.month for c in mine if c.recording_id in picked)
        added = 0
        while have + added < wanted:
            open_months = [m for m in months if _free(mine, picked, m)]
            month = min(open_months, key=lambda m: (own[m], month_picks[m], tie[m]))
            choice = rng.choice(_free(mine, picked, month))
            picked.add(choice.recording_id)
            own[month] += 1
            month_picks[month] += 1
            drawn.append(SampledRecording(choice, "share"))
            added += 1
        quotas.append(CoachQuota(coach, len(mine), wanted, have, added))
    for month in sorted({c.month for c in pool if c.month is not None}):
        if month_picks[month] == 0:
            choice = rng.choice([c for c in pool if c.month == month])
            picked.add(choice.recording_id)
            month_picks[month] += 1
            drawn.append(SampledRecording(choice, "month"))
    uncovered = tuple(m for m in sorted({c.month or "" for c in pool}) if m and not month_picks[m])
    drawn.sort(key=lambda s: s.candidate.recording_id)
    return SampleDraw(seed, share, tuple(drawn), tuple(quotas), uncovered)


def _free(
    mine: list[SamplingCandidate], picked: set[RecordingId], month: str | None
) -> list[SamplingCandidate]:
    return [c for c in mine if c.month == month and c.recording_id not in picked]
