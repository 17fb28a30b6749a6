"""Coder reliability of stored passes: the one operation the CLI, the view and the report share.

`IrrOperation` reads both coders' passes of each recording through the blind guard, computes
event-based or time-unit agreement per recording and pooled over them, the ICC of the two
coders' ITM tallies across recordings, and a flat list of disagreements for the navigator.
Every number comes from `vfcoach.coding.reliability`; this layer only chooses the inputs and
the settings, so `vfcoach irr`, the Reliability view and the HTML report cannot disagree.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reliability import (
    EventAgreement,
    IccResult,
    KappaStats,
    TimeUnitAgreement,
    icc,
    kappa_stats,
    pool_event_agreements,
    pool_time_unit,
    time_unit_agreement,
)
from vfcoach.coding.reliability.disagreements import Disagreement, disagreements_of
from vfcoach.coding.reliability.result import IrrResult, RecordingAgreement, time_rule
from vfcoach.coding.tally import ItmTally, itm_tally
from vfcoach.services.access import Actor, BlindGuard
from vfcoach.services.reliability.drift import DriftOperation, DriftPoint
from vfcoach.services.reliability.events import compare_events, rule_of_categories
from vfcoach.services.reliability.read import (
    code_groups,
    coded_events,
    double_coded_recordings,
    read_pass,
    recording_info,
)
from vfcoach.services.reliability.settings import (
    InvalidIrrSettings,
    IrrSettings,
    load_irr_settings,
    meets,
    save_irr_settings,
)
from vfcoach.services.tally.tally import TallyReader
from vfcoach.storage.database import Database

__all__ = [
    "ICC_MEASURES",
    "Disagreement",
    "DriftOperation",
    "DriftPoint",
    "InvalidIrrSettings",
    "IrrOperation",
    "IrrResult",
    "IrrSettings",
    "RecordingAgreement",
    "double_coded_recordings",
    "load_irr_settings",
    "meets",
    "save_irr_settings",
]

ICC_MEASURES = ("ITM count", "ITM rate per minute", "On-target %")


class IrrRefused(VfcoachError):
    """A reliability request that cannot be computed (same coder twice, no recordings...)."""


def _restat(stats_table: Any, settings: IrrSettings) -> KappaStats:
    return kappa_stats(stats_table, min_n=settings.min_events, pabak_share=settings.pabak_share)


def _event(ea: EventAgreement, settings: IrrSettings) -> EventAgreement:
    return dataclasses.replace(ea, stats=_restat(ea.table, settings))


def _time(tu: TimeUnitAgreement, settings: IrrSettings) -> TimeUnitAgreement:
    return dataclasses.replace(tu, stats=_restat(tu.table, settings))


def _tally_value(tally: ItmTally, measure: str) -> float:
    if measure == "ITM count":
        return float(tally.n)
    if measure == "ITM rate per minute":
        return math.nan if tally.rate_per_min is None else tally.rate_per_min
    return math.nan if tally.on_target_share is None else 100.0 * tally.on_target_share


def _icc(rows: list[list[float]], min_n: int) -> tuple[IccResult, IccResult]:
    """`icc` of the rows; with no recording both coders tallied (e.g. no ITM, so no
    on-target share) both forms are undefined, which `icc` cannot be asked for directly
    (it divides by the number of complete rows)."""
    if any(not any(math.isnan(v) for v in row) for row in rows):
        return icc(rows, min_n=min_n)
    nan = math.nan
    return (
        IccResult("ICC(2,1) absolute agreement", nan, nan, nan, 0, 2, nan, nan, nan, None),
        IccResult("ICC(3,1) consistency", nan, nan, nan, 0, 2, nan, nan, nan, None),
    )


class IrrOperation:
    """Agreement of two coders over recordings; reads as `actor` through the blind guard."""

    def __init__(
        self,
        db: Database,
        recording_ids: Sequence[RecordingId],
        coder_a: str,
        coder_b: str,
        settings: IrrSettings,
        actor: Actor | None,
    ) -> None:
        if not recording_ids:
            raise IrrRefused("name at least one recording both coders coded")
        if not coder_a.strip() or not coder_b.strip():
            raise IrrRefused("name both coders")
        if coder_a.strip() == coder_b.strip():
            raise IrrRefused(f"agreement needs two different coders, not {coder_a} twice")
        self.db = db
        self.recording_ids = list(dict.fromkeys(recording_ids))
        self.coder_a, self.coder_b = coder_a.strip(), coder_b.strip()
        self.settings = settings
        self.actor = actor

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> IrrResult:
        s = self.settings
        parts: list[RecordingAgreement] = []
        with self.db.uow() as uow:
            guard = BlindGuard(uow, self.actor)
            tallies = TallyReader(uow, self.actor)
            for i, rec_id in enumerate(self.recording_ids):
                if token is not None:
                    token.check()
                parts.append(self._one(guard, tallies, rec_id))
                progress((i + 1) / len(self.recording_ids), f"Compared {i + 1} recording(s)")
            uow.commit()  # a supervisor's reads under blind coding were audited
        event = time = None
        if s.method == "event":
            rule = self._event_rule(parts)
            # recordings with different schemes name different categories: one rule for all
            pooled = pool_event_agreements(
                [dataclasses.replace(p.event, rule=rule) for p in parts if p.event is not None]
            )
            event = _event(pooled, s)
        else:
            groups = sorted({g for p in parts for g in p.time or {}})
            time = {
                g: _time(pool_time_unit([p.time[g] for p in parts if p.time and g in p.time]), s)
                for g in groups
            }
            rule = time_rule(s)
        icc_out = {}
        for measure in ICC_MEASURES:
            rows = [
                [_tally_value(p.tally_a, measure), _tally_value(p.tally_b, measure)] for p in parts
            ]
            icc_out[measure] = _icc(rows, s.min_clips)
        return IrrResult(
            settings=s,
            coder_a=self.coder_a,
            coder_b=self.coder_b,
            recordings=tuple(parts),
            event=event,
            time=time,
            icc=icc_out,
            disagreements=tuple(
                d for p in parts for d in disagreements_of(p.recording_id, p.event, p.time)
            ),
            matching_rule=rule,
        )

    def _event_rule(self, parts: Sequence[RecordingAgreement]) -> str:
        if not self.settings.within_category:
            return next((p.event.rule for p in parts if p.event is not None), "")
        return rule_of_categories(self.settings, (p.categories for p in parts))

    def _one(
        self, guard: BlindGuard, tallies: TallyReader, rec_id: RecordingId
    ) -> RecordingAgreement:
        s = self.settings
        info = recording_info(guard, rec_id)
        a = read_pass(guard, rec_id, self.coder_a)
        b = read_pass(guard, rec_id, self.coder_b)
        duration = info.recording.facts.duration_ms
        event = time = None
        categories: tuple[str, ...] = ()
        if s.method == "event":
            raw, categories = compare_events(a, b, s)
            event = _event(raw, s)
        else:
            ea, eb = coded_events(a, b, s), coded_events(b, a, s)
            if duration <= 0:
                raise IrrRefused(f"recording {rec_id} has no known length to cut into slices")
            by_group = time_unit_agreement(
                ea,
                eb,
                start_ms=0,
                end_ms=duration,
                slice_ms=s.slice_ms,
                groups=code_groups(a, b),
                tolerance_slices=s.tolerance_slices,
                min_n=s.min_events,
            )
            time = {g: _time(t, s) for g, t in by_group.items()}
        thresholds = tallies.thresholds(info.programme)
        tally_a = itm_tally(a.annotations, a.scheme, duration, "all", thresholds)
        tally_b = itm_tally(b.annotations, b.scheme, duration, "all", thresholds)
        notes = tuple(n for n in (a.note, b.note) if n is not None)
        return RecordingAgreement(
            recording_id=rec_id,
            label=info.label,
            duration_ms=duration,
            media_path=info.recording.media_path,
            coder_a=a.coder,
            coder_b=b.coder,
            pass_a=a.coding_pass.id,
            pass_b=b.coding_pass.id,
            event=event,
            time=time,
            tally_a=tally_a,
            tally_b=tally_b,
            notes=notes,
            categories=categories,
            codes_a=len(a.annotations),
            codes_b=len(b.annotations),
        )
