"""Reading two coders' passes of a recording for reliability, through the blind guard.

Reliability compares two *submitted* passes (domain.md §2), so each coder's latest submitted
pass is used; a coder with only a draft is compared on that draft and the result says so in
its notes, because refusing outright would stop a supervisor checking a training video that
nobody formally submitted. Every read goes through `BlindGuard`, so a coder cannot learn the
other coder's codes by asking for a κ while the recording is still being coded blind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation, CodingPass
from vfcoach.coding.double_coding import is_submitted
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import Recording
from vfcoach.coding.pseudonym import safe_label
from vfcoach.coding.reliability import CodedEvent
from vfcoach.coding.scheme import CodeKind, Scheme
from vfcoach.services.access import BlindGuard
from vfcoach.services.reliability.settings import IrrSettings
from vfcoach.storage.database import Database


@dataclass(frozen=True)
class CoderPass:
    """One coder's pass as reliability reads it."""

    coder: str
    coding_pass: CodingPass
    scheme: Scheme
    annotations: list[Annotation]

    @property
    def note(self) -> str | None:
        if is_submitted(self.coding_pass):
            return None
        return f"{self.coder}'s pass {self.coding_pass.id} is a draft, not yet submitted"


@dataclass(frozen=True)
class RecordingInfo:
    recording: Recording
    label: str  # family code, visit number, recording label: ids only
    programme: str
    visit_date: dt.date | None


def recording_info(guard: BlindGuard, recording_id: RecordingId) -> RecordingInfo:
    uow = guard.uow
    recording = uow.recordings.get(recording_id)
    visit = uow.visits.get(recording.visit_id)
    family = uow.families.get(visit.family_id)
    label = f"{family.code} visit {visit.number}"
    if safe_label(recording):  # never the file's name (§7.1)
        label += f" {safe_label(recording)}"
    return RecordingInfo(recording, label, family.programme, visit.date)


def read_pass(guard: BlindGuard, recording_id: RecordingId, coder: str) -> CoderPass:
    """The coder's latest submitted pass (else latest draft); refused while blind."""
    passes = guard.coder_passes(recording_id, coder)  # raises BlindCodingRefused / PassNotChosen
    submitted = [p for p in passes if is_submitted(p)]
    chosen = max(submitted or passes, key=lambda p: (p.revision, p.id))
    scheme = guard.uow.schemes.get(chosen.scheme_id)
    # already checked (and a supervisor's read audited) by coder_passes: read it directly
    return CoderPass(coder.strip(), chosen, scheme, guard.uow.annotations.for_pass(chosen.id))


def _kind(schemes: Sequence[Scheme], key: str) -> tuple[CodeKind | None, bool, str | None]:
    """(kind, is a segment code, ME&E set) of a key in the first scheme that has it."""
    for scheme in schemes:
        if scheme.has(key):
            code = scheme.code(key)
            return code.kind, code.segment is not None, code.me_set
    return None, False, None


def coded_events(
    coder_pass: CoderPass, other: CoderPass, settings: IrrSettings
) -> list[CodedEvent]:
    """The pass's events that the method compares, as plain values for the statistics.

    Event method: every non-segment code (point and state, a state by its onset, with its
    offset kept for pairing by overlap). Time method: every non-segment state code with an
    offset (an open state has no extent to slice). `settings.codes` narrows either.
    """
    schemes = (coder_pass.scheme, other.scheme)
    wanted = set(settings.codes)
    out: list[CodedEvent] = []
    for a in coder_pass.annotations:
        kind, segment, _ = _kind(schemes, a.code_key)
        if segment or (wanted and a.code_key not in wanted):
            continue
        is_state = kind is CodeKind.STATE and a.offset is not None
        if settings.method == "time" and not is_state:
            continue
        offset = a.offset.pts_ms if is_state and a.offset is not None else None
        out.append(CodedEvent(a.onset.pts_ms, a.code_key, offset, str(a.id)))
    return out


def code_groups(a: CoderPass, b: CoderPass) -> dict[str, str]:
    """Code key → ME&E set for the time-unit method; a code outside any set is its own group."""
    out: dict[str, str] = {}
    for scheme in (b.scheme, a.scheme):  # A's scheme wins where the versions differ
        for code in scheme.codes:
            if code.kind is CodeKind.STATE and code.me_set:
                out[code.key] = code.me_set
    return out


def double_coded_recordings(
    db: Database,
    coder_a: str,
    coder_b: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[RecordingId]:
    """Recordings where both coders have a pass, optionally by visit date (inclusive).

    Only lists ids: reading the passes is left to `IrrOperation`, which goes through the
    blind guard. A visit without a date is left out when a period is asked for.
    """
    out: list[RecordingId] = []
    with db.uow() as uow:
        ids = {c.name: c.id for c in uow.coders.list()}
        want = {ids.get(coder_a.strip()), ids.get(coder_b.strip())}
        if None in want:
            return []
        for recording in uow.recordings.list():
            coders = {p.coder_id for p in uow.passes.for_recording(recording.id)}
            if not want <= coders:
                continue
            if since is not None or until is not None:
                date = uow.visits.get(recording.visit_id).date
                if date is None or (since and date < since) or (until and date > until):
                    continue
            out.append(recording.id)
    return sorted(out)
