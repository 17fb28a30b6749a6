"""Figures that need an ITM's `trigger` link: latency and opportunity coverage (domain.md §4).

Latency = ITM onset − trigger onset, for ITMs with a trigger. A comment cannot precede what
it comments on, so a negative latency is a coding error: it is listed (by ITM id, so the
panel can jump to it) and left out of the median rather than pulling it down. A link to a
behaviour that is no longer in the pass is reported too and also left out. The share of
timely comments uses the "≤ 5 s" setting (a vfcoach default, §9).

Opportunity coverage (linked target-relevant behaviours / all target-relevant behaviours in
T) is a **vfcoach default** whose official form is **unconfirmed** (§4). A behaviour is
target-relevant when its key is an ITM target value (`NUR`, `FTL`, `DEL`, `CALM`), or `FR`
/ `OVW` for `AVOID_FR`; it is "linked" when some counted ITM names it as its trigger.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.tally.breakdown import share

# Which behaviour codes a target's comments are about, where the key is not the target itself.
TARGET_BEHAVIOURS: Mapping[str, tuple[str, ...]] = {"AVOID_FR": ("FR", "OVW"), "NONE": ()}


@dataclass(frozen=True, slots=True)
class CodingError:
    """Something a coder must fix; shown as an error, not folded into a figure."""

    annotation_id: AnnotationId
    at_ms: int
    message: str


@dataclass(frozen=True, slots=True)
class Latency:
    linked: int  # counted ITMs whose trigger was found (negative ones included)
    valid: int  # of those, with latency >= 0: the basis of the median and the share
    median_s: float | None
    timely_n: int
    timely_share: float | None  # of `valid`
    timely_limit_s: float
    negative: tuple[AnnotationId, ...]  # coding errors, excluded from the figures
    dangling: tuple[AnnotationId, ...]  # trigger not in this pass, excluded


@dataclass(frozen=True, slots=True)
class OpportunityCoverage:
    opportunities: int
    linked: int
    share: float | None


def latency(
    itms: Sequence[Annotation],
    by_id: Mapping[int, Annotation],
    timely_limit_s: float,
    labels: Mapping[str, str] | None = None,
) -> tuple[Latency, tuple[CodingError, ...]]:
    """`by_id`: the pass's annotations keyed by `id.int` (hashing a UUID object costs a
    Python call; its int is hashed in C, and thousands of lookups run per keypress)."""
    values: list[int] = []
    negative: list[AnnotationId] = []
    dangling: list[AnnotationId] = []
    errors: list[CodingError] = []
    for a in itms:
        if a.trigger is None:
            continue
        trigger = by_id.get(a.trigger.int)
        if trigger is None:
            dangling.append(a.id)
            continue
        lat = a.onset.pts_ms - trigger.onset.pts_ms
        if lat < 0:
            negative.append(a.id)
            errors.append(
                CodingError(
                    a.id,
                    a.onset.pts_ms,
                    f"The comment at {format_ms(a.onset.pts_ms)} comes {-lat / 1000:.1f} s "
                    f"before the {(labels or {}).get(trigger.code_key, trigger.code_key)} "
                    "it is linked to "
                    f"({format_ms(trigger.onset.pts_ms)})",
                )
            )
            continue
        values.append(lat)
    arr = np.asarray(values, dtype=np.int64)
    limit_ms = timely_limit_s * 1000
    timely = int(np.count_nonzero(arr <= limit_ms))
    return (
        Latency(
            linked=len(values) + len(negative),
            valid=len(values),
            median_s=None if arr.size == 0 else float(np.median(arr)) / 1000,
            timely_n=timely,
            timely_share=share(timely, int(arr.size)),
            timely_limit_s=timely_limit_s,
            negative=tuple(negative),
            dangling=tuple(dangling),
        ),
        tuple(errors),
    )


def relevant_keys(targets: Iterable[str]) -> frozenset[str]:
    keys: set[str] = set()
    for t in targets:
        keys.update(TARGET_BEHAVIOURS.get(t, (t,)))
    return frozenset(keys)


def opportunity_coverage(
    behaviours: Sequence[Annotation], itms: Sequence[Annotation], targets: Iterable[str]
) -> OpportunityCoverage:
    """`behaviours` are the pass's non-ITM annotations already known to lie in T."""
    keys = relevant_keys(targets)
    relevant = [b for b in behaviours if b.code_key in keys]
    triggers = {a.trigger.int for a in itms if a.trigger is not None}
    linked = sum(b.id.int in triggers for b in relevant)
    return OpportunityCoverage(len(relevant), linked, share(linked, len(relevant)))
