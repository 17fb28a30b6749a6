"""Highlight reels (domain.md §5): the model, the caregiver-safety rules, suggestions.

Pure like the rest of `vfcoach.coding`: the export, the editor and the CLI call these same
rules, and storage only supplies the evidence they judge.
"""

from vfcoach.coding.reels.captions import DEFAULT_JARGON, CaptionLint
from vfcoach.coding.reels.limits import ReelLimits, length_problems
from vfcoach.coding.reels.model import (
    DEFAULT_POST_ROLL_MS,
    DEFAULT_PRE_ROLL_MS,
    ClipId,
    ClipNotFound,
    Reel,
    ReelClip,
    ReelId,
    new_clip_id,
)
from vfcoach.coding.reels.problems import Problem, ReelRefused, Severity, errors, refuse_errors
from vfcoach.coding.reels.rules import ReelEvidence, check_caregiver_safe, clip_problems
from vfcoach.coding.reels.safety import (
    NEGATIVE_MODIFIERS,
    CodedRecording,
    anchor_reason,
    clip_safety,
    concern_reason,
)
from vfcoach.coding.reels.suggest import CAPTIONS, Suggestion, suggest_moments

__all__ = [
    "CAPTIONS",
    "DEFAULT_JARGON",
    "DEFAULT_POST_ROLL_MS",
    "DEFAULT_PRE_ROLL_MS",
    "NEGATIVE_MODIFIERS",
    "CaptionLint",
    "ClipId",
    "ClipNotFound",
    "CodedRecording",
    "Problem",
    "Reel",
    "ReelClip",
    "ReelEvidence",
    "ReelId",
    "ReelLimits",
    "ReelRefused",
    "Severity",
    "Suggestion",
    "anchor_reason",
    "check_caregiver_safe",
    "clip_problems",
    "clip_safety",
    "concern_reason",
    "errors",
    "length_problems",
    "new_clip_id",
    "refuse_errors",
    "suggest_moments",
]
