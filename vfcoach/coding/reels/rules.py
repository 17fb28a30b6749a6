"""Every rule a caregiver reel keeps, in one call the editor, the save and the export share.

`check_caregiver_safe` is the gate of domain.md §5: one family per reel (§5 rule 3, §7), the
safety rule per clip (`safety.py`), the caption lint (`captions.py`) and the length caps
(`limits.py`). It is pure: the caller gathers the evidence (`ReelEvidence`) from storage as
it is at that moment, which is why running it again at export catches a scheme edited after
the clip was added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from vfcoach.coding.ids import FamilyId, RecordingId
from vfcoach.coding.reels.captions import CaptionLint
from vfcoach.coding.reels.limits import ReelLimits, length_problems
from vfcoach.coding.reels.model import Reel, ReelClip
from vfcoach.coding.reels.problems import Problem, Severity
from vfcoach.coding.reels.safety import CodedRecording, clip_safety


@dataclass(frozen=True, slots=True)
class ReelEvidence:
    """What storage says now about the recordings a reel's clips come from."""

    family_of_recording: Mapping[RecordingId, FamilyId]
    coded: Mapping[RecordingId, CodedRecording]
    lint: CaptionLint = field(default_factory=CaptionLint)
    limits: ReelLimits = field(default_factory=ReelLimits)


def family_problems(reel: Reel, clip: ReelClip, evidence: ReelEvidence) -> list[Problem]:
    family = evidence.family_of_recording.get(clip.recording_id)
    if family == reel.family_id:
        return []
    msg = (
        f"recording {clip.recording_id} belongs to another family; a reel shows one family only"
        if family is not None
        else f"recording {clip.recording_id} of this clip cannot be found"
    )
    return [Problem(Severity.ERROR, msg, clip.id)]


def bounds_problems(clip: ReelClip, evidence: ReelEvidence) -> list[Problem]:
    coded = evidence.coded.get(clip.recording_id)
    if coded is None or clip.end.pts_ms <= coded.duration_ms:
        return []
    msg = f"the clip ends at {clip.end.pts_ms} ms, after its recording ({coded.duration_ms} ms)"
    return [Problem(Severity.ERROR, msg, clip.id)]


def clip_problems(reel: Reel, clip: ReelClip, evidence: ReelEvidence) -> list[Problem]:
    """Errors that refuse this one clip: family, safety, bounds and caption."""
    problems = family_problems(reel, clip, evidence)
    if problems:
        return problems  # another family's moments are not judged, only refused
    problems += clip_safety(clip, evidence.coded.get(clip.recording_id))
    problems += bounds_problems(clip, evidence)
    reason = evidence.lint.reason(clip.caption)
    if reason is not None:
        problems.append(Problem(Severity.ERROR, reason, clip.id))
    if not clip.caption.strip():
        msg = "the clip has no caption for the caregiver yet"
        problems.append(Problem(Severity.WARNING, msg, clip.id))
    return problems


def check_caregiver_safe(reel: Reel, evidence: ReelEvidence) -> list[Problem]:
    """Every problem of the reel, errors first; any error means it may not be shown or exported."""
    problems: list[Problem] = []
    for clip in reel.clips:
        problems += clip_problems(reel, clip, evidence)
    problems += length_problems(reel, evidence.limits)
    return sorted(problems, key=lambda p: not p.is_error)
