"""Random fidelity clips: N non-overlapping L-minute clips from eligible time (domain.md §4).

Published ABC practice codes randomly chosen 5-minute clips, and coaches do not choose their
own: the app draws the starts at random from eligible time (not `UNCODABLE`, not `REVIEW`,
not already a fidelity clip) and the seed and chooser go to the audit log. The draw must be
reproducible from that seed years later, on another machine and Python: so it uses only
`random.Random(seed).random()`, the one stream the standard library promises never to
change (`randrange`, `sample` and numpy's generators carry no such promise).

How a draw goes: every eligible stretch holds floor(length / L) clip "slots"; N slots are
picked at random without replacement (so a draw never fails by fragmenting time it could
have packed, and any feasible N succeeds); inside a stretch given k clips, the k clips are
placed uniformly at random among all non-overlapping placements (k sorted offsets into the
stretch's slack). Times are integer ms; the caller snaps them to frames.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.tally.coded_time import state_span
from vfcoach.coding.tally.roles import EXCLUDED_PURPOSES, FIDELITY_CLIP, roles_of
from vfcoach.coding.tally.spans import Span, subtract

DEFAULT_LENGTH_MIN = 5.0  # convention (domain.md §4, §9)
MIN_LENGTH_MS = 1_000


class NotEnoughEligibleTime(VfcoachError):
    """The recording's eligible time cannot hold the clips asked for."""


def new_seed() -> int:
    """A fresh seed for a draw nobody seeded; recorded so the draw can be repeated."""
    return secrets.randbits(31)


def eligible_time(
    annotations: Sequence[Annotation],
    scheme: Scheme,
    duration_ms: int,
    bystanders: Sequence[Span] = (),
) -> tuple[Span, ...]:
    """[0, duration) minus UNCODABLE/REVIEW, existing fidelity clips (open ones to the end)
    and flagged bystander spans (§7.4: a fidelity clip is shown to a supervisor)."""
    roles = roles_of(scheme)
    avoid = frozenset().union(*(roles.keys_for(p) for p in (*EXCLUDED_PURPOSES, FIDELITY_CLIP)))
    holes = [state_span(a, duration_ms) for a in annotations if a.code_key in avoid]
    return subtract([Span(0, max(duration_ms, 0))], [*holes, *bystanders])


def _uniform_int(rng: random.Random, upper: int) -> int:
    """An integer in [0, upper], from `random()` alone (see the module docstring)."""
    return min(int(rng.random() * (upper + 1)), upper)


def _minutes(ms: int) -> str:
    return f"{ms / 60_000:.1f}".rstrip("0").rstrip(".")


def draw_fidelity_clips(
    eligible: Sequence[Span], n: int, length_ms: int, seed: int
) -> tuple[Span, ...]:
    """`n` clips of exactly `length_ms`, inside `eligible`, never overlapping, by start."""
    if n < 1:
        raise NotEnoughEligibleTime(f"ask for at least one clip, not {n}")
    if length_ms < MIN_LENGTH_MS:
        raise NotEnoughEligibleTime(f"a fidelity clip must last at least 1 s, not {length_ms} ms")
    stretches = [s for s in sorted(eligible) if s.length_ms >= length_ms]
    capacity = [s.length_ms // length_ms for s in stretches]
    if sum(capacity) < n:
        total = sum(s.length_ms for s in eligible)
        raise NotEnoughEligibleTime(
            f"{n} clip(s) of {_minutes(length_ms)} min do not fit: the recording has "
            f"{_minutes(total)} min of eligible time (not uncodable, not video review, not "
            f"already a fidelity clip), room for {sum(capacity)} such clip(s)"
        )
    rng = random.Random(seed)
    slots = [i for i, c in enumerate(capacity) for _ in range(c)]
    for j in range(n):  # partial Fisher-Yates: slots[:n] become a uniform sample
        k = j + _uniform_int(rng, len(slots) - 1 - j)
        slots[j], slots[k] = slots[k], slots[j]
    per_stretch = [0] * len(stretches)
    for i in slots[:n]:
        per_stretch[i] += 1
    clips: list[Span] = []
    for stretch, k in zip(stretches, per_stretch, strict=True):
        if k == 0:
            continue
        slack = stretch.length_ms - k * length_ms
        offsets = sorted(_uniform_int(rng, slack) for _ in range(k))
        for j, offset in enumerate(offsets):
            start = stretch.start_ms + offset + j * length_ms
            clips.append(Span(start, start + length_ms))
    return tuple(clips)
