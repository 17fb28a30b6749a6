"""How vfcoach names a recording and an export file: by codes, never by a file's name (§7.1).

A video's own file name is often the family's surname or a child's first name ("Smithson
home visit.mp4"). vfcoach keeps the path only to find the file again; everything a person
reads (the browser, window titles, messages, exports, reports, logs) names a recording by
family code, visit number and a neutral label ("recording 2", which the coach may rename).
Rows added before this rule carry the file's name as their label: `shown_label` never shows
that either, and says "recording <id>" instead.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

from vfcoach.coding.project import Recording


def neutral_label(number: int) -> str:
    """The label a new recording gets: its place among its visit's recordings."""
    return f"recording {number}"


def safe_label(rec: Recording) -> str:
    """The stored label, or "" where it is (or is the stem of) the file's name (older rows)."""
    label = rec.label.strip()
    name = PurePath(rec.media_path).name
    if label.casefold() in (name.casefold(), PurePath(name).stem.casefold()):
        return ""
    return label


def shown_label(rec: Recording) -> str:
    """The recording's label as a person reads it: `safe_label`, else "recording <id>"."""
    return safe_label(rec) or f"recording {rec.id}"


def recording_title(family_code: str, visit_number: int, rec: Recording) -> str:
    """`F-0417 · Visit 3 · recording 1`: window titles and messages."""
    return f"{family_code} · Visit {visit_number} · {shown_label(rec)}"


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def export_file_name(
    family_code: str, visit_number: int | None, what: str, day: dt.date, suffix: str
) -> str:
    """A default export file name from codes and the date: `F-0417-visit3-reel-2026-12-06.mp4`."""
    parts = [family_code, f"visit{visit_number}" if visit_number is not None else "", what]
    stem = "-".join(_UNSAFE.sub("-", p).strip("-") for p in parts if p)
    return f"{stem}-{day.isoformat()}{suffix}"
