"""ITM tallies of stored passes, trends over visits, and per-programme fidelity thresholds.

The Tallies panel and `vfcoach tally` run these same classes, so the figures a coach reads
and the figures a script prints come from one place (`coding.tally`), judged by one rule.
That rule is an organisation setting per programme (domain.md §4, §9; stored by
`fidelity.save_thresholds`, re-exported here); the family's programme decides which one
applies, and the result carries the thresholds it was judged by. One tally is one coder's
pass: a recording coded by two people for reliability is never tallied as a mix, so with
several coders the caller must name one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vfcoach.coding.annotation import CodingPass
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.csv_cells import cell_text
from vfcoach.coding.ids import FamilyId, RecordingId, SchemeId, VisitId
from vfcoach.coding.project import Family, Recording, Visit
from vfcoach.coding.pseudonym import safe_label
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import (
    ClipChoice,
    FidelityThresholds,
    ItmTally,
    TrendPoint,
    TrendSeries,
    itm_tally,
    to_csv_rows,
    to_json_dict,
    trend_series,
)
from vfcoach.services.access import Actor, BlindGuard, PassNotChosen
from vfcoach.services.recordings.import_recording import DEFAULT_SCHEME
from vfcoach.services.tally.fidelity import load_thresholds, save_thresholds, thresholds_in
from vfcoach.services.tally.tally_store import StoredTallies
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound
from vfcoach.storage.uow import UnitOfWork

__all__ = [
    "TallyOperation",
    "TallyReader",
    "TallyResult",
    "TrendOperation",
    "TrendResult",
    "load_thresholds",
    "save_thresholds",
]


@dataclass(frozen=True, slots=True)
class TallyResult:
    """A tally with the labels a panel or a report puts above it (ids only, no names)."""

    recording_id: RecordingId
    recording_label: str
    family_code: str
    visit_number: int
    visit_date: dt.date | None
    programme: str
    coder: str | None  # None when nobody has coded the recording yet
    tally: ItmTally

    def header(self) -> dict[str, Any]:
        return {
            "id": self.recording_id,
            "label": self.recording_label,
            "family": self.family_code,
            "visit": self.visit_number,
            "date": None if self.visit_date is None else self.visit_date.isoformat(),
            "programme": self.programme,
            "coder": self.coder,
        }

    def to_json(self) -> dict[str, Any]:
        """`{"recording": header, ...to_json_dict(tally)}`: the keys README.md documents."""
        return {"recording": self.header(), **to_json_dict(self.tally)}

    def csv_rows(self) -> list[tuple[str, str, str, str]]:
        header, *rows = to_csv_rows(self.tally)
        own = [("recording", "", k, cell_text(v)) for k, v in self.header().items()]
        return [header, *own, *rows]


class TallyReader:
    """Tallies inside one open unit of work, remembering schemes, thresholds and coders.

    A trend tallies hundreds of recordings that share a handful of scheme versions and
    programmes; looking each up once keeps a 200-visit trend well under a second.
    """

    def __init__(self, uow: UnitOfWork, viewer: Actor | None = None) -> None:
        self.uow = uow
        self.guard = BlindGuard(uow, viewer, read_only=True)  # hides other coders' blind passes
        self.coder_names = self.guard.names
        self._schemes: dict[SchemeId, Scheme] = {}
        self._thresholds: dict[str, FidelityThresholds] = {}
        self.stored = StoredTallies(uow)  # call `stored.save(db)` once this unit of work ends
        # Read once per unit of work: a trend asks for 200 recordings of one family.
        self._recordings: dict[RecordingId, Recording] = {}
        self._visits: dict[VisitId, Visit] = {}
        self._families: dict[FamilyId, Family] = {}

    def remember(self, recordings: Iterable[Recording], visits: Iterable[Visit] = ()) -> None:
        """Values the caller already read in this unit of work, so they are not read again."""
        self._recordings.update((r.id, r) for r in recordings)
        self._visits.update((v.id, v) for v in visits)

    def _recording(self, recording_id: RecordingId) -> Recording:
        if recording_id not in self._recordings:
            self._recordings[recording_id] = self.uow.recordings.get(recording_id)
        return self._recordings[recording_id]

    def _visit(self, visit_id: VisitId) -> Visit:
        if visit_id not in self._visits:
            self._visits[visit_id] = self.uow.visits.get(visit_id)
        return self._visits[visit_id]

    def _family(self, family_id: FamilyId) -> Family:
        if family_id not in self._families:
            self._families[family_id] = self.uow.families.get(family_id)
        return self._families[family_id]

    def choose_pass(
        self, recording_id: RecordingId, coder_name: str | None
    ) -> tuple[CodingPass | None, str | None]:
        """The named coder's pass, or the only coder's; (None, None) if nothing is coded."""
        chosen = self.guard.choose(recording_id, coder_name, latest=True)
        return (None, None) if chosen is None else chosen

    def scheme(self, scheme_id: SchemeId | None) -> Scheme:
        """A stored version; an uncoded recording without a scheme gets the default."""
        if scheme_id is None:
            return builtin_scheme(DEFAULT_SCHEME)
        if scheme_id not in self._schemes:
            self._schemes[scheme_id] = self.uow.schemes.get(scheme_id)
        return self._schemes[scheme_id]

    def thresholds(self, programme: str) -> FidelityThresholds:
        if programme not in self._thresholds:
            self._thresholds[programme] = thresholds_in(self.uow, programme)
        return self._thresholds[programme]

    def tally(
        self, recording_id: RecordingId, coder_name: str | None, clip: ClipChoice
    ) -> TallyResult:
        recording = self._recording(recording_id)
        visit = self._visit(recording.visit_id)
        family = self._family(visit.family_id)
        coding_pass, coder = self.choose_pass(recording.id, coder_name)
        scheme_id = recording.scheme_id if coding_pass is None else coding_pass.scheme_id
        scheme, thresholds = self.scheme(scheme_id), self.thresholds(family.programme)
        duration_ms = recording.facts.duration_ms
        if coding_pass is None:
            tally = itm_tally([], scheme, duration_ms, clip, thresholds)
        else:
            tally = self.stored.tally(coding_pass.id, scheme, duration_ms, clip, thresholds)
        return TallyResult(
            recording.id,
            safe_label(recording),  # never the file's name (§7.1)
            family.code,
            visit.number,
            visit.date,
            family.programme,
            coder,
            tally,
        )


class TallyOperation:
    """The tally of one recording (one coder's pass), whole or its fidelity clips only."""

    def __init__(
        self,
        db: Database,
        recording_id: RecordingId,
        coder_name: str | None = None,
        clip: ClipChoice = "all",
        actor: Actor | None = None,
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.coder_name = coder_name
        self.clip = clip
        self.actor = actor  # who reads (blind double coding)

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> TallyResult:
        with self.db.uow() as uow:
            reader = TallyReader(uow, self.actor)
            result = reader.tally(self.recording_id, self.coder_name, self.clip)
            uow.commit()  # a supervisor's read under blind coding was audited
        reader.stored.save(self.db)
        return result


@dataclass(frozen=True, slots=True)
class TrendResult:
    title: str  # "family F-0417" or "coder Ana": ids and coder names only
    points: tuple[TrendPoint, ...]  # in date order, with each recording's full tally
    results: tuple[TallyResult, ...]  # the same order, with recording labels
    series: TrendSeries

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "recordings": [r.header() for r in self.results],
            **self.series.to_json_dict(),
        }


class TrendOperation:
    """Tally figures over all visits of a family, or all recordings a coder coded.

    With a family and no coder, each recording is tallied from its first pass (the coach's
    own; reliability passes come later), so a double-coded visit still gives one point.
    """

    def __init__(
        self,
        db: Database,
        family_code: str | None = None,
        coder_name: str | None = None,
        clip: ClipChoice = "all",
        actor: Actor | None = None,
    ) -> None:
        if family_code is None and coder_name is None:
            raise PassNotChosen("a trend needs a family code or a coder name")
        self.db = db
        self.family_code = family_code
        self.coder_name = coder_name
        self.clip = clip
        self.actor = actor  # recordings whose pass is hidden from them are left out

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> TrendResult:
        with self.db.uow() as uow:
            reader = TallyReader(uow, self.actor)
            recordings = self._recordings(reader)
            results: list[TallyResult] = []
            for i, (recording_id, coder) in enumerate(recordings):
                if token is not None:
                    token.check()
                results.append(reader.tally(recording_id, coder, self.clip))
                progress((i + 1) / len(recordings), f"Tallied {i + 1} of {len(recordings)}")
            uow.commit()  # a supervisor's reads under blind coding were audited
        reader.stored.save(self.db)
        results.sort(
            key=lambda r: (
                r.visit_date is None,
                r.visit_date or dt.date.min,
                r.family_code,
                r.visit_number,
                r.recording_id,
            )
        )
        labels = _point_labels(results, with_family=self.family_code is None)
        points = tuple(
            TrendPoint(label, r.visit_date, r.tally)
            for label, r in zip(labels, results, strict=True)
        )
        parts = [f"family {self.family_code}"] if self.family_code else []
        parts += [f"coder {self.coder_name}"] if self.coder_name else []
        # already in date order, so the series keeps this order and lines up with `results`
        return TrendResult(", ".join(parts), points, tuple(results), trend_series(points))

    def _recordings(self, reader: TallyReader) -> list[tuple[RecordingId, str | None]]:
        uow, coders = reader.uow, reader.coder_names
        if self.family_code is not None:
            family = uow.families.by_code(self.family_code.strip())
            if family is None:
                raise NotFound(f"there is no family '{self.family_code}'")
            visits = uow.visits.for_family(family.id)
            recordings = [r for v in visits for r in uow.recordings.for_visit(v.id)]
            reader.remember(recordings, visits)
        else:
            recordings = uow.recordings.list()
            reader.remember(recordings)
        out: list[tuple[RecordingId, str | None]] = []
        for r in recordings:
            names = [coders.get(p.coder_id) for p in reader.guard.visible_passes(r.id)]
            if self.coder_name is not None:
                if self.coder_name.strip() in names:
                    out.append((r.id, self.coder_name.strip()))
            elif names:
                out.append((r.id, names[0]))
        if self.coder_name is not None and not out:
            raise PassNotChosen(f"coder '{self.coder_name}' has no coded recordings here")
        return out


def _point_labels(results: list[TallyResult], with_family: bool) -> list[str]:
    """ "visit 3" (with the family code across families); a second recording of a visit
    gets its id, so every point of a plot has its own label."""
    labels = [
        f"{r.family_code} visit {r.visit_number}" if with_family else f"visit {r.visit_number}"
        for r in results
    ]
    return [
        f"{label} (recording {r.recording_id})" if labels.count(label) > 1 else label
        for label, r in zip(labels, results, strict=True)
    ]
