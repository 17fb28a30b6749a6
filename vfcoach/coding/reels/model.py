"""Highlight reels: a visit's few short strength moments, in the order they are shown.

A reel stores references, never pixels (domain.md §5, hard rule 4): which recording, which
frames, which annotation it was made from, the caption. A render is a derived copy made at
export, so the safety rules (`rules.py`) can and must run again on the stored references
every time it is exported or shown. Clip ids are minted here, like annotation ids, so an
edit that rewrites the clip list keeps each clip's identity.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass, field, replace
from typing import NewType

from vfcoach.coding.errors import InvalidTime, VfcoachError
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, FamilyId, RecordingId, VisitId

ReelId = NewType("ReelId", int)
ClipId = NewType("ClipId", uuid.UUID)

#: Clip padding, domain.md §9 ("1 s each side" is the vfcoach default; an organisation may
#: change it in settings, e.g. to the issue's 2 s / 3 s).
DEFAULT_PRE_ROLL_MS = 1000
DEFAULT_POST_ROLL_MS = 1000


class Audience(enum.StrEnum):
    """Who a reel is for (domain.md §5 rules 1 and 2).

    A caregiver reel may be shown in caregiver mode; a coach-view reel is used in person by
    the coach with the caregiver beside them, and is the only place a corrective clip may be.
    """

    CAREGIVER = "caregiver"
    COACH = "coach"


#: An override reason must say why in a few words, not "ok" (§5 rule 1, §7 rule 9).
MIN_REASON_WORDS = 3


@dataclass(frozen=True, slots=True)
class ClipOverride:
    """The coach's explicit decision to keep one clip despite a moment of concern, and why.

    When it was made is in the audit log, which is the record of it (§7 rule 9); the clip
    keeps who and why so the rules and every later reader can see it was deliberate.
    """

    reason: str
    by: str

    @property
    def problem(self) -> str | None:
        """Why this override does not count (a blank or one-word reason), or None if it does."""
        if not self.by.strip():
            return "an override must name who made it"
        if len(self.reason.split()) < MIN_REASON_WORDS:
            return (
                f"an override needs a reason of at least {MIN_REASON_WORDS} words "
                "(it is written to the audit log)"
            )
        return None


class ClipNotFound(VfcoachError):
    """A clip id the reel does not have (removed meanwhile, or a stale editor row)."""


def new_clip_id() -> ClipId:
    return ClipId(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class ReelClip:
    """One moment of a reel: `start`..`end` is the moment itself, the rolls pad it for playback.

    `caption` is written to the caregiver and is exported; `talking_point` is the coach's own
    note and is never exported (domain.md §5). `annotation_id` is None for a free in/out range.
    """

    id: ClipId
    recording_id: RecordingId
    start: FrameTime
    end: FrameTime
    caption: str = ""
    annotation_id: AnnotationId | None = None
    pre_roll_ms: int = DEFAULT_PRE_ROLL_MS
    post_roll_ms: int = DEFAULT_POST_ROLL_MS
    talking_point: str = ""
    slow_motion: float | None = None  # playback speed factor below 1.0, e.g. 0.5
    freeze_end_ms: int = 0  # hold the last frame this long
    override: ClipOverride | None = None  # the coach kept it despite a concern (§5 rule 1)

    def __post_init__(self) -> None:
        if self.end.frame < self.start.frame:
            raise InvalidTime(f"a clip cannot end (frame {self.end.frame}) before it starts")
        if self.pre_roll_ms < 0 or self.post_roll_ms < 0 or self.freeze_end_ms < 0:
            raise InvalidTime("pre-roll, post-roll and freeze time cannot be negative")
        if self.slow_motion is not None and not 0.0 < self.slow_motion <= 1.0:
            raise InvalidTime(f"slow motion {self.slow_motion} must be above 0 and at most 1")

    @property
    def moment_ms(self) -> int:
        return self.end.pts_ms - self.start.pts_ms

    @property
    def padded_start_ms(self) -> int:
        return max(0, self.start.pts_ms - self.pre_roll_ms)

    @property
    def padded_end_ms(self) -> int:
        """End with post-roll; the export clamps it to the recording's end."""
        return self.end.pts_ms + self.post_roll_ms

    @property
    def source_ms(self) -> int:
        """Source time the clip covers, padding included: what the length caps measure."""
        return self.padded_end_ms - self.padded_start_ms


@dataclass(frozen=True, slots=True)
class Reel:
    """A reel of one visit (and so of one family). `clips` are in playing order."""

    visit_id: VisitId
    family_id: FamilyId
    title: str
    created_by: str
    clips: tuple[ReelClip, ...] = ()
    id: ReelId | None = None  # None until stored
    pre_roll_ms: int = DEFAULT_PRE_ROLL_MS  # defaults for clips added later
    post_roll_ms: int = DEFAULT_POST_ROLL_MS
    audience: Audience = Audience.CAREGIVER
    created_at: dt.datetime | None = field(default=None, compare=False)
    # which stored edit this copy shows (0: not read from storage); an update made against
    # an older revision is refused, so two people editing one reel never overwrite each other
    revision: int = field(default=0, compare=False)

    @property
    def total_ms(self) -> int:
        return sum(c.source_ms for c in self.clips)

    @property
    def for_caregiver(self) -> bool:
        return self.audience is Audience.CAREGIVER

    def clip(self, clip_id: ClipId) -> ReelClip:
        for c in self.clips:
            if c.id == clip_id:
                return c
        raise ClipNotFound(f"reel {self.id} has no clip {clip_id} (removed meanwhile?)")

    def with_clips(self, clips: tuple[ReelClip, ...]) -> Reel:
        return replace(self, clips=clips)
