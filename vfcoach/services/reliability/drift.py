"""Drift: each coder's event-based κ against the master coder, recording by recording, over time.

A coder's agreement tends to slide after certification (domain.md §6), so a supervisor
watches κ against the master coder (the reference, coder A) on every recording both coded,
dated by when the coder submitted (the visit date when the pass is still a draft), with the
organisation's warning line. Recordings whose passes the viewer may not read yet (blind
coding still running) are left out: they are not finished, so they are not drift.
"""

from __future__ import annotations

from collections.abc import Sequence

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.ids import CoderId, RecordingId
from vfcoach.coding.reliability import kappa_stats
from vfcoach.coding.reliability.drift_point import DriftPoint
from vfcoach.coding.reliability.result import IrrResult
from vfcoach.services.access import Actor, BlindCodingRefused, BlindGuard, PassNotChosen
from vfcoach.services.reliability.events import compare_events
from vfcoach.services.reliability.read import read_pass, recording_info
from vfcoach.services.reliability.settings import IrrSettings
from vfcoach.storage.database import Database

__all__ = ["DriftOperation", "DriftPoint"]


Drift = dict[str, list[DriftPoint]]


class DriftOperation:
    """κ of each coder (or the named ones) against the master coder(s) over time."""

    def __init__(
        self,
        db: Database,
        coders: Sequence[str] | None,
        settings: IrrSettings,
        actor: Actor | None,
    ) -> None:
        self.db = db
        self.coders = None if coders is None else [c.strip() for c in coders if c.strip()]
        self.settings = settings.with_changes(method="event")
        self.actor = actor  # who reads: passes hidden from them by blind coding are left out

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> dict[str, list[DriftPoint]]:
        out: dict[str, list[DriftPoint]] = {}
        with self.db.uow() as uow:
            guard = BlindGuard(uow, self.actor)
            coders = uow.coders.list()
            masters = sorted((c for c in coders if c.is_master), key=lambda c: c.name)
            if not masters:
                raise PassNotChosen("no coder is the master coder yet (vfcoach double role)")
            names = {c.id: c.name for c in coders}
            wanted = self.coders or sorted(c.name for c in coders if not c.is_master)
            unknown = [n for n in wanted if n not in names.values()]
            if unknown:
                raise PassNotChosen(f"no coder called {', '.join(unknown)}")
            recordings = uow.recordings.list()
            for i, recording in enumerate(recordings):
                if token is not None:
                    token.check()
                coded_by = {p.coder_id for p in uow.passes.for_recording(recording.id)}
                master = next((m for m in masters if m.id in coded_by), None)
                if master is not None:
                    for name in wanted:
                        point = self._point(guard, recording.id, name, master.name, coded_by, names)
                        if point is not None:
                            out.setdefault(name, []).append(point)
                progress((i + 1) / len(recordings), f"Checked {i + 1} recording(s)")
            uow.commit()  # a supervisor's reads under blind coding were audited
        for points in out.values():
            points.sort(key=lambda p: (p.when, p.recording_id))
        return out

    def _point(
        self,
        guard: BlindGuard,
        rec: RecordingId,
        coder: str,
        master: str,
        coded_by: set[CoderId],
        names: dict[CoderId, str],
    ) -> DriftPoint | None:
        if coder == master or coder not in {names[c] for c in coded_by}:
            return None
        try:
            ref = read_pass(guard, rec, master)
            other = read_pass(guard, rec, coder)
        except BlindCodingRefused:
            return None
        s = self.settings
        ea, _ = compare_events(ref, other, s)
        stats = kappa_stats(ea.table, min_n=s.min_events, pabak_share=s.pabak_share)
        info = recording_info(guard, rec)
        submitted = other.coding_pass.submitted_at
        when = submitted.date() if submitted is not None else info.visit_date
        if when is None:
            return None  # neither submitted nor dated: it has no place on a time axis
        return DriftPoint(when, rec, info.label, stats.kappa, stats.n, stats.label, master)


def drift_for_report(db: Database, result: IrrResult, actor: Actor | None) -> tuple[Drift, str]:
    """Drift of the two coders against the master coder, or why there is none."""
    try:
        drift = DriftOperation(db, [result.coder_a, result.coder_b], result.settings, actor).run()
    except PassNotChosen as exc:
        return {}, str(exc)
    if not drift:
        return {}, "neither coder has coded a recording the master coder also coded"
    return drift, ""
