"""Length caps of a reel (domain.md §5, §9): short clips, few of them.

Only the hard maximum per clip (30 s) refuses; the typical clip length (5–20 s), the clip
count (3–6) and the total (≤ 3 min) are guidance, so going past them warns. All are settings.
Lengths are measured on the source, padding included, because that is what the caregiver
sits through (slow motion and a final freeze only add to it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from vfcoach.coding.reels.model import Reel
from vfcoach.coding.reels.problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class ReelLimits:
    clip_min_ms: int = 5_000
    clip_typical_max_ms: int = 20_000
    clip_max_ms: int = 30_000  # hard
    clips_min: int = 3
    clips_max: int = 6
    total_max_ms: int = 180_000

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> ReelLimits:
        """From `reels.limits.<field>` settings (prefix stripped by the caller); ints only."""
        known = {f.name for f in fields(cls)}
        chosen = {k: int(v) for k, v in values.items() if k in known}
        return cls(**chosen)


def _s(ms: int) -> str:
    return f"{ms / 1000:g} s"


def length_problems(reel: Reel, limits: ReelLimits) -> list[Problem]:
    problems: list[Problem] = []
    for n, clip in enumerate(reel.clips, start=1):
        length = clip.source_ms
        if length > limits.clip_max_ms:
            msg = f"clip {n} is {_s(length)} long; a clip may be at most {_s(limits.clip_max_ms)}"
            problems.append(Problem(Severity.ERROR, msg, clip.id))
        elif length > limits.clip_typical_max_ms or length < limits.clip_min_ms:
            msg = (
                f"clip {n} is {_s(length)} long; clips of {_s(limits.clip_min_ms)} to "
                f"{_s(limits.clip_typical_max_ms)} work best"
            )
            problems.append(Problem(Severity.WARNING, msg, clip.id))
    count = len(reel.clips)
    if count and not limits.clips_min <= count <= limits.clips_max:
        clips = "1 clip" if count == 1 else f"{count} clips"
        msg = f"the reel has {clips}; {limits.clips_min} to {limits.clips_max} work best"
        problems.append(Problem(Severity.WARNING, msg))
    if reel.total_ms > limits.total_max_ms:
        msg = f"the reel runs {_s(reel.total_ms)}; keep it to {_s(limits.total_max_ms)} or less"
        problems.append(Problem(Severity.WARNING, msg))
    return problems
