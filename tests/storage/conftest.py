"""A small coded world (family, visit, recording, scheme, coder, pass) and annotation builders."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from vfcoach.coding.annotation import Annotation, CodingPass
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, PassId, new_annotation_id
from vfcoach.coding.project import Coder, Family, MediaFacts, Recording, Visit
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database

FPS = 25
FRAMES = 250


def media_facts(fingerprint: str = "sha256:abc", frames: int = FRAMES) -> MediaFacts:
    frame_map = FrameMap.constant(frames, FPS)
    return MediaFacts(
        fingerprint=fingerprint,
        duration_ms=frame_map.duration_ms,
        fps=float(FPS),
        frame_count=frames,
        width=160,
        height=120,
        rotation=90,
        has_audio=True,
        frame_map_blob=frame_map.to_bytes(),
    )


def moment(frame: int) -> FrameTime:
    return FrameTime(frame, frame * 1000 // FPS)


def annotation(
    pass_id: PassId,
    onset: int,
    key: str = "NUR",
    offset: int | None = None,
    modifiers: tuple[tuple[str, str], ...] = (),
    note: str = "",
    trigger: AnnotationId | None = None,
) -> Annotation:
    return Annotation(
        id=new_annotation_id(),
        pass_id=pass_id,
        code_key=key,
        onset=moment(onset),
        offset=None if offset is None else moment(offset),
        modifiers=modifiers,
        note=note,
        trigger=trigger,
    )


@dataclass(frozen=True)
class World:
    family: Family
    visit: Visit
    recording: Recording
    scheme: Scheme
    coder: Coder
    cpass: CodingPass


def build_world(db: Database, coder_name: str = "coder-a") -> World:
    with db.uow() as uow:
        family = uow.families.add("F-0417")
        visit = uow.visits.add(family.id, 1)
        recording = uow.recordings.add(visit.id, "/media/visit1.mp4", media_facts())
        scheme = uow.schemes.ensure(builtin_scheme("abc-style"))
        coder = uow.coders.get_or_create(coder_name)
        assert scheme.id is not None
        cpass = uow.passes.get_or_create(recording.id, coder.id, scheme.id)
        uow.commit()
    return World(family, visit, recording, scheme, coder, cpass)


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)
