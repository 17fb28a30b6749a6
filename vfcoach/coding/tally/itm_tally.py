"""The ITM tally of one coding pass: every figure of domain.md §4, and the fidelity verdict.

A pure function of the pass's annotations, its scheme and the recording's length, so the
Tallies panel can recompute it live after every keypress, the CLI prints the very same
numbers (`tally_json.to_json_dict`), and a unit test can check the worked example of §4 by
hand. N counts ITMs whose onset lies in coded time T; rate = N / T in comments per minute,
never over the full video length; on-target % = count(on_target=yes) / N. Undefined figures
are None (no coded time, no comments), never 0, so nobody reads "0 % on target" off an
empty clip. Budget: 5,000 events well under 50 ms (about 15 ms, bench/bench_tally.py):
membership and measures run on sorted numpy arrays (`spans.SpanSet`), and each comment's
modifiers are read once (`breakdown.facts_of`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.tally.breakdown import (
    AddresseeCount,
    ComponentShares,
    TargetCount,
    ValenceSplit,
    by_addressee,
    by_target,
    component_shares,
    facts_of,
    missing_notes,
    share,
    valence_split,
)
from vfcoach.coding.tally.code_counts import CodeSummary, code_counts
from vfcoach.coding.tally.coded_time import ClipChoice, CodedTime, coded_time
from vfcoach.coding.tally.links import (
    CodingError,
    Latency,
    OpportunityCoverage,
    latency,
    opportunity_coverage,
)
from vfcoach.coding.tally.roles import roles_of
from vfcoach.coding.tally.spans import Span, SpanSet
from vfcoach.coding.tally.thresholds import FidelityThresholds, Verdict, VerdictStatus, judge
from vfcoach.coding.tally.windows import WindowRate, window_rates


@dataclass(frozen=True, slots=True)
class SegmentFigures:
    """The headline figures of one chosen segment: §4 reports them per fidelity clip too."""

    span: Span
    coded_ms: int
    n: int
    rate_per_min: float | None
    on_target_share: float | None
    verdict: VerdictStatus


@dataclass(frozen=True, slots=True)
class ItmTally:
    scheme: str  # "name vN": the version whose codes were counted
    coded: CodedTime  # T, its segments and exclusions
    n: int
    rate_per_min: float | None  # None when T = 0
    on_target_n: int
    on_target_share: float | None  # None when N = 0 ("—", never 0 % or 100 %)
    valence: ValenceSplit
    by_target: tuple[TargetCount, ...]
    components: ComponentShares
    windows: tuple[WindowRate, ...]
    latency: Latency
    opportunity: OpportunityCoverage  # vfcoach default, unconfirmed (§4)
    by_addressee: tuple[AddresseeCount, ...]  # empty unless some ITM names an addressee
    codes: tuple[CodeSummary, ...]  # every non-ITM, non-segment code within T
    segments: tuple[SegmentFigures, ...]  # one per chosen segment (e.g. per fidelity clip)
    thresholds: FidelityThresholds  # the rule the verdict was judged by
    verdict: Verdict
    errors: tuple[CodingError, ...]  # coding errors found (negative latency)
    notes: tuple[str, ...]  # where a figure rests on a repair (open states, clipped clips)
    itm_ids: tuple[AnnotationId, ...]  # the ITMs counted in N, in time order

    @property
    def coded_ms(self) -> int:
        return self.coded.total_ms

    @property
    def coded_min(self) -> float:
        return self.coded.minutes

    @property
    def positive_share(self) -> float | None:
        return self.valence.positive_share


def _rate(n: int, coded_ms: int) -> float | None:
    return None if coded_ms <= 0 else n / (coded_ms / 60_000)


def _segment_figures(
    coded: CodedTime,
    span_set: SpanSet,
    onsets: npt.NDArray[np.int64],
    on_target: npt.NDArray[np.bool_],
    thresholds: FidelityThresholds,
) -> tuple[SegmentFigures, ...]:
    out: list[SegmentFigures] = []
    for seg in coded.segments:
        inside = (onsets >= seg.start_ms) & (onsets < seg.end_ms)
        n = int(np.count_nonzero(inside))
        seg_coded = int(span_set.overlap_ms(np.array([seg.start_ms]), np.array([seg.end_ms]))[0])
        rate = _rate(n, seg_coded)
        on_share = share(int(np.count_nonzero(on_target[inside])), n)
        verdict = judge(n, seg_coded, rate, on_share, None, thresholds).status
        out.append(SegmentFigures(seg, seg_coded, n, rate, on_share, verdict))
    return tuple(out)


def _dangling_notes(lat: Latency) -> list[str]:
    if not lat.dangling:
        return []
    return [
        f"{len(lat.dangling)} comment(s) link to a behaviour that is no longer in this "
        "pass; left out of the latency"
    ]


def itm_tally(
    annotations: Sequence[Annotation],
    scheme: Scheme,
    duration_ms: int,
    clip: ClipChoice = "all",
    thresholds: FidelityThresholds | None = None,
) -> ItmTally:
    """Tally ONE pass (one coder): mixing two coders' passes would count comments twice."""
    thresholds = thresholds or FidelityThresholds()
    roles = roles_of(scheme)
    coded = coded_time(annotations, roles, duration_ms, clip)
    span_set = coded.span_set()

    # stable sort: ties keep the caller's (storage's timeline) order
    all_itms = sorted(
        (a for a in annotations if roles.is_itm(a.code_key)), key=lambda a: a.onset.pts_ms
    )
    all_onsets = np.fromiter((a.onset.pts_ms for a in all_itms), np.int64, len(all_itms))
    counted_mask = span_set.contains(all_onsets)
    itms = [a for a, keep in zip(all_itms, counted_mask.tolist(), strict=True) if keep]
    onsets = all_onsets[counted_mask]
    facts = [facts_of(a) for a in itms]
    on_target = np.fromiter((f.is_on_target for f in facts), bool, len(facts))

    n = len(itms)
    coded_ms = coded.total_ms
    rate = _rate(n, coded_ms)
    on_target_n = int(np.count_nonzero(on_target))
    on_share = share(on_target_n, n)
    valence = valence_split(facts)
    behaviours = [
        a for a in annotations if not roles.is_itm(a.code_key) and roles.segment(a.code_key) is None
    ]
    counts = code_counts(behaviours, roles, span_set, coded.duration_ms)
    wanted = {a.trigger.int for a in itms if a.trigger is not None}
    triggers = {a.id.int: a for a in annotations if a.id.int in wanted}
    lat, errors = latency(itms, triggers, thresholds.timely_latency_s, roles.labels)
    window_ms = round(thresholds.window_min * 60_000)
    return ItmTally(
        scheme=f"{scheme.name} v{scheme.version}",
        coded=coded,
        n=n,
        rate_per_min=rate,
        on_target_n=on_target_n,
        on_target_share=on_share,
        valence=valence,
        by_target=by_target(facts, roles.targets, coded.minutes),
        components=component_shares(facts, roles.components),
        windows=window_rates(coded, span_set, onsets, window_ms),
        latency=lat,
        opportunity=opportunity_coverage(counts.in_coded_time, itms, roles.targets),
        by_addressee=by_addressee(facts),
        codes=counts.rows,
        segments=_segment_figures(coded, span_set, onsets, on_target, thresholds),
        thresholds=thresholds,
        verdict=judge(n, coded_ms, rate, on_share, valence.positive_share, thresholds),
        errors=errors,
        notes=(*coded.notes, *counts.notes, *_dangling_notes(lat), *missing_notes(facts)),
        itm_ids=tuple(a.id for a in itms),
    )
