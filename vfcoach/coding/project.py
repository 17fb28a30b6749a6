"""Families, children, visits, recordings and coders: who and what was filmed.

Families and children carry pseudonymous codes only; vfcoach never needs a real name.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from vfcoach.coding.ids import ChildId, CoderId, FamilyId, RecordingId, SchemeId, VisitId


@dataclass(frozen=True, slots=True)
class Family:
    id: FamilyId
    code: str  # pseudonymous, e.g. "F-0417"
    programme: str = "ABC"


@dataclass(frozen=True, slots=True)
class Child:
    id: ChildId
    family_id: FamilyId
    pseudonym: str
    birth_month: str | None = None  # "YYYY-MM": enough for age bands, less identifying


@dataclass(frozen=True, slots=True)
class Visit:
    id: VisitId
    family_id: FamilyId
    number: int
    date: dt.date | None = None
    programme: str = "ABC"


@dataclass(frozen=True, slots=True)
class MediaFacts:
    """What probing a media file tells storage; filled by `vfcoach.video.probe`."""

    fingerprint: str
    duration_ms: int
    fps: float
    frame_count: int
    width: int
    height: int
    rotation: int
    has_audio: bool
    frame_map_blob: bytes  # FrameMap.to_bytes()


@dataclass(frozen=True, slots=True)
class Recording:
    id: RecordingId
    visit_id: VisitId
    media_path: str
    facts: MediaFacts
    scheme_id: SchemeId | None = None
    label: str = ""
    archived: bool = False  # out of the browser's default view; nothing of it is lost


class CoderRole(enum.StrEnum):
    CODER = "coder"
    SUPERVISOR = "supervisor"  # assigns double coding and may read blind passes (audited)


@dataclass(frozen=True, slots=True)
class Coder:
    id: CoderId
    name: str
    is_master: bool = False
    role: CoderRole = CoderRole.CODER

    @property
    def is_supervisor(self) -> bool:
        return self.role is CoderRole.SUPERVISOR
