"""Everything the coding screen needs to open one recording for one coder, read in one go.

Opening a recording for a coder creates (or reuses) that coder's latest pass on the
recording's scheme version, and that pass locks the version: codes already placed keep their
meaning. Only that coder's own pass is ever loaded, and it is read through the blind-coding
guard like every other read, so a recording assigned for blind double coding shows each of
its coders their own codes only (domain.md §7 rule 7); `blind` says so to the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import CodingPass
from vfcoach.coding.double_coding import BlindState
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import Recording
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import FidelityThresholds
from vfcoach.services.access import Actor, BlindGuard
from vfcoach.services.recordings.media_source import media_source_in
from vfcoach.services.tally.fidelity import thresholds_in
from vfcoach.storage.database import Database
from vfcoach.video.source import MediaSource

DEFAULT_SCHEME = "abc-style"


@dataclass(frozen=True)
class OpenedRecording:
    recording: Recording
    frame_map: FrameMap
    scheme: Scheme
    coding_pass: CodingPass
    family_code: str
    visit_number: int
    programme: str
    thresholds: FidelityThresholds
    media: MediaSource  # the stored video facts: the player is given these, never a path
    blind: BlindState | None = None  # set while the recording is double-coded blind

    def blind_note(self) -> str:
        """A line for the window: why other coders' codes are not shown."""
        if self.blind is None:
            return ""
        return "blind double coding: other coders' codes stay hidden until both have submitted"


def open_recording(db: Database, recording_id: RecordingId, actor: Actor) -> OpenedRecording:
    """`actor`'s own pass of the recording (made on first opening, and them a coder with it)."""
    with db.uow() as uow:
        rec = uow.recordings.get(recording_id)
        fmap = uow.recordings.frame_map(recording_id)
        if rec.scheme_id is not None:
            scheme = uow.schemes.get(rec.scheme_id)
        else:
            scheme = uow.schemes.ensure(builtin_scheme(DEFAULT_SCHEME))
            assert scheme.id is not None
            uow.recordings.set_scheme(rec.id, scheme.id)
        assert scheme.id is not None
        coder = uow.coders.get_or_create(actor.name)
        guard = BlindGuard(uow, actor.became(coder))
        cpass = guard.check(uow.passes.get_or_create(rec.id, coder.id, scheme.id))
        state = guard.state(rec.id)
        visit = uow.visits.get(rec.visit_id)
        family = uow.families.get(visit.family_id)
        thresholds = thresholds_in(uow, family.programme)
        media = media_source_in(uow, rec.id)
        uow.commit()
    return OpenedRecording(
        rec,
        fmap,
        scheme,
        cpass,
        family.code,
        visit.number,
        family.programme,
        thresholds,
        media,
        state if state.active else None,
    )
