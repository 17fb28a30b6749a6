"""Annotations, schemes and clips for reel rule tests: 25 fps, 60 s recording."""

from __future__ import annotations

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, FamilyId, PassId, RecordingId, VisitId
from vfcoach.coding.reels import (
    CaptionLint,
    CodedRecording,
    Reel,
    ReelClip,
    ReelEvidence,
    new_clip_id,
)
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme

FPS = 25
FRAME_MAP = FrameMap.constant(60 * FPS, FPS)
ABC = builtin_scheme("abc-style")
VIPP = builtin_scheme("vipp-sd-style")
PASS = PassId(1)
REC = RecordingId(7)
FAMILY = FamilyId(3)


def at(seconds: float) -> FrameTime:
    return FRAME_MAP.moment(FRAME_MAP.at_ms(round(seconds * 1000)))


def ann(
    key: str,
    onset_s: float,
    offset_s: float | None = None,
    mods: tuple[tuple[str, str], ...] = (),
    trigger: AnnotationId | None = None,
    pass_id: PassId = PASS,
) -> Annotation:
    import uuid

    return Annotation(
        AnnotationId(uuid.uuid4()),
        pass_id,
        key,
        at(onset_s),
        None if offset_s is None else at(offset_s),
        tuple(sorted(mods)),
        trigger=trigger,
    )


def coded(annotations: list[Annotation], scheme: Scheme = ABC) -> CodedRecording:
    schemes = {a.pass_id: scheme for a in annotations} or {PASS: scheme}
    return CodedRecording(REC, tuple(annotations), schemes, FRAME_MAP.duration_ms)


def clip(
    start_s: float,
    end_s: float,
    caption: str = "You held her close.",
    anchor: Annotation | None = None,
    recording: RecordingId = REC,
) -> ReelClip:
    return ReelClip(
        new_clip_id(),
        recording,
        at(start_s),
        at(end_s),
        caption,
        None if anchor is None else anchor.id,
    )


def reel(*clips: ReelClip) -> Reel:
    return Reel(VisitId(1), FAMILY, "Visit 1", "coach", tuple(clips))


def evidence(annotations: list[Annotation], scheme: Scheme = ABC, **families: int) -> ReelEvidence:
    fam = {REC: FAMILY, **{RecordingId(int(k[1:])): FamilyId(v) for k, v in families.items()}}
    cod = {REC: coded(annotations, scheme)}
    for rid in fam:
        cod.setdefault(rid, CodedRecording(rid, (), {}, FRAME_MAP.duration_ms))
    return ReelEvidence(fam, cod, CaptionLint.for_schemes([scheme]))
