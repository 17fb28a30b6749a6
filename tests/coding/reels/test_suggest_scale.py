"""Suggestions on busy recordings: the same clips as the plain scan gave, in near-linear time.

The overlap check used to scan every annotation per candidate (issue 10 item 7). These tests
pin what the suggestions were before the index came in: seeded recordings with fixed ids,
and the clips the old code chose for them, written down (anchor number, in/out frame, rank).
`overlapping` is also compared with the plain scan, window by window, including hidden
passes, open states, codes unknown to the scheme and moments longer than the index's cut.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterable

import pytest

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId
from vfcoach.coding.reels import CodedRecording, ReelClip, new_clip_id, suggest_moments
from vfcoach.coding.reels.safety import (
    _span_ms,
    clip_safety,
    concern_reason,
    is_clip_safe,
    overlapping,
)
from vfcoach.coding.scheme_json import builtin_scheme

ABC = builtin_scheme("abc-style")
FPS = 25
REC = RecordingId(11)
KEYS = ("C_DIS", "NUR", "DEL", "FTL", "INT", "OVW", "NUR_MISS", "FR", "ITM", "C_REACT", "ZZZ")
WEIGHTS = (20, 20, 15, 15, 1, 1, 1, 0.3, 15, 10, 0.2)  # mostly strengths and cues


def _recording(seed: int, count: int, minutes: int, passes: int = 1) -> list[Annotation]:
    """`count` events of every kind over `minutes`, ids 1..count, triggers to earlier ones."""
    rng = random.Random(seed)
    fmap = FrameMap.constant(minutes * 60 * FPS, FPS)
    last = fmap.frame_count - 1
    out: list[Annotation] = []
    for n in range(1, count + 1):
        key = rng.choices(KEYS, WEIGHTS)[0]
        f = rng.randrange(0, last - 2 * FPS)
        offset = None
        # a state; an INT may be left open, running to the end of the recording
        if key == "FTL" or (key == "INT" and rng.random() < 0.9):
            offset = fmap.moment(min(last, f + rng.randrange(FPS, 90 * FPS)))
        mods: tuple[tuple[str, str], ...] = ()
        if key == "ITM":
            mods = (("valence", rng.choice(["positive", "scaffolding"])),)
        elif key == "C_REACT":
            mods = (("reaction", rng.choice(["positive", "negative"])),)
        trigger = None
        if out and key in ("NUR", "ITM", "C_REACT", "DEL"):
            trigger = out[rng.randrange(len(out))].id
        out.append(
            Annotation(
                AnnotationId(uuid.UUID(int=n)),
                PassId(1 + n % passes),
                key,
                fmap.moment(f),
                offset,
                mods,
                "",
                trigger,
            )
        )
    return out


def _coded(
    annotations: list[Annotation], minutes: int, hidden: frozenset[PassId]
) -> CodedRecording:
    schemes = {a.pass_id: ABC for a in annotations}
    return CodedRecording(REC, tuple(annotations), schemes, minutes * 60_000, hidden)


def _summary(annotations: list[Annotation], coded: CodedRecording, minutes: int, **kw: object):
    fmap = FrameMap.constant(minutes * 60 * FPS, FPS)
    own = [a for a in annotations if a.pass_id == PassId(1)]
    found = suggest_moments(own, ABC, fmap, REC, coded=coded, **kw)  # type: ignore[arg-type]
    return [
        (
            None if s.clip.annotation_id is None else s.clip.annotation_id.int,
            s.clip.start.frame,
            s.clip.end.frame,
            s.rank,
            s.code_key,
        )
        for s in found
    ]


# What the plain scan chose (git 51b920e), for the inputs below.
BEFORE = {
    "codes filter": [
        (458, 2, 77, 0, "NUR"),
        (303, 6881, 6956, 0, "NUR"),
        (451, 14067, 14142, 0, "NUR"),
        (940, 20237, 20312, 0, "NUR"),
        (341, 26940, 27015, 0, "NUR"),
    ],
    "delight and following": [
        (1546, 1371, 1446, 5, "DEL"),
        (734, 3628, 3703, 5, "DEL"),
        (56, 6709, 6734, 4, "FTL"),
        (616, 7788, 7863, 5, "DEL"),
        (504, 11213, 11288, 5, "DEL"),
        (1142, 16366, 16441, 5, "DEL"),
    ],
    "dense": [
        (1780, 15098, 15173, 0, "NUR"),
        (534, 15327, 15402, 0, "NUR"),
        (2272, 22113, 22188, 0, "NUR"),
        (982, 22640, 22715, 0, "NUR"),
        (1037, 25888, 25963, 0, "NUR"),
    ],
    "sparse two coders": [
        (284, 6367, 6442, 0, "NUR"),
        (304, 24893, 24968, 0, "NUR"),
        (148, 40917, 40992, 0, "NUR"),
        (118, 54020, 54095, 0, "NUR"),
    ],
}

INPUTS = {
    "dense": (1, 3_000, 20, 1, frozenset(), {}),
    "sparse two coders": (2, 400, 60, 2, frozenset({PassId(2)}), {"max_clips": 4}),
    "codes filter": (3, 1_500, 40, 1, frozenset(), {"codes": ["NUR", "ITM"], "pre_ms": 0}),
    "delight and following": (
        7,
        2_000,
        30,
        2,
        frozenset(),
        {"codes": ["DEL", "FTL", "ITM"], "max_clips": 6},
    ),
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_suggestions_are_those_the_plain_scan_gave(name: str) -> None:
    seed, count, minutes, passes, hidden, kw = INPUTS[name]
    annotations = _recording(seed, count, minutes, passes)
    coded = _coded(annotations, minutes, hidden)
    assert _summary(annotations, coded, minutes, **kw) == BEFORE[name]


def _plain_scan(
    start_ms: int, end_ms: int, coded: CodedRecording
) -> Iterable[tuple[Annotation, str]]:
    """The old overlap check: every annotation, judged per question (hidden passes left out)."""
    for a in coded.annotations:
        if coded.is_hidden(a):
            continue
        scheme = coded.schemes.get(a.pass_id)
        reason = concern_reason(a, scheme)
        if reason is None:
            continue
        a_start, a_end = _span_ms(a, scheme, coded.duration_ms)
        if a_start <= end_ms and a_end >= start_ms:
            yield a, reason


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_overlapping_matches_the_plain_scan(seed: int) -> None:
    minutes = 30
    annotations = _recording(seed, 800, minutes, passes=2)
    coded = _coded(annotations, minutes, frozenset({PassId(2)}))
    rng = random.Random(seed)
    for _ in range(300):
        start = rng.randrange(-5_000, minutes * 60_000)
        end = start + rng.choice([0, 1, 999, 5_000, 30_000, 200_000])
        assert list(overlapping(start, end, coded)) == list(_plain_scan(start, end, coded))
    for a in annotations:  # edges: a window that just touches each moment
        for edge in (a.onset.pts_ms, (a.offset or a.onset).pts_ms):
            got = list(overlapping(edge, edge, coded))
            assert got == list(_plain_scan(edge, edge, coded))
    assert coded.annotation(annotations[10].id) is annotations[10]
    assert coded.annotation(AnnotationId(uuid.UUID(int=10**9))) is None


def test_the_quick_safety_answer_is_the_full_one() -> None:
    """`is_clip_safe` (used for thousands of candidates) agrees with `clip_safety`."""
    minutes = 20
    annotations = _recording(8, 1_000, minutes, passes=2)
    coded = _coded(annotations, minutes, frozenset({PassId(2)}))
    fmap = FrameMap.constant(minutes * 60 * FPS, FPS)
    rng = random.Random(8)
    verdicts = set()
    for n in range(600):
        anchor = annotations[rng.randrange(len(annotations))] if n % 3 else None
        first = rng.randrange(0, fmap.frame_count - 200) if anchor is None else anchor.onset.frame
        first = min(first, fmap.frame_count - 201)
        clip = ReelClip(
            new_clip_id(), REC, fmap.moment(first), fmap.moment(first + rng.randrange(1, 200)),
            "", None if anchor is None else anchor.id, rng.choice([0, 1000]), 1000,
        )  # fmt: skip
        safe = is_clip_safe(clip, coded)
        assert safe == (not clip_safety(clip, coded))
        verdicts.add(safe)
    assert verdicts == {True, False}
