"""Annotations (one coded moment) and coding passes (one coder's coding of one recording)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field, replace

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import FrameTime, format_ms
from vfcoach.coding.ids import AnnotationId, CoderId, PassId, RecordingId, SchemeId


class PassStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # never edited again; a correction is a new pass
    LOCKED = "locked"


class PassPurpose(enum.StrEnum):
    """Why a pass exists, which decides how reliability and tallies use it (domain.md §6).

    The coach's own coding is PRIMARY; a second coder's blind pass is RELIABILITY, the
    master coder's is MASTER; a CONSENSUS pass records how a supervisor resolved the
    disagreements, and never replaces the two passes reliability is computed on.
    """

    PRIMARY = "primary"
    RELIABILITY = "reliability"
    MASTER = "master"
    CONSENSUS = "consensus"


@dataclass(frozen=True, slots=True)
class CodingPass:
    """One coder's coding of one recording; `revision` > 1 is a correction of a submitted one.

    A submitted pass is never edited again, so a correction is a new pass of the same coder
    with the next revision, and the submitted one stays exactly as reliability saw it.
    """

    id: PassId
    recording_id: RecordingId
    coder_id: CoderId
    scheme_id: SchemeId
    status: PassStatus = PassStatus.DRAFT
    purpose: PassPurpose = PassPurpose.PRIMARY
    revision: int = 1
    submitted_at: dt.datetime | None = None  # UTC; None while a draft

    @property
    def editable(self) -> bool:
        return self.status is PassStatus.DRAFT


@dataclass(frozen=True, slots=True)
class Annotation:
    """One coded moment. `offset` is None for point codes and for a state still open."""

    id: AnnotationId
    pass_id: PassId
    code_key: str
    onset: FrameTime
    offset: FrameTime | None = None
    modifiers: tuple[tuple[str, str], ...] = ()  # tuple, not dict: immutable and hashable
    note: str = ""
    trigger: AnnotationId | None = None  # ITM -> the behaviour it comments on
    # Which stored version of the row this value is: an edit is applied only to that one.
    # Not part of equality: the same coding at another version is still the same coding.
    version: int = field(default=1, compare=False)

    def __post_init__(self) -> None:
        if self.offset is not None and self.offset.frame < self.onset.frame:
            raise InvalidTime(
                f"{self.code_key} ends at {format_ms(self.offset.pts_ms)}, "
                f"before it starts at {format_ms(self.onset.pts_ms)}"
            )

    @property
    def duration_ms(self) -> int:
        return 0 if self.offset is None else self.offset.pts_ms - self.onset.pts_ms

    def modifier(self, name: str) -> str | None:
        return next((v for k, v in self.modifiers if k == name), None)

    def with_modifier(self, name: str, value: str | None) -> Annotation:
        rest = tuple((k, v) for k, v in self.modifiers if k != name)
        mods = rest if value is None else (*rest, (name, value))
        return replace(self, modifiers=tuple(sorted(mods)))

    def sort_key(self) -> tuple[int, str, str]:
        return (self.onset.frame, self.code_key, str(self.id))
