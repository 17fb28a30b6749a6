"""Small builders for tally tests: a scheme written here (not the shipped JSON) and events.

The scheme is defined in the test so the tally's definitions are checked against domain.md
§4 alone, whatever the built-in schemes later add or rename.
"""

from __future__ import annotations

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, PassId, new_annotation_id
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Scheme

PASS = PassId(1)
MIN = 60_000

ITM_CODE = Code(
    "ITM",
    "Coach comment",
    CodeKind.POINT,
    "c",
    modifiers=(
        ModifierDef("target", values=("NUR", "FTL", "DEL", "AVOID_FR", "CALM", "NONE")),
        ModifierDef("on_target", ModifierKind.FLAG),
        ModifierDef("valence", values=("positive", "scaffolding")),
        ModifierDef(
            "components",
            ModifierKind.SET,
            values=("describes_behaviour", "links_target", "links_outcome"),
        ),
        ModifierDef("addressee", values=("P1", "P2")),
    ),
)

SCHEME = Scheme(
    "tally-test",
    1,
    (
        Code("C_DIS", "Child distress", CodeKind.POINT, "d"),
        Code("NUR", "Nurturing response", CodeKind.POINT, "n"),
        Code("FTL", "Following the lead", CodeKind.STATE, "f", me_set="LEAD"),
        Code("INT", "Taking over", CodeKind.STATE, "i", me_set="LEAD"),
        Code("DEL", "Delight", CodeKind.POINT, "e"),
        ITM_CODE,
        Code("FCLIP", "Fidelity clip", CodeKind.STATE, "k", segment="FIDELITY_CLIP"),
        Code("UNCODABLE", "Uncodable", CodeKind.STATE, "u", segment="UNCODABLE"),
        Code("REVIEW", "Video review", CodeKind.STATE, "r", segment="REVIEW"),
    ),
)


def at(ms: int) -> FrameTime:
    return FrameTime(ms // 10, ms)  # a 100 fps grid: frames only need to be ordered


def point(key: str, ms: int, trigger: AnnotationId | None = None, **mods: str) -> Annotation:
    return Annotation(
        new_annotation_id(), PASS, key, at(ms), None, tuple(sorted(mods.items())), "", trigger
    )


def state(key: str, start_ms: int, end_ms: int | None) -> Annotation:
    return Annotation(
        new_annotation_id(), PASS, key, at(start_ms), None if end_ms is None else at(end_ms)
    )


def itm(
    ms: int,
    target: str = "FTL",
    on: str = "yes",
    valence: str = "positive",
    trigger: AnnotationId | None = None,
    **extra: str,
) -> Annotation:
    return point("ITM", ms, trigger, target=target, on_target=on, valence=valence, **extra)


def mmss(minutes: int, seconds: float = 0.0) -> int:
    return minutes * MIN + round(seconds * 1000)
