"""What the demo coach "coded" on the demo visits: a plausible ABC-style pass, as data.

A new user should open the demo and see every kind of thing vfcoach shows: a child's
distress met with nurturance, following the lead in stretches of the `LEAD` set interrupted
by short bouts of taking over, delight, one frightening-behaviour moment (a clinical
observation of a moment, never a judgement of the caregiver), and the coach's in-the-moment
comments with target, on-target and valence, linked to the behaviour they comment on.
Times are written for a 150 s video and scaled to the real one, so a short demo made for
tests keeps the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, PassId, new_annotation_id
from vfcoach.coding.scheme import Scheme

PLAN_SECONDS = 150


@dataclass(frozen=True, slots=True)
class PlannedCode:
    key: str
    start_s: float
    end_s: float | None = None
    modifiers: tuple[tuple[str, str], ...] = ()
    note: str = ""
    comments_on: int | None = None  # index in the plan of the behaviour an ITM is about


def _itm(
    at: float, target: str, on: str, valence: str, about: int | None, note: str = ""
) -> PlannedCode:
    mods = (("on_target", on), ("target", target), ("valence", valence))
    return PlannedCode("ITM", at, modifiers=mods, note=note, comments_on=about)


VISIT_1: tuple[PlannedCode, ...] = (
    PlannedCode("FTL", 2.0, 28.0, note="stacking blocks at her pace"),  # 0
    PlannedCode("C_LEAD", 3.0, note="reaches for the blue block"),  # 1
    PlannedCode("DEL", 6.5, note="shared laugh when the tower falls"),  # 2
    _itm(8.0, "FTL", "yes", "positive", 0, "you handed her the block she reached for"),  # 3
    PlannedCode("INT", 28.0, 36.0, note="colour quiz while she is stacking"),  # 4
    PlannedCode("FTL", 36.0, 70.0),  # 5
    _itm(37.0, "FTL", "yes", "scaffolding", 5, "she is looking at the ball: what might she want?"),
    PlannedCode("C_LEAD", 40.0),  # 7
    PlannedCode("DEL", 45.5),  # 8
    _itm(47.0, "DEL", "yes", "positive", 8),  # 9
    PlannedCode("C_DIS", 55.0, modifiers=(("intensity", "high"),), note="bumps her head"),  # 10
    PlannedCode("NUR", 57.5, note="picks her up: 'oh, that hurt'"),  # 11
    _itm(60.0, "NUR", "yes", "positive", 11, "you picked her up right away"),  # 12
    PlannedCode("INT", 70.0, 78.0),  # 13
    PlannedCode("FTL", 78.0, 120.0),  # 14
    PlannedCode("C_DIS", 85.0, modifiers=(("intensity", "low"),), note="muted cue: turns away"),
    PlannedCode("NUR", 87.0),  # 16
    _itm(89.5, "NUR", "yes", "positive", 16),  # 17
    PlannedCode("FR", 96.0, modifiers=(("subtype", "harsh"),), note="raised voice at the spill"),
    _itm(99.0, "AVOID_FR", "yes", "scaffolding", 18),  # 19
    PlannedCode("DEL", 104.0),  # 20
    _itm(110.0, "NONE", "no", "positive", None, "general 'good job'"),  # 21
    PlannedCode("INT", 120.0, 126.0),  # 22
    PlannedCode("FTL", 126.0, 148.0),  # 23
    PlannedCode("C_LEAD", 130.0),  # 24
    PlannedCode("DEL", 135.0),  # 25
    _itm(137.0, "FTL", "yes", "positive", 23),  # 26
)

VISIT_2: tuple[PlannedCode, ...] = (
    PlannedCode("FTL", 5.0, 60.0, note="book reading, she turns the pages"),  # 0
    PlannedCode("DEL", 20.0),  # 1
    _itm(22.0, "DEL", "yes", "positive", 1, "your smile when she found the duck"),  # 2
    PlannedCode("C_DIS", 70.0, modifiers=(("intensity", "low"),)),  # 3
    PlannedCode("NUR", 72.0),  # 4
    _itm(74.0, "NUR", "yes", "positive", 4),  # 5
)


def build_annotations(
    plan: tuple[PlannedCode, ...], scheme: Scheme, frame_map: FrameMap, pass_id: PassId
) -> list[Annotation]:
    """The plan as annotations on this recording's frames, ITMs linked to their behaviour.

    Raises `SchemeError` if the plan names a code the scheme lacks, so a renamed built-in
    code breaks the demo test instead of a demo with holes.
    """
    last_ms = int(frame_map.pts_ms[-1])
    scale = min(1.0, frame_map.duration_ms / (PLAN_SECONDS * 1000))

    def moment(seconds: float) -> FrameTime:
        return frame_map.moment_at_ms(min(round(seconds * 1000 * scale), last_ms))

    ids: list[AnnotationId] = [new_annotation_id() for _ in plan]
    out: list[Annotation] = []
    for i, p in enumerate(plan):
        scheme.code(p.key)
        onset = moment(p.start_s)
        offset = None if p.end_s is None else moment(p.end_s)
        trigger = None if p.comments_on is None else ids[p.comments_on]
        out.append(Annotation(ids[i], pass_id, p.key, onset, offset, p.modifiers, p.note, trigger))
    return out
