"""Every rule a reel keeps, in one call the editor, the save and the export share.

`check_reel` is the gate of domain.md §5: one family per reel (§5 rule 3, §7), the safety
rule per clip (`safety.py`) judged for the reel's audience with its overrides
(`audience.py`: rule 1 for caregiver reels, rule 2 for coach-view reels), the caption lint
(`captions.py`) and the length caps (`limits.py`). `check_caregiver_safe` judges any reel as
if it were for a caregiver. Both are pure: the caller gathers the evidence
(`ReelEvidence`) from storage as it is at that moment, which is why running it again at
export catches a scheme edited after the clip was added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from vfcoach.coding.ids import FamilyId, RecordingId
from vfcoach.coding.reels.audience import for_caregiver, for_coach_view
from vfcoach.coding.reels.captions import CaptionLint
from vfcoach.coding.reels.limits import ReelLimits, length_problems
from vfcoach.coding.reels.model import Audience, ClipId, Reel, ReelClip
from vfcoach.coding.reels.problems import Concern, Problem, ReelRefused, Severity
from vfcoach.coding.reels.safety import HELD, CodedRecording, clip_safety, held_problem


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
    """Errors that refuse this one clip (family, safety, bounds, caption), then its warnings."""
    problems = family_problems(reel, clip, evidence)
    if problems:
        return problems  # another family's moments are not judged, only refused
    coded = evidence.coded.get(clip.recording_id)
    problems += clip_safety(clip, coded)
    held = held_problem(clip, coded)
    if held is not None:
        problems.append(held)
    problems += bounds_problems(clip, evidence)
    reason = evidence.lint.for_family(reel.family_id).reason(clip.caption)
    if reason is not None:
        problems.append(Problem(Severity.ERROR, reason, clip.id))
    if not clip.caption.strip():
        msg = "the clip has no caption for the caregiver yet"
        problems.append(Problem(Severity.WARNING, msg, clip.id))
    return problems


def check_reel(reel: Reel, evidence: ReelEvidence) -> list[Problem]:
    """Every problem of the reel for its audience, errors first; any error refuses it."""
    found = {clip.id: clip_problems(reel, clip, evidence) for clip in reel.clips}
    problems: list[Problem] = []
    if reel.for_caregiver:
        for clip in reel.clips:
            problems += for_caregiver(clip, found[clip.id])
    else:
        problems += for_coach_view(reel.clips, found)
    problems += length_problems(reel, evidence.limits)
    return sorted(problems, key=lambda p: not p.is_error)


def check_caregiver_safe(reel: Reel, evidence: ReelEvidence) -> list[Problem]:
    """The reel judged as a caregiver reel whatever its audience (overrides honoured, FR never)."""
    return check_reel(replace(reel, audience=Audience.CAREGIVER), evidence)


def held_at_export(reel: Reel, problems: list[Problem]) -> list[Problem]:
    """The held clips as errors: nothing leaves vfcoach before its double coding is complete.

    The message is the same wherever the other coder's moments are, so an export that is
    refused tells the person exporting nothing a held clip's add did not.
    """
    numbers = {clip.id: n for n, clip in enumerate(reel.clips, start=1)}
    return [
        Problem(
            Severity.ERROR,
            f"clip {numbers.get(p.clip_id) if p.clip_id else '?'} is {HELD}; export the reel "
            "once every coder of its recording has submitted",
            p.clip_id,
            Concern.HELD,
        )
        for p in problems
        if p.concern is Concern.HELD
    ]


def refuse_held_override(problems: Iterable[Problem], clip_id: ClipId, which: str) -> None:
    """Nobody overrides a held clip: the other coder's moments are not theirs to see yet.

    The same words whether or not a hidden moment is near, so the refusal tells nothing; the
    override can be asked for once every coder of the recording has submitted.
    """
    if any(p.concern is Concern.HELD and p.clip_id == clip_id for p in problems):
        msg = (
            f"{which} is {HELD}; decide about an override once every coder of its recording "
            "has submitted"
        )
        raise ReelRefused([Problem(Severity.ERROR, msg, clip_id)])
