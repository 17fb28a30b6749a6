"""Frame-exact moments in a recording and their human forms.

A moment is stored as frame index *and* integer milliseconds, never float seconds alone:
the frame rules seeking (coders step frame by frame), the milliseconds serve export and
re-probing, and both survive variable-frame-rate phone video.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vfcoach.coding.errors import InvalidTime


@dataclass(frozen=True, slots=True, order=True)
class FrameTime:
    """A moment in one recording: 0-based presentation index and its pts in ms from frame 0."""

    frame: int
    pts_ms: int

    def __post_init__(self) -> None:
        if self.frame < 0 or self.pts_ms < 0:
            raise InvalidTime(f"a moment cannot be negative (frame {self.frame}, {self.pts_ms} ms)")


def format_ms(ms: int) -> str:
    """HH:MM:SS.mmm, the form coaches read and the CSV export writes."""
    sign = "-" if ms < 0 else ""
    ms = abs(ms)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    return f"{sign}{h:02d}:{m:02d}:{s:02d}.{milli:03d}"


# [0-9] with re.ASCII: `\d` and `float()` also accept "١٢" (Arabic-Indic 12), never meant here
_CLOCK = re.compile(r"(?:([0-9]{1,3}):)?([0-9]{1,2}):([0-9]{1,2}(?:\.[0-9]{1,3})?)", re.ASCII)
_SECONDS = re.compile(r"([0-9]{1,7})(?:\.([0-9]{1,9}))?", re.ASCII)
MAX_TIME_MS = 100 * 3_600_000  # 100 hours: far beyond any visit, far below any overflow


def parse_time_ms(text: str) -> int:
    """Parse seconds ("72.48") or a clock ("00:01:12.480", "1:12.5") into integer ms.

    Rounds once, to the nearest millisecond, so an exported time re-imports to the same value.
    Only ASCII digits, and at most 100 hours: a 400-digit time is a typo, not a moment.
    """
    t = text.strip()
    if _SECONDS.fullmatch(t):
        return _bounded(text, round(float(t) * 1000))
    m = _CLOCK.fullmatch(t)
    if not m:
        shown = t if len(t) <= 40 else t[:37] + "..."
        shown = shown.encode("unicode_escape").decode("ascii")
        raise InvalidTime(f"'{shown}' is not a time (use seconds like 72.48 or HH:MM:SS.mmm)")
    hours = int(m.group(1) or 0)
    minutes = int(m.group(2))
    seconds = float(m.group(3))
    if minutes >= 60 and m.group(1) is not None:
        raise InvalidTime(f"'{text}' has {minutes} minutes")
    if seconds >= 60:
        raise InvalidTime(f"'{text}' has {seconds:g} seconds")
    return _bounded(text, hours * 3_600_000 + minutes * 60_000 + round(seconds * 1000))


def _bounded(text: str, ms: int) -> int:
    if ms > MAX_TIME_MS:
        raise InvalidTime(f"'{text.strip()}' is more than 100 hours")
    return ms
