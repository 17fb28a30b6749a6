"""What the reel rules judge, read from storage as it is now: settings, codes, media.

The caregiver-safety rule is pure (`vfcoach.coding.reels`); this module gathers its evidence
in one unit of work: each recording's family, EVERY pass's annotations (one coder's `FR` is
enough to keep a moment out, domain.md §5) with each pass's scheme as stored now, and the
organisation's reel settings (§9), and every family's code and children's pseudonyms for the
caption check. Because it is read again at every add, edit and export,
a scheme edited after a clip was added is judged by its new flags.

While a recording is double-coded blind, the passes the acting person may not read
(`BlindView`; the GUI's coder, the CLI's `--as`/`--by`; on a database with blind coding
nobody acts unnamed) go into `CodedRecording.hidden_passes` and the recording is `held`: the
rule leaves those moments out for that person and holds the recording's clips, so no reply
depends on where the other coder marked something; the export refuses a held clip until
every coder has submitted, and then judges every pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import FamilyId, PassId, RecordingId, SchemeId
from vfcoach.coding.reels import (
    DEFAULT_POST_ROLL_MS,
    DEFAULT_PRE_ROLL_MS,
    CaptionLint,
    CodedRecording,
    ReelEvidence,
    ReelLimits,
)
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_floor import no_laxer_than_shipped
from vfcoach.services.access import Actor
from vfcoach.services.blind_view import BlindView
from vfcoach.storage.errors import NotFound
from vfcoach.storage.uow import UnitOfWork

PRE_ROLL_KEY = "reels.pre_roll_ms"
POST_ROLL_KEY = "reels.post_roll_ms"
JARGON_KEY = "reels.jargon"  # list of terms; replaces the built-in list when set
LIMITS_PREFIX = "reels.limits."


@dataclass(frozen=True, slots=True)
class ReelSettings:
    pre_roll_ms: int = DEFAULT_PRE_ROLL_MS
    post_roll_ms: int = DEFAULT_POST_ROLL_MS
    limits: ReelLimits = field(default_factory=ReelLimits)
    jargon: tuple[str, ...] | None = None  # None: the built-in list


def reel_settings(uow: UnitOfWork) -> ReelSettings:
    """The organisation's reel settings, or the domain.md §9 defaults where never set."""
    limits: dict[str, Any] = {
        k.removeprefix(LIMITS_PREFIX): v for k, v in uow.settings.all(LIMITS_PREFIX).items()
    }
    jargon = uow.settings.get(JARGON_KEY)
    return ReelSettings(
        pre_roll_ms=int(uow.settings.get(PRE_ROLL_KEY, DEFAULT_PRE_ROLL_MS)),
        post_roll_ms=int(uow.settings.get(POST_ROLL_KEY, DEFAULT_POST_ROLL_MS)),
        limits=ReelLimits.from_settings(limits),
        jargon=None if jargon is None else tuple(str(t) for t in jargon),
    )


class EvidenceReader:
    """Reads evidence inside one unit of work, loading each scheme version once.

    `viewer` is who acts (None when nobody is named): it decides which passes'
    moments are described without code or time, never which are judged.
    """

    def __init__(self, uow: UnitOfWork, viewer: Actor | None = None) -> None:
        self.uow = uow
        self.blind = BlindView(uow, viewer)
        self._schemes: dict[SchemeId, Scheme] = {}
        self._maps: dict[RecordingId, FrameMap] = {}
        self._coded: dict[RecordingId, CodedRecording] = {}

    def scheme(self, scheme_id: SchemeId) -> Scheme:
        if scheme_id not in self._schemes:
            # a built-in stored before its name was reserved is read no laxer than shipped
            self._schemes[scheme_id] = no_laxer_than_shipped(self.uow.schemes.get(scheme_id))
        return self._schemes[scheme_id]

    def frame_map(self, recording_id: RecordingId) -> FrameMap:
        if recording_id not in self._maps:
            self._maps[recording_id] = self.uow.recordings.frame_map(recording_id)
        return self._maps[recording_id]

    def coded(self, recording_id: RecordingId) -> CodedRecording:
        """Every pass's annotations on a recording, read once per reader (one unit of work,
        one moment in time): its concern index is then built once too."""
        if recording_id not in self._coded:
            self._coded[recording_id] = self._read_coded(recording_id)
        return self._coded[recording_id]

    def _read_coded(self, recording_id: RecordingId) -> CodedRecording:
        passes = self.uow.passes.for_recording(recording_id)
        schemes: dict[PassId, Scheme] = {p.id: self.scheme(p.scheme_id) for p in passes}
        hidden = self.blind.hidden_passes(recording_id, passes)
        return CodedRecording(
            recording_id,
            tuple(self.uow.annotations.for_recording(recording_id)),
            schemes,
            self.frame_map(recording_id).duration_ms,
            hidden,
            held=self.blind.state(recording_id, passes).active,
            bystanders=tuple(self.uow.bystanders.for_recording(recording_id)),  # §7.4
        )

    def evidence(
        self, recording_ids: Iterable[RecordingId], settings: ReelSettings
    ) -> ReelEvidence:
        families: dict[RecordingId, FamilyId] = {}
        coded: dict[RecordingId, CodedRecording] = {}
        for rid in set(recording_ids):
            try:
                recording = self.uow.recordings.get(rid)
            except NotFound:  # deleted meanwhile: the rules report the clip as unfindable
                continue
            families[rid] = self.uow.visits.get(recording.visit_id).family_id
            coded[rid] = self.coded(rid)
        schemes = {s.id: s for c in coded.values() for s in c.schemes.values()}
        lint = CaptionLint.for_schemes(schemes.values(), settings.jargon, family_names(self.uow))
        return ReelEvidence(families, coded, lint, settings.limits)


def family_names(uow: UnitOfWork) -> tuple[tuple[FamilyId, str], ...]:
    """Every family code and child pseudonym with its family: what a caption may name only
    for its own family (the check, `CaptionLint.for_family`, is pure and takes them in)."""
    codes = [(f.id, f.code) for f in uow.families.list()]
    return (*codes, *((c.family_id, c.pseudonym) for c in uow.children.list()))
