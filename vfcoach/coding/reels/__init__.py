"""Highlight reels (domain.md §5): the model, the caregiver-safety rules, suggestions.

Pure like the rest of `vfcoach.coding`: the export, the editor and the CLI call these same
rules, and storage only supplies the evidence they judge.
"""

from vfcoach.coding.reels.captions import DEFAULT_JARGON, CaptionLint
from vfcoach.coding.reels.limits import ReelLimits, length_problems
from vfcoach.coding.reels.model import (
    DEFAULT_POST_ROLL_MS,
    DEFAULT_PRE_ROLL_MS,
    MIN_REASON_WORDS,
    Audience,
    ClipId,
    ClipNotFound,
    ClipOverride,
    Reel,
    ReelClip,
    ReelId,
    new_clip_id,
)
from vfcoach.coding.reels.problems import (
    Concern,
    Problem,
    ReelRefused,
    Severity,
    errors,
    refuse_errors,
)
from vfcoach.coding.reels.rules import (
    ReelEvidence,
    check_caregiver_safe,
    check_reel,
    clip_problems,
)
from vfcoach.coding.reels.safety import (
    FRIGHTENING_KEYS,
    NEGATIVE_MODIFIERS,
    CodedRecording,
    anchor_reason,
    clip_safety,
    concern_reason,
    written_range_reasons,
)
from vfcoach.coding.reels.suggest import CAPTIONS, Suggestion, suggest_moments

__all__ = [
    "CAPTIONS",
    "DEFAULT_JARGON",
    "DEFAULT_POST_ROLL_MS",
    "DEFAULT_PRE_ROLL_MS",
    "FRIGHTENING_KEYS",
    "MIN_REASON_WORDS",
    "NEGATIVE_MODIFIERS",
    "Audience",
    "CaptionLint",
    "ClipId",
    "ClipNotFound",
    "ClipOverride",
    "CodedRecording",
    "Concern",
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
    "check_reel",
    "clip_problems",
    "clip_safety",
    "concern_reason",
    "errors",
    "length_problems",
    "new_clip_id",
    "refuse_errors",
    "suggest_moments",
    "written_range_reasons",
]
