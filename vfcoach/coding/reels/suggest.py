"""Suggested reel moments: strengths, ranked by code and spread over the recording (domain.md §5).

A good caregiver reel is a few short strength moments, the whole small story each (cue,
response, reaction). So a suggestion starts at the cue the behaviour answers (its `trigger`
link, e.g. NUR -> C_DIS) and runs a few seconds past the behaviour to show the child's
reaction; a state code (FTL, MOMENT) is its own story, cut to the typical clip length.

Ranking follows §5's list (nurturance and calming first: comfort is what ABC's video feedback
most wants a caregiver to see again), then picks greedily by rank while keeping suggestions
apart (a minimum gap of duration / (2 × max_clips)), so five NURs from the first minute do
not crowd out a delight moment at the end; if that leaves too few, the gap relaxes to "no
overlap". Every suggestion passes the safety rule and the caption lint before it is offered.
A positive ITM is a coach's remark about a strength: it suggests the behaviour it comments
on (its trigger), since the ITM code itself is not caregiver-visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, RecordingId
from vfcoach.coding.reels.captions import CaptionLint
from vfcoach.coding.reels.model import ReelClip, new_clip_id
from vfcoach.coding.reels.safety import (
    CodedRecording,
    anchor_reason,
    concern_reason,
    is_clip_safe,
)
from vfcoach.coding.scheme import CodeKind, Polarity, Scheme

#: Rank (lower first) and the default plain-language caption per strength code.
CAPTIONS: Mapping[str, tuple[int, str]] = {
    "NUR": (0, "You comforted your child as soon as they were upset."),
    "CALM": (1, "You stayed close and helped your child settle."),
    "P_RESP": (2, "You saw what your child was telling you, and you answered."),
    "MOMENT": (3, "Look at what happens between the two of you here."),
    "FTL": (4, "You went along with what your child wanted to do, at their pace."),
    "DEL": (5, "You enjoyed your child, and your child could see it."),
}
OTHER_STRENGTH = (8, "Here is a moment you can be proud of.")
ITM_RANK_PENALTY = 1  # a behaviour reached through a positive comment ranks just below its own
POINT_AFTER_MS = 3_000  # after a point behaviour: time for the child's reaction
CUE_WINDOW_MS = 10_000  # a cue older than this is not part of the same small story
POSITIVE = {"MOMENT": ("type", "positive"), "P_RESP": ("fit", "attuned")}
ITM_KEY = "ITM"


@dataclass(frozen=True, slots=True)
class Suggestion:
    clip: ReelClip
    code_key: str
    rank: int


def _qualifies(a: Annotation) -> bool:
    wanted = POSITIVE.get(a.code_key)
    return wanted is None or a.modifier(wanted[0]) == wanted[1]


def _snap(frame_map: FrameMap, ms: int) -> FrameTime:
    return frame_map.moment(frame_map.at_ms(min(max(ms, 0), frame_map.duration_ms)))


def _moment(
    a: Annotation, scheme: Scheme, by_id: Mapping[AnnotationId, Annotation], cap_ms: int,
    frame_map: FrameMap, reactions: Mapping[AnnotationId, Annotation],
) -> tuple[FrameTime, FrameTime]:  # fmt: skip
    if scheme.code(a.code_key).kind is CodeKind.STATE:
        end_ms = a.onset.pts_ms + cap_ms if a.offset is None else a.offset.pts_ms
        return a.onset, _snap(frame_map, min(end_ms, a.onset.pts_ms + cap_ms))
    start = a.onset
    cue = None if a.trigger is None else by_id.get(a.trigger)
    near = cue is not None and 0 <= a.onset.pts_ms - cue.onset.pts_ms <= CUE_WINDOW_MS
    if cue is not None and near and concern_reason(cue, scheme) is None:
        start = cue.onset
    end_ms = a.onset.pts_ms + POINT_AFTER_MS
    reaction = reactions.get(a.id)
    if reaction is not None:
        end_ms = max(end_ms, reaction.onset.pts_ms + 1000)
    return start, _snap(frame_map, min(end_ms, start.pts_ms + cap_ms))


def _rank_and_caption(a: Annotation, scheme: Scheme) -> tuple[int, str] | None:
    if a.code_key in CAPTIONS:
        return CAPTIONS[a.code_key] if _qualifies(a) else None
    return OTHER_STRENGTH if scheme.code(a.code_key).polarity is Polarity.STRENGTH else None


def _anchors(
    annotations: Sequence[Annotation], scheme: Scheme, codes: frozenset[str] | None
) -> Iterable[tuple[Annotation, int, str]]:
    by_id = {a.id: a for a in annotations}
    for a in annotations:
        if not scheme.has(a.code_key):
            continue
        rank_shift, anchor = 0, a
        if a.code_key == ITM_KEY:
            if a.modifier("valence") != "positive" or a.trigger is None:
                continue
            found = by_id.get(a.trigger)
            if found is None or not scheme.has(found.code_key):
                continue
            rank_shift, anchor = ITM_RANK_PENALTY, found
        if codes is not None and a.code_key not in codes:
            continue
        ranked = _rank_and_caption(anchor, scheme)
        if ranked is not None and anchor_reason(anchor, scheme) is None:
            yield anchor, ranked[0] + rank_shift, ranked[1]


def _apart(clip: ReelClip, chosen: list[ReelClip], gap_ms: int) -> bool:
    return all(
        clip.padded_start_ms >= c.padded_end_ms + gap_ms
        or c.padded_start_ms >= clip.padded_end_ms + gap_ms
        for c in chosen
    )


def suggest_moments(
    annotations: Sequence[Annotation],
    scheme: Scheme,
    frame_map: FrameMap,
    recording_id: RecordingId,
    max_clips: int = 5,
    pre_ms: int = 1000,
    post_ms: int = 1000,
    codes: Iterable[str] | None = None,
    coded: CodedRecording | None = None,
    lint: CaptionLint | None = None,
    typical_max_ms: int = 20_000,
) -> list[Suggestion]:
    """Up to `max_clips` safe strength moments of one pass, in chronological order.

    `codes` limits the anchors to those keys ("ITM" admits positive comments' behaviours).
    `coded` (every pass on the recording) widens the overlap check beyond this pass.
    """
    wanted = None if codes is None else frozenset(codes)
    coded = coded or CodedRecording(
        recording_id, tuple(annotations), {a.pass_id: scheme for a in annotations},
        frame_map.duration_ms,
    )  # fmt: skip
    lint = lint or CaptionLint.for_schemes([scheme])
    by_id = {a.id: a for a in annotations}
    reactions = {
        a.trigger: a
        for a in annotations
        if a.code_key == "C_REACT" and a.trigger and a.modifier("reaction") == "positive"
    }
    cap_ms = max(1000, typical_max_ms - pre_ms - post_ms)
    # One candidate per anchor at its best rank: its clip, caption and safety are the same
    # whichever way it was reached (directly, or through a positive comment).
    best: dict[AnnotationId, Suggestion] = {}
    for anchor, rank, caption in _anchors(annotations, scheme, wanted):
        if anchor.id in best and rank >= best[anchor.id].rank:
            continue
        start, end = _moment(anchor, scheme, by_id, cap_ms, frame_map, reactions)
        clip = ReelClip(
            new_clip_id(), recording_id, start, end, caption, anchor.id, pre_ms, post_ms
        )
        best[anchor.id] = Suggestion(clip, anchor.code_key, rank)
    ordered = sorted(best.values(), key=lambda s: (s.rank, s.clip.start.pts_ms))
    # Safety and caption lint are judged only for candidates the picking reaches, once each:
    # an unsafe one is passed over exactly as if it had never been offered.
    lint_reasons: dict[str, str | None] = {}  # a handful of captions, thousands of anchors
    safe: dict[AnnotationId, bool] = {}

    def offered(s: Suggestion) -> bool:
        key = s.clip.annotation_id
        assert key is not None
        if key not in safe:
            caption = s.clip.caption
            if caption not in lint_reasons:
                lint_reasons[caption] = lint.reason(caption)
            safe[key] = lint_reasons[caption] is None and is_clip_safe(s.clip, coded)
        return safe[key]

    gap_ms = frame_map.duration_ms // max(1, 2 * max_clips)
    chosen: list[Suggestion] = []
    for gap in (gap_ms, 0):
        for s in ordered:
            if len(chosen) >= max_clips:
                break
            if s not in chosen and _apart(s.clip, [c.clip for c in chosen], gap) and offered(s):
                chosen.append(s)
    return sorted(chosen, key=lambda s: s.clip.start.pts_ms)


def with_rolls(s: Suggestion, pre_ms: int, post_ms: int) -> Suggestion:
    return replace(s, clip=replace(s.clip, pre_roll_ms=pre_ms, post_roll_ms=post_ms))
