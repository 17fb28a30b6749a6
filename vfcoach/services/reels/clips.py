"""Reel operations: add a clip, and the checked save every reel write goes through (§5).

Edits of a clip already in a reel are one operation per intent, in `clip_edits`.

Every write runs the full rule set for the reel's audience (`check_reel`: caregiver reels
under rule 1 with their overrides, coach-view reels under rule 2) on the reel as it would be
stored, against evidence read in the same unit of work, and refuses with `ReelRefused`
(every reason listed) before anything is written. Warnings (a long reel, a short clip) never
refuse. Each write is audit-logged in its own transaction with ids only, no captions (§7
rules 1 and 9). The export path (`reel_export.load_reel_for_export`) checks everything again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.consent import Scope
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import AnnotationId, RecordingId
from vfcoach.coding.reels import (
    ClipId,
    ClipOverride,
    Problem,
    Reel,
    ReelClip,
    ReelId,
    check_reel,
    new_clip_id,
    refuse_errors,
)
from vfcoach.coding.reels.problems import ReelRefused, Severity
from vfcoach.coding.reels.rules import refuse_held_override
from vfcoach.services.access import Actor, audit_name
from vfcoach.services.consent import require_consent
from vfcoach.services.reels.evidence import EvidenceReader, ReelSettings, reel_settings
from vfcoach.services.reels.resolved import ExportableReel, ResolvedClip, load_reel_for_export
from vfcoach.services.reels.sources import caption_template
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

__all__ = [
    "AddClipOperation",
    "ExportableReel",
    "ReelRefused",
    "ReelResult",
    "ResolvedClip",
    "load_reel_for_export",
]

log = logging.getLogger(__name__)

REEL_CREATED = "reel.created"
REEL_EDITED = "reel.edited"
CLIP_OVERRIDDEN = "reel.clip_overridden"


@dataclass(frozen=True, slots=True)
class ReelResult:
    """The reel as stored and the warnings it still has (errors were refused)."""

    reel: Reel
    warnings: tuple[Problem, ...]


def checked_save(
    uow: UnitOfWork,
    reel: Reel,
    settings: ReelSettings,
    actor: Actor | None,
    what: str,
    reader: EvidenceReader | None = None,
) -> ReelResult:
    """Check against the stored evidence, then add or update the reel and log it.

    `actor`: who acts (None: nobody named), so a refusal never names a moment of a pass
    they may not read yet, and the audit row says who. `reader`: one already reading this
    unit of work for `actor`, whose recordings are reused rather than read (and indexed) again.
    """
    reader = reader or EvidenceReader(uow, actor)
    evidence = reader.evidence({c.recording_id for c in reel.clips}, settings)
    problems = check_reel(reel, evidence)
    refuse_errors(problems)
    stored = uow.reels.add(reel) if reel.id is None else uow.reels.update(reel)
    action = REEL_CREATED if reel.id is None else REEL_EDITED
    detail = {"what": what, "visit_id": stored.visit_id, "clips": len(stored.clips)}
    if reel.id is None:
        detail["audience"] = stored.audience.value
    uow.audit.record(audit_name(actor), action, f"reel:{stored.id}", detail)
    return ReelResult(stored, tuple(problems))


def snap_range(frame_map: FrameMap, start_frame: int, end_frame: int) -> tuple[int, int]:
    frame_map.ms_at(start_frame)  # raises InvalidTime for a frame the recording lacks
    frame_map.ms_at(end_frame)
    return start_frame, end_frame


class AddClipOperation:
    """Add a clip from an annotation, or a free in/out range, at the end (or at `position`)."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        annotation_id: AnnotationId | None = None,
        recording_id: RecordingId | None = None,
        start_frame: int | None = None,
        end_frame: int | None = None,
        caption: str = "",
        talking_point: str = "",
        position: int | None = None,
        actor: Actor | None = None,
        override: ClipOverride | None = None,
        start_ms: int | None = None,
        end_ms: int | None = None,
    ) -> None:
        self.db, self.reel_id, self.annotation_id = db, reel_id, annotation_id
        self.recording_id, self.start_frame, self.end_frame = recording_id, start_frame, end_frame
        self.start_ms, self.end_ms = start_ms, end_ms  # a range in time: snapped to frames
        self.caption, self.talking_point, self.position = caption, talking_point, position
        self.actor = actor  # who adds: the annotation is read as they may (blind coding)
        self.override = override  # kept despite a concern, with the coach's reason

    def _range(self, fmap: FrameMap) -> tuple[int, int] | None:
        """In and out frames from frames, or from times snapped to the frame shown then."""
        first = self.start_frame
        last = self.end_frame
        if first is None and self.start_ms is not None:
            first = fmap.moment_at_ms(self.start_ms).frame
        if last is None and self.end_ms is not None:
            last = fmap.moment_at_ms(self.end_ms).frame
        if first is None or last is None:
            return None
        first, last = snap_range(fmap, first, last)
        if last < first:
            msg = f"the out point (frame {last}) comes before the in point (frame {first})"
            raise ReelRefused([Problem(Severity.ERROR, msg)])
        return first, last

    def _clip(self, uow: UnitOfWork, reel: Reel, reader: EvidenceReader) -> ReelClip:
        span = (
            None if self.recording_id is None else self._range(reader.frame_map(self.recording_id))
        )
        if self.annotation_id is not None:
            a = uow.annotations.get(self.annotation_id)
            cpass = reader.blind.guard.check(uow.passes.get(a.pass_id))
            start, end = a.onset, a.offset or a.onset
            recording = cpass.recording_id
            template = caption_template(a, reader.scheme(cpass.scheme_id))
            caption = self.caption.strip() or template
        elif self.recording_id is not None and span is not None:
            recording = self.recording_id
            fmap = reader.frame_map(recording)
            start, end = fmap.moment(span[0]), fmap.moment(span[1])
            caption = self.caption.strip()
        else:
            msg = "give an annotation, or a recording with an in and an out frame"
            raise ReelRefused([Problem(Severity.ERROR, msg)])
        return ReelClip(
            new_clip_id(), recording, start, end, caption, self.annotation_id,
            reel.pre_roll_ms, reel.post_roll_ms, self.talking_point.strip(), override=self.override,
        )  # fmt: skip

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> ReelResult:
        if self.override is not None and self.override.problem is not None:
            raise ReelRefused([Problem(Severity.ERROR, self.override.problem)])
        with self.db.uow() as uow:
            reel = uow.reels.get(self.reel_id)
            require_consent(uow, reel.family_id, Scope.COACHING)  # none of its video otherwise
            clip = self._clip(uow, reel, EvidenceReader(uow, self.actor))
            clips = list(reel.clips)
            at = len(clips) if self.position is None else self.position
            clips.insert(at, clip)
            result = checked_save(
                uow, reel.with_clips(tuple(clips)), reel_settings(uow), self.actor, "clip added"
            )
            if self.override is not None:
                refuse_held_override(result.warnings, clip.id, "the clip")
                position = result.reel.clips.index(result.reel.clip(clip.id)) + 1
                audit_override(uow, result.reel, clip.id, position, self.override)
            uow.commit()
        return result


def audit_override(
    uow: UnitOfWork, reel: Reel, clip_id: ClipId, position: int, override: ClipOverride
) -> None:
    """Who (the actor), when (the entry's time), which clip and why (§5 rule 1, §7 rule 9)."""
    detail = {"clip": str(clip_id), "position": position, "reason": override.reason}
    uow.audit.record(override.by, CLIP_OVERRIDDEN, f"reel:{reel.id}", detail)
