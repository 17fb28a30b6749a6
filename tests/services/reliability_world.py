"""Real recordings (generated videos, imported) coded by two coders, for the reliability tests.

The videos run at 10 fps, so every time in domain.md's worked examples (tenths of a second)
is exactly one frame's time and the hand-worked figures hold without rounding.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.consent_helpers import agree
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import RecordingId, new_annotation_id
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database

FPS = 10
Event = tuple[str, float] | tuple[str, float, float]  # (code, onset s[, offset s])

# domain.md §6 worked example 3 with point codes standing in for the ITM targets
# (NUR -> NUR, FTL -> C_LEAD, DEL -> DEL): at ±2 s four pairs, κ = 0.1818...
EXAMPLE3_A: list[Event] = [
    ("NUR", 12.0), ("C_LEAD", 30.5), ("C_LEAD", 47.0), ("DEL", 80.2), ("C_LEAD", 101.0),
]  # fmt: skip
EXAMPLE3_B: list[Event] = [
    ("NUR", 13.1), ("C_LEAD", 30.0), ("C_LEAD", 52.0), ("C_LEAD", 79.0), ("C_LEAD", 102.5),
]  # fmt: skip


def runs(pattern: str) -> list[Event]:
    """`FFII--` (one letter per second) as LEAD-set states: F = FTL, I = INT, - = none."""
    codes = {"F": "FTL", "I": "INT"}
    out: list[Event] = []
    start = 0
    for i in range(1, len(pattern) + 1):
        if i == len(pattern) or pattern[i] != pattern[start]:
            if pattern[start] in codes:
                out.append((codes[pattern[start]], float(start), float(i)))
            start = i
    return out


# domain.md §6 worked example 2: 20 one-second slices, Po = .90, κ = .82 (.8214...)
EXAMPLE2_A = runs("FFFFFFIIII----FFFFFF")
EXAMPLE2_B = runs("FFFFFIIIII---FFFFFFF")


def import_video(
    db: Database, video: Path, family: str, visit: int, date: dt.date | None = None
) -> RecordingId:
    date = date or dt.date(2026, 3, visit)
    rec = ImportRecordingOperation(db, video, family, visit, date).run().id
    agree(db, family)  # supervision, double coding: the family agreed (issue 14 §1)
    return rec


def _at(seconds: float) -> FrameTime:
    frame = round(seconds * FPS)
    return FrameTime(frame, frame * 1000 // FPS)


def code(
    db: Database, rec: RecordingId, coder: str, events: list[Event], submit: bool = True
) -> None:
    """`coder`'s pass of `rec` holding `events`, submitted unless asked otherwise."""
    with db.uow() as uow:
        recording = uow.recordings.get(rec)
        assert recording.scheme_id is not None
        who = uow.coders.get_or_create(coder)
        p = uow.passes.get_or_create(rec, who.id, recording.scheme_id)
        for ev in events:
            offset = _at(ev[2]) if len(ev) == 3 else None
            uow.annotations.add(Annotation(new_annotation_id(), p.id, ev[0], _at(ev[1]), offset))
        uow.commit()
    if submit:
        SubmitPassOperation(db, rec, coder).run()
