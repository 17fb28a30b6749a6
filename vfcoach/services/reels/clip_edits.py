"""Edits of one clip of a stored reel, one operation per intent (domain.md §5).

Trim, edit the text, change the speed or the freeze, move and remove are separate classes,
because each is one thing a coach does (and one undo entry in the editor): a single class
with `remove=` and `clear_slow_motion=` flags let a caller ask for a trim and a removal at
once. They share `ClipEdit.run`: the reel as it would be stored is checked in full for its
audience (`checked_save`) before anything is written, and a range change that uncovers
another moment of concern clears the clip's override (`trim.override_after_range_change`).
"""

from __future__ import annotations

from dataclasses import replace

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.reels import ClipId, Problem, Reel, ReelClip, ReelId
from vfcoach.coding.reels.problems import ReelRefused, Severity
from vfcoach.services.access import Actor
from vfcoach.services.reels.clips import ReelResult, checked_save, snap_range
from vfcoach.services.reels.evidence import EvidenceReader, reel_settings
from vfcoach.services.reels.trim import override_after_range_change, with_note
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork


class ClipEdit:
    """One change to one clip; subclasses say what the clip becomes and where it goes."""

    what = "clip edited"  # the audit entry's words (ids only, never a caption)

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        clip_id: ClipId,
        *,
        actor: Actor | None = None,
        seen_revision: int = 0,
    ) -> None:
        self.db, self.reel_id, self.clip_id = db, reel_id, clip_id
        # the reel's revision the person was looking at (0: whatever is stored now); if the
        # reel was saved elsewhere since, the edit is refused (`EditConflict`), never merged
        self.seen_revision = seen_revision
        self.actor = (
            actor  # who acts (None: nobody named); refusals never name what they may not read yet
        )

    def edited(self, clip: ReelClip, fmap: FrameMap) -> ReelClip | None:
        """The clip after the edit, or None when it leaves the reel."""
        return clip

    def position(self, reel: Reel, clip: ReelClip) -> int:
        """Where the edited clip goes among the other clips (0-based): where it was."""
        return reel.clips.index(clip)

    def _apply(self, uow: UnitOfWork, reel: Reel, clip: ReelClip) -> tuple[Reel, str | None]:
        clips = [c for c in reel.clips if c.id != clip.id]
        edited = self.edited(clip, uow.recordings.frame_map(clip.recording_id))
        note: str | None = None
        if edited is not None:
            if clip.override is not None:
                reader = EvidenceReader(uow, self.actor)
                evidence = reader.evidence({clip.recording_id}, reel_settings(uow))
                at = reel.clips.index(clip) + 1
                edited, note = override_after_range_change(reel, clip, edited, evidence, at)
            clips.insert(max(0, min(self.position(reel, clip), len(clips))), edited)
        return reel.with_clips(tuple(clips)), note

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> ReelResult:
        with self.db.uow() as uow:
            reel = uow.reels.get(self.reel_id)
            if self.seen_revision:
                reel = replace(reel, revision=self.seen_revision)
            clip = reel.clip(self.clip_id)
            changed, note = self._apply(uow, reel, clip)
            what = self.what if note is None else f"{self.what}, override cleared"
            try:
                result = checked_save(uow, changed, reel_settings(uow), self.actor, what)
            except ReelRefused as refused:
                raise with_note(refused, note, clip) from None
            uow.commit()
        if note is not None:
            cleared = Problem(Severity.WARNING, note, clip.id)
            result = ReelResult(result.reel, (cleared, *result.warnings))
        return result


class EditClipTextOperation(ClipEdit):
    """A new caption (what the caregiver reads) and/or talking point (the coach's only)."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        clip_id: ClipId,
        *,
        caption: str | None = None,
        talking_point: str | None = None,
        actor: Actor | None = None,
        seen_revision: int = 0,
    ) -> None:
        super().__init__(db, reel_id, clip_id, actor=actor, seen_revision=seen_revision)
        self.caption, self.talking_point = caption, talking_point

    def edited(self, clip: ReelClip, fmap: FrameMap) -> ReelClip:
        if self.caption is not None:
            clip = replace(clip, caption=self.caption.strip())
        if self.talking_point is not None:
            clip = replace(clip, talking_point=self.talking_point.strip())
        return clip


class TrimClipOperation(ClipEdit):
    """A new first and/or last frame, snapped to frames of the recording's map."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        clip_id: ClipId,
        *,
        start_frame: int | None = None,
        end_frame: int | None = None,
        actor: Actor | None = None,
        seen_revision: int = 0,
    ) -> None:
        super().__init__(db, reel_id, clip_id, actor=actor, seen_revision=seen_revision)
        self.start_frame, self.end_frame = start_frame, end_frame

    def edited(self, clip: ReelClip, fmap: FrameMap) -> ReelClip:
        first = clip.start.frame if self.start_frame is None else self.start_frame
        last = clip.end.frame if self.end_frame is None else self.end_frame
        first, last = snap_range(fmap, first, last)
        return replace(clip, start=fmap.moment(first), end=fmap.moment(last))


class SetClipSpeedOperation(ClipEdit):
    """Slow motion (0.5 = half speed) or, with None, the clip's normal speed again."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        clip_id: ClipId,
        slow_motion: float | None,
        *,
        actor: Actor | None = None,
        seen_revision: int = 0,
    ) -> None:
        super().__init__(db, reel_id, clip_id, actor=actor, seen_revision=seen_revision)
        self.slow_motion = slow_motion

    def edited(self, clip: ReelClip, fmap: FrameMap) -> ReelClip:
        return replace(clip, slow_motion=self.slow_motion)


class SetClipFreezeOperation(ClipEdit):
    """How long the clip's last picture is held (0 = not at all)."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        clip_id: ClipId,
        freeze_end_ms: int,
        *,
        actor: Actor | None = None,
        seen_revision: int = 0,
    ) -> None:
        super().__init__(db, reel_id, clip_id, actor=actor, seen_revision=seen_revision)
        self.freeze_end_ms = freeze_end_ms

    def edited(self, clip: ReelClip, fmap: FrameMap) -> ReelClip:
        return replace(clip, freeze_end_ms=self.freeze_end_ms)


class MoveClipOperation(ClipEdit):
    """The clip to another place in the reel (0-based; past the end means last)."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        clip_id: ClipId,
        position: int,
        *,
        actor: Actor | None = None,
        seen_revision: int = 0,
    ) -> None:
        super().__init__(db, reel_id, clip_id, actor=actor, seen_revision=seen_revision)
        self.to = position

    def position(self, reel: Reel, clip: ReelClip) -> int:
        return self.to


class RemoveClipOperation(ClipEdit):
    """The clip out of the reel (the rules still run: removing one may leave a reel refused)."""

    what = "clip removed"

    def edited(self, clip: ReelClip, fmap: FrameMap) -> None:
        return None
