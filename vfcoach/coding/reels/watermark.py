"""What an exported reel's watermark says, and whether it has one (domain.md §7 rule 8).

A copy that leaves vfcoach carries a small per-viewer mark in a corner of every frame, so a
copy found where it should not be says whose it was. A caregiver's take-home copy is marked
with the family code and the date of export (never a name: §7.1); a coach-view or training
reel, shown to staff, with the name of the person it is shown to. The one exception is a
caregiver copy for which the caregiver-viewing consent records that a clean take-home copy
was agreed (`clean_take_home_agreed`, read from the consent record by the caller): then no
mark. A coach-view reel is always marked, whatever that consent says.

Pure: the video side (`vfcoach.video.export.watermark`) burns the text in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels.model import Audience
from vfcoach.coding.text_rules import one_line

#: Long enough for a name and a date, short enough to stay a corner mark.
MAX_WATERMARK_CHARS = 60


class ViewerNameNeeded(VfcoachError):
    """A coach-view or training reel is marked with who will watch it; nobody was named."""


@dataclass(frozen=True, slots=True)
class Watermark:
    """The text burned into a corner of every frame of one export."""

    text: str

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise VfcoachError("a watermark needs some text")
        if len(self.text) > MAX_WATERMARK_CHARS:
            raise VfcoachError(
                f"a watermark holds at most {MAX_WATERMARK_CHARS} characters "
                f"(this one has {len(self.text)}); use a shorter name"
            )


def watermark_for(
    audience: Audience,
    family_code: str,
    date: dt.date,
    viewer: str | None,
    clean_take_home_agreed: bool,
) -> Watermark | None:
    """The mark of one export, or None for an agreed clean caregiver take-home copy."""
    if audience is Audience.CAREGIVER:
        if clean_take_home_agreed:
            return None
        return Watermark(f"{one_line(family_code)} · {date.isoformat()}")
    name = one_line(viewer or "").strip()
    if not name:
        raise ViewerNameNeeded(
            "a coach-view or training reel is marked with the name of who will watch it: "
            "type their name before exporting"
        )
    return Watermark(f"{name} · {date.isoformat()}")
