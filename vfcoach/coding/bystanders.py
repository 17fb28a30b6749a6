"""Bystander spans: stretches of a recording that show a person who has not consented (§7.4).

A coach flags a span (from, to, an optional note) while coding. The flag belongs to the
recording, not to a coding pass: every coder's reels obey it, and it says nothing about any
pass, so blind double coding has nothing to hide in it. A flagged span never enters a reel
(caregiver or coach-view), a training export or a random fidelity clip. The reel rule treats
it like `FR`: a clip whose padded span, or whose really written frames, touch a flagged span
is refused, whatever the audience and whatever override the clip carries. The coach trims
the clip or removes it; nothing is cut silently, so the reel the coach checked is the reel
that leaves. A span flagged after a clip was made refuses the next export of that reel,
because the export reads the flags again (`services/reels/evidence.py`).

Pure: the spans come from storage through the reel evidence and the fidelity draw.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import FrameTime, format_ms
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.tally.spans import Span

#: A note is a reminder for the coach ("neighbour at the door"), never a name: kept short.
MAX_NOTE_CHARS = 200


@dataclass(frozen=True, slots=True)
class BystanderSpan:
    """`start`..`end` (both frames shown) of one recording show someone who has not consented."""

    recording_id: RecordingId
    start: FrameTime
    end: FrameTime
    note: str = ""
    flagged_by: str = ""
    id: int | None = None  # None until stored

    def __post_init__(self) -> None:
        if self.end.frame < self.start.frame or self.end.pts_ms < self.start.pts_ms:
            raise InvalidTime(
                f"a bystander span cannot end ({format_ms(self.end.pts_ms)}) before it "
                f"starts ({format_ms(self.start.pts_ms)})"
            )
        if len(self.note) > MAX_NOTE_CHARS:
            raise InvalidTime(
                f"a bystander note holds at most {MAX_NOTE_CHARS} characters "
                f"(this one has {len(self.note)})"
            )

    def overlaps(self, start_ms: int, end_ms: int) -> bool:
        """Whether [start_ms, end_ms] (closed: a frame at the edge counts) touches the span."""
        return self.start.pts_ms <= end_ms and self.end.pts_ms >= start_ms

    @property
    def when(self) -> str:
        """The span as a coach reads it: 00:00:12.000 to 00:00:18.000."""
        return f"{format_ms(self.start.pts_ms)} to {format_ms(self.end.pts_ms)}"

    def span(self) -> Span:
        """As a half-open span of time, its last millisecond included."""
        return Span(self.start.pts_ms, self.end.pts_ms + 1)


def overlapping_bystanders(
    spans: Iterable[BystanderSpan], start_ms: int, end_ms: int
) -> list[BystanderSpan]:
    """The flagged spans [start_ms, end_ms] touches, in time order."""
    found = [s for s in spans if s.overlaps(start_ms, end_ms)]
    return sorted(found, key=lambda s: (s.start.pts_ms, s.end.pts_ms))


def bystander_reason(span: BystanderSpan) -> str:
    """Why a clip over `span` is refused, in words that say what to do."""
    return (
        f"the clip shows a bystander who has not consented ({span.when} is flagged); "
        "trim the clip to leave that span out, or remove the clip"
    )
