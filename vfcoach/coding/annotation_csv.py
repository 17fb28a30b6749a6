"""Annotations as CSV (import and export) and as JSON records (export).

Coaches fix import files in a spreadsheet, so a file is checked whole before anything is
kept: every problem comes back at once with its line number (the header is line 1) inside
`ImportRejected`, and a rejected file imports nothing. Times are read as seconds or
HH:MM:SS.mmm and snapped to the frame on screen through the recording's `FrameMap`, which
is why an export (times written as that frame's own pts) re-imports to the same frames.
The export adds `start_frame,end_frame` for people and scripts; the importer ignores them
because the frame map, not the file, decides which frame a time means.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.csv_cells import escape_cell, unescape_cell
from vfcoach.coding.errors import ImportRejected, InvalidTime
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.frame_time import FrameTime, format_ms, parse_time_ms
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.coding.modifier_text import format_modifiers, parse_modifiers
from vfcoach.coding.scheme import CodeKind, Scheme
from vfcoach.coding.stretches import clashes
from vfcoach.coding.text_rules import InvalidText, check_text

COLUMNS = ("code", "start", "end", "modifiers", "note")
REQUIRED_COLUMNS = ("code", "start")
EXPORT_ONLY_COLUMNS = ("start_frame", "end_frame")  # written for readers, ignored on import
EXPORT_COLUMNS = COLUMNS + EXPORT_ONLY_COLUMNS

JsonScalar = str | int | bool | None
JsonRecord = dict[str, JsonScalar | dict[str, str]]


@dataclass(frozen=True, slots=True)
class _Row:
    """One accepted data row, kept with its line so later cross-row checks can name it."""

    line: int
    annotation: Annotation


def _read_header(header: Sequence[str], problems: list[tuple[int, str]]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    columns: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in columns:
            problems.append((1, f"column '{name}' appears twice"))
        elif name not in EXPORT_COLUMNS:
            problems.append((1, f"unknown column '{name}' (expected {','.join(COLUMNS)})"))
        else:
            columns[name] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append((1, f"missing column(s) {', '.join(missing)}"))
    return columns


def _moment(text: str, what: str, frame_map: FrameMap, problems: list[str]) -> FrameTime | None:
    try:
        ms = parse_time_ms(text)
    except InvalidTime as exc:
        problems.append(f"{what}: {exc}")
        return None
    if ms > frame_map.duration_ms:
        problems.append(
            f"{what} {text.strip()} is past the end of the recording "
            f"({format_ms(frame_map.duration_ms)})"
        )
        return None
    return frame_map.moment_at_ms(ms)


def _parse_row(
    cells: dict[str, str], scheme: Scheme, frame_map: FrameMap, pass_id: PassId
) -> tuple[Annotation | None, list[str]]:
    """One data row to an annotation, or every reason it cannot be one."""
    problems: list[str] = []
    key = cells.get("code", "").strip()
    start_text = cells.get("start", "").strip()
    end_text = cells.get("end", "").strip()
    code = scheme.code(key) if scheme.has(key) else None
    if not key:
        problems.append("the code is empty")
    elif code is None:
        problems.append(f"unknown code '{key}' (scheme {scheme.name} v{scheme.version})")
    onset = offset = None
    if not start_text:
        problems.append("the start time is empty")
    else:
        onset = _moment(start_text, "start", frame_map, problems)
    if end_text:
        offset = _moment(end_text, "end", frame_map, problems)
    if onset is not None and offset is not None and offset.frame < onset.frame:
        problems.append(f"end {end_text} is before start {start_text}")
    modifiers: tuple[tuple[str, str], ...] = ()
    if code is not None:
        if code.kind is CodeKind.POINT and end_text:
            problems.append(f"{key} is a point code and takes no end time")
        if code.kind is CodeKind.STATE and not end_text:
            problems.append(f"{key} is a state code and needs an end time")
        same_frame = onset is not None and offset is not None and offset.frame == onset.frame
        if code.kind is CodeKind.STATE and same_frame:
            problems.append(f"{key} lasts no time at all (start and end on one frame)")
        modifiers = parse_modifiers(unescape_cell(cells.get("modifiers", "")), code, problems)
    note = unescape_cell(cells.get("note", "").strip())
    try:
        check_text(note, "the note")
    except InvalidText as exc:
        problems.append(str(exc))
    if problems or code is None or onset is None:
        return None, problems
    return Annotation(new_annotation_id(), pass_id, key, onset, offset, modifiers, note), []


def _overlaps(rows: list[_Row], scheme: Scheme) -> list[tuple[int, str]]:
    """Stretches of one state code or one ME&E set may touch but never overlap (the rule of
    `stretches.py`, the same the keys keep). Rows with line 0 are the annotations already in
    the pass: an INT inside an FTL already there is refused too, or the tally would count
    those seconds twice."""
    fresh = [(r.annotation, r.line) for r in rows if r.line]
    kept = [(r.annotation, r.line) for r in rows if not r.line]
    problems: list[tuple[int, str]] = []
    for clash in clashes(fresh, kept, scheme):
        h, o = clash.new, clash.other
        where = f"on line {clash.other_tag}" if clash.other_tag else "already in the pass"
        code = scheme.code(h.code_key)
        what = f"ME&E set {code.me_set}" if code.me_set else f"one {h.code_key} at a time"
        problems.append(
            (
                clash.new_tag,
                f"{h.code_key} from {format_ms(h.onset.pts_ms)} overlaps "
                f"{o.code_key} {where} ({what})",
            )
        )
    return problems


def _identity(a: Annotation) -> tuple[object, ...]:
    """What makes two annotations the same moment: code, frames, modifiers and note."""
    end = None if a.offset is None else a.offset.frame
    return (a.code_key, a.onset.frame, end, tuple(sorted(a.modifiers)), a.note)


@dataclass(frozen=True, slots=True)
class CsvImport:
    annotations: list[Annotation]
    skipped: int  # rows exactly like an annotation already in the pass, left out


def parse_csv(
    text: str,
    scheme: Scheme,
    frame_map: FrameMap,
    pass_id: PassId,
    source: str = "annotations.csv",
) -> list[Annotation]:
    """Every annotation of `text`, or `ImportRejected` listing every problem by line number."""
    return parse_csv_into(text, scheme, frame_map, pass_id, source).annotations


def parse_csv_into(
    text: str,
    scheme: Scheme,
    frame_map: FrameMap,
    pass_id: PassId,
    source: str = "annotations.csv",
    existing: Sequence[Annotation] = (),
    skip_duplicates: bool = False,
) -> CsvImport:
    """`parse_csv` checked against the annotations already in the pass (`existing`).

    A row exactly like one already there (the same file imported twice) is a problem, or
    with `skip_duplicates` left out and counted; a state overlapping one of its ME&E set
    already there is a problem either way.
    """
    problems: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportRejected(source, [(1, f"not a CSV file ({exc})")]) from None
    if header is None or not any(h.strip() for h in header):
        raise ImportRejected(source, [(1, f"the file is empty (header {','.join(COLUMNS)})")])
    columns = _read_header(header, problems)
    rows: list[_Row] = []
    line_end = reader.line_num
    while True:
        line = line_end + 1  # a quoted note may span lines; report where the row starts
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append((line, f"not valid CSV ({exc})"))
            break
        line_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            problems.append((line, f"{len(cells)} cells but the header has {len(header)}"))
            continue
        named = {name: cells[i] if i < len(cells) else "" for name, i in columns.items()}
        if not all(c in columns for c in REQUIRED_COLUMNS):
            continue  # the header problem is already reported once
        annotation, row_problems = _parse_row(named, scheme, frame_map, pass_id)
        problems.extend((line, p) for p in row_problems)
        if annotation is not None:
            rows.append(_Row(line, annotation))
    known = {_identity(a) for a in existing}
    fresh = [r for r in rows if _identity(r.annotation) not in known]
    if not skip_duplicates:
        problems.extend(
            (r.line, "exactly like an annotation already in the pass (already imported? "
             "--skip-duplicates leaves such rows out)")
            for r in rows if _identity(r.annotation) in known
        )  # fmt: skip
    kept = [_Row(0, a) for a in existing if scheme.has(a.code_key)]
    problems.extend(_overlaps(fresh + kept, scheme))
    if problems:
        raise ImportRejected(source, sorted(problems, key=lambda p: p[0]))
    return CsvImport([r.annotation for r in fresh], len(rows) - len(fresh))


def _ordered(annotations: Iterable[Annotation]) -> list[Annotation]:
    return sorted(annotations, key=Annotation.sort_key)


def format_csv(annotations: Iterable[Annotation], scheme: Scheme) -> str:
    """CSV with a header, one row per annotation in time order; `parse_csv` reads it back.

    `scheme` is the pass's scheme: modifiers are written in the order the scheme declares
    them, so two exports of the same pass are byte-identical. An open state is written with
    an empty end (the importer asks for one, so close it before moving it elsewhere).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for a in _ordered(annotations):
        code = scheme.code(a.code_key) if scheme.has(a.code_key) else None
        writer.writerow(
            [
                a.code_key,
                format_ms(a.onset.pts_ms),
                "" if a.offset is None else format_ms(a.offset.pts_ms),
                escape_cell(format_modifiers(a.modifiers, code)),
                escape_cell(a.note),
                a.onset.frame,
                "" if a.offset is None else a.offset.frame,
            ]
        )
    return out.getvalue()


def to_json_records(annotations: Iterable[Annotation], scheme: Scheme) -> list[JsonRecord]:
    """One flat record per annotation for JSON export, with clock times, ms and frames."""
    records: list[JsonRecord] = []
    for a in _ordered(annotations):
        code = scheme.code(a.code_key) if scheme.has(a.code_key) else None
        records.append(
            {
                "id": str(a.id),
                "code": a.code_key,
                "label": code.label if code else "",
                "kind": code.kind.value if code else "",
                "start": format_ms(a.onset.pts_ms),
                "end": None if a.offset is None else format_ms(a.offset.pts_ms),
                "start_ms": a.onset.pts_ms,
                "end_ms": None if a.offset is None else a.offset.pts_ms,
                "start_frame": a.onset.frame,
                "end_frame": None if a.offset is None else a.offset.frame,
                "modifiers": dict(a.modifiers),
                "note": a.note,
                "trigger": None if a.trigger is None else str(a.trigger),
            }
        )
    return records
