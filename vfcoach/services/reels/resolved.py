"""A reel resolved for export: every rule checked again, every clip turned into frames of a file.

This is the last gate before pixels leave vfcoach (domain.md §5 rules 1 and 4, §7 rule 8):
the stored reel is never trusted as "checked". The safety rule for the reel's audience (with
the stored overrides, which never cover `FR`), the one-family rule, the caption lint and the
hard length cap run again on the evidence as it is now, so an annotation recoded as `FR`, a
scheme whose code lost its caregiver-visible flag, an un-overridden concern, an override
with a blank reason or a caption edited by hand in the database all refuse the export with
`ReelRefused`, and so does a clip held by blind double coding (`held_at_export`). The frames
a file really shows are judged too, not only the padded span in milliseconds: the exact cut's
first and last frame here (`written_reasons`), and a fast copy's keyframe lead-in and B-frame
tail by the export operation before a packet is copied, so a frightening moment 6 s before a
nurturing one never rides along on the lead-in. A coach-view reel exports for the coach's own
use; `for_caregiver` tells the showing side it may never go to the caregiver window. Coach-only
talking points are left out of what the export receives. The video side
(`vfcoach.video.export.render_reel`) is not called here: the export operation wires it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reels import (
    ClipId,
    Problem,
    Reel,
    ReelClip,
    ReelEvidence,
    ReelId,
    Severity,
    check_reel,
    refuse_errors,
    written_range_reasons,
)
from vfcoach.coding.reels.rules import held_at_export
from vfcoach.services.access import Actor, require_named
from vfcoach.services.recordings.media_source import media_source_in
from vfcoach.services.reels.evidence import EvidenceReader, reel_settings
from vfcoach.storage.database import Database
from vfcoach.video.export.spec import ClipSpec
from vfcoach.video.source import MediaSource


@dataclass(frozen=True, slots=True)
class ResolvedClip:
    """One clip as the exporter needs it: the stored recording and the padded frame range.

    `media` carries the recording's stored frame map and facts; nothing here re-probes.
    """

    clip: ReelClip
    media: MediaSource
    start_frame: int  # in-point minus pre-roll, snapped to the frame shown then
    end_frame: int  # out-point plus post-roll, clamped to the last frame

    @property
    def frame_map(self) -> FrameMap:
        return self.media.frame_map

    @property
    def source(self) -> Path:
        return self.media.path

    def spec(self) -> ClipSpec:
        """What `render_reel` is given; the talking point is never among it."""
        return ClipSpec(
            source=self.media,
            start_frame=self.start_frame,
            end_frame=self.end_frame,
            caption=self.clip.caption,
            slow_motion=self.clip.slow_motion,
            freeze_end_ms=self.clip.freeze_end_ms,
        )


@dataclass(frozen=True, slots=True)
class ExportableReel:
    reel: Reel
    clips: tuple[ResolvedClip, ...]
    warnings: tuple[Problem, ...]  # errors were refused; these only inform
    evidence: ReelEvidence  # as read for the check: the written frames are judged on it

    def written_reasons(self, index: int, first_frame: int, last_frame: int) -> list[str]:
        """Why clip `index` (0-based) may not show source frames first..last, or []."""
        resolved = self.clips[index]
        fmap = resolved.frame_map
        coded = self.evidence.coded.get(resolved.clip.recording_id)
        first_ms, last_ms = fmap.ms_at(first_frame), fmap.ms_at(last_frame)
        return written_range_reasons(resolved.clip, coded, first_ms, last_ms)

    @property
    def for_caregiver(self) -> bool:
        """Whether caregiver mode may show it (§5 rules 2 and 3): caregiver reels only."""
        return self.reel.for_caregiver


def load_reel_for_export(
    db: Database, reel_id: ReelId, actor: Actor | None = None
) -> ExportableReel:
    """The reel and its resolved clips, or `ReelRefused` if anything is unsafe now.

    `actor`: who exports; a refusal names no moment of a pass they may not read yet.
    """
    with db.uow() as uow:
        require_named(uow, actor)  # nobody exports unnamed where blind coding is in use
        reel = uow.reels.get(reel_id)
        reader = EvidenceReader(uow, actor)
        evidence = reader.evidence({c.recording_id for c in reel.clips}, reel_settings(uow))
        problems = check_reel(reel, evidence)
        refuse_errors([*problems, *held_at_export(reel, problems)], clip_positions(reel))
        media: dict[RecordingId, MediaSource] = {}
        resolved = []
        for clip in reel.clips:
            if clip.recording_id not in media:
                media[clip.recording_id] = media_source_in(uow, clip.recording_id)
            source = media[clip.recording_id]
            fmap = source.frame_map
            resolved.append(
                ResolvedClip(
                    clip=clip,
                    media=source,
                    start_frame=fmap.at_ms(clip.padded_start_ms),
                    end_frame=fmap.at_ms(min(clip.padded_end_ms, fmap.duration_ms)),
                )
            )
    exportable = ExportableReel(reel, tuple(resolved), tuple(problems), evidence)
    refuse_errors(_written_problems(exportable), clip_positions(exportable.reel))
    return exportable


def clip_positions(reel: Reel) -> dict[ClipId, int]:
    """Clip numbers as the coach sees them (1 = the first clip), for refusals."""
    return {clip.id: n for n, clip in enumerate(reel.clips, start=1)}


def _written_problems(exportable: ExportableReel) -> list[Problem]:
    """The exact cut's own frames: the first frame shown at the padded start can begin a
    little before it, and a moment coded on that frame is in the picture all the same."""
    problems = []
    for n, c in enumerate(exportable.clips):
        for reason in exportable.written_reasons(n, c.start_frame, c.end_frame):
            msg = f"not for caregivers: the clip's first or last frame shows {reason}"
            problems.append(Problem(Severity.ERROR, msg, c.clip.id))
    return problems
