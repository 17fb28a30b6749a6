"""The list of recorded sessions (family, visit, recording) as flat values for tables and JSON.

The session browser and `vfcoach session list` show the same rows, so the joining of
families, visits, recordings and annotation counts happens once, here, in one read-only
unit of work. A row says whether its video is where the database thinks, because a moved
file is the most common reason a coach cannot open a session (see `relink.py`).

The count is of the codes the asking person may read: while a recording is double-coded
blind, a count over every pass would tell a coder how many codes the other coder has
placed. So passes hidden from them (`BlindView`) are left out of it until every coder of
the recording has submitted, and on a database with blind coding nobody lists unnamed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path

from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import FamilyId, RecordingId, VisitId
from vfcoach.coding.pseudonym import shown_label
from vfcoach.coding.text_rules import one_line
from vfcoach.services.access import Actor
from vfcoach.services.blind_view import BlindView
from vfcoach.storage.database import Database


@dataclass(frozen=True, slots=True)
class SessionRow:
    recording_id: RecordingId
    family_id: FamilyId
    family_code: str
    visit_id: VisitId
    visit_number: int
    visit_date: dt.date | None
    programme: str
    media_path: str
    media_present: bool
    duration_ms: int
    frame_count: int
    label: str
    annotation_count: int

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        del out["media_path"]  # kept to find the file, never printed (§7.1)
        out["visit_date"] = None if self.visit_date is None else self.visit_date.isoformat()
        out["duration"] = format_ms(self.duration_ms)
        return out


def list_sessions(db: Database, actor: Actor | None = None) -> list[SessionRow]:
    """Every recording with its family and visit, ordered by family code, visit, recording.

    `actor`: who asks (`--as NAME`, the window's coder); it decides which passes count.
    """
    rows: list[SessionRow] = []
    with db.uow() as uow:
        blind = BlindView(uow, actor)
        families = {f.id: f for f in uow.families.list()}
        visits = {v.id: v for fid in families for v in uow.visits.for_family(fid)}
        for recording in uow.recordings.list():
            visit = visits.get(recording.visit_id) or uow.visits.get(recording.visit_id)
            family = families.get(visit.family_id) or uow.families.get(visit.family_id)
            passes = uow.passes.for_recording(recording.id)
            hidden = blind.hidden_passes(recording.id, passes)
            count = sum(uow.annotations.count_for_pass(p.id) for p in passes if p.id not in hidden)
            rows.append(
                SessionRow(
                    recording_id=recording.id,
                    family_id=family.id,
                    family_code=family.code,
                    visit_id=visit.id,
                    visit_number=visit.number,
                    visit_date=visit.date,
                    programme=visit.programme,
                    media_path=recording.media_path,
                    media_present=Path(recording.media_path).is_file(),
                    duration_ms=recording.facts.duration_ms,
                    frame_count=recording.facts.frame_count,
                    label=shown_label(recording),
                    annotation_count=count,
                )
            )
    rows.sort(key=lambda r: (r.family_code, r.visit_number, r.recording_id))
    return rows


def format_table(rows: list[SessionRow]) -> str:
    """A plain-text table for the console, naming recordings by label, never by file (§7.1)."""
    header = ("id", "family", "visit", "date", "duration", "codes", "recording")
    lines = [header]
    for r in rows:
        date = r.visit_date.isoformat() if r.visit_date else "-"
        label = one_line(r.label)
        where = label if r.media_present else f"{label} (video missing)"
        lines.append(
            (
                str(r.recording_id),
                one_line(r.family_code),  # a stored newline must not forge a row
                str(r.visit_number),
                date,
                format_ms(r.duration_ms),
                str(r.annotation_count),
                where,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line[:-1], widths, strict=True))
        + "  "
        + line[-1]
        for line in lines
    )
