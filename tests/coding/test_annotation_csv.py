"""CSV import/export of annotations: round trip, snapping, and whole-file rejection by line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.annotation_csv import format_csv, parse_csv, to_json_records
from vfcoach.coding.errors import ImportRejected
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Scheme
from vfcoach.coding.scheme_json import builtin_scheme

PASS = PassId(7)
HEADER = "code,start,end,modifiers,note\n"


@pytest.fixture
def scheme() -> Scheme:
    return builtin_scheme("abc-style")


@pytest.fixture
def fmap() -> FrameMap:
    return FrameMap.constant(25 * 60, 25)  # one minute at 25 fps: frames every 40 ms


def rejected(text: str, scheme: Scheme, fmap: FrameMap) -> list[tuple[int, str]]:
    with pytest.raises(ImportRejected) as info:
        parse_csv(text, scheme, fmap, PASS, source="visit.csv")
    assert "visit.csv" in str(info.value)
    return info.value.problems


def test_parse_snaps_times_to_the_frame_on_screen(scheme: Scheme, fmap: FrameMap) -> None:
    text = HEADER + (
        "DEL,12.5,,,big smile\n"
        "FTL,00:00:20.019,00:00:31.000,,\n"
        'ITM,0:33.1,,"target=FTL;on_target=yes;valence=positive","comment, with comma"\n'
    )
    got = parse_csv(text, scheme, fmap, PASS)
    assert [a.code_key for a in got] == ["DEL", "FTL", "ITM"]
    assert (got[0].onset.frame, got[0].onset.pts_ms) == (312, 12480)  # 12.5 s shows frame 312
    assert got[0].offset is None and got[0].note == "big smile"
    assert (got[1].onset.frame, got[1].offset and got[1].offset.frame) == (500, 775)
    assert got[2].modifiers == (("on_target", "yes"), ("target", "FTL"), ("valence", "positive"))
    assert got[2].note == "comment, with comma"
    assert all(a.pass_id == PASS for a in got)


def test_round_trip_keeps_frames_modifiers_and_notes(scheme: Scheme) -> None:
    fmap = FrameMap(np.array([0, 33, 67, 100, 140, 170, 205, 240]), 35)  # VFR
    text = HEADER + (
        'C_DIS,0.034,,intensity=high,"two\nline note"\n'
        "FTL,0.067,0.170,,\n"
        "INT,0.170,0.240,,\n"
        "FR,0.2,,subtype=harsh,\n"
    )
    first = parse_csv(text, scheme, fmap, PASS)
    exported = format_csv(first, scheme)
    assert exported.splitlines()[0] == "code,start,end,modifiers,note,start_frame,end_frame"
    second = parse_csv(exported, scheme, fmap, PASS)

    def essence(items: list[Annotation]) -> list[tuple[object, ...]]:
        return [
            (a.code_key, a.onset, a.offset, a.modifiers, a.note)
            for a in sorted(items, key=Annotation.sort_key)
        ]

    assert essence(first) == essence(second)
    assert format_csv(second, scheme) == exported  # stable bytes


def test_json_records_carry_times_and_frames(scheme: Scheme, fmap: FrameMap) -> None:
    got = parse_csv(HEADER + "FTL,1,2,,x\nITM,1.5,,target=NONE;on_target=no,\n", scheme, fmap, PASS)
    records = to_json_records(got, scheme)
    json.dumps(records)  # serialisable as is
    assert records[0]["start"] == "00:00:01.000" and records[0]["end_frame"] == 50
    assert records[1]["modifiers"] == {"target": "NONE", "on_target": "no"}
    assert records[1]["end"] is None and records[1]["kind"] == "point"


def test_every_problem_is_reported_with_its_line(scheme: Scheme, fmap: FrameMap) -> None:
    text = HEADER + (
        "DEL,1,,,\n"  # 2: fine
        "XYZ,1,,,\n"  # 3: unknown code
        "DEL,abc,,,\n"  # 4: bad time
        "DEL,61,,,\n"  # 5: past the end (60 s recording)
        "FTL,10,5,,\n"  # 6: end before start
        "DEL,1,2,,\n"  # 7: end for a point code
        "FTL,3,,,\n"  # 8: state without end
        "ITM,4,,colour=red,\n"  # 9: unknown modifier
        "ITM,4,,valence=nasty,\n"  # 10: value not allowed
        "ITM,4,,on_target=maybe;target,\n"  # 11: flag value + missing '='
        ",4,,,\n"  # 12: empty code
        "DEL,,,,\n"  # 13: empty start
    )
    problems = rejected(text, scheme, fmap)
    lines = [n for n, _ in problems]
    assert lines == [3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 12, 13]
    by_line = dict(problems)
    assert "unknown code 'XYZ'" in by_line[3]
    assert "'abc' is not a time" in by_line[4]
    assert "past the end" in by_line[5]
    assert "before start" in by_line[6]
    assert "point code" in by_line[7]
    assert "needs an end" in by_line[8]
    assert "no modifier 'colour'" in by_line[9]
    assert "'nasty' is not a value of valence" in by_line[10]
    assert "code is empty" in by_line[12]
    assert "start time is empty" in by_line[13]


def test_header_problems_are_line_one(scheme: Scheme, fmap: FrameMap) -> None:
    assert rejected("", scheme, fmap)[0][0] == 1
    problems = rejected("code,begin,code\nDEL,1,\n", scheme, fmap)
    assert {n for n, _ in problems} == {1}
    text = " ".join(m for _, m in problems)
    assert "appears twice" in text and "unknown column 'begin'" in text and "start" in text


def test_multiline_note_reports_the_row_start(scheme: Scheme, fmap: FrameMap) -> None:
    text = HEADER + 'DEL,1,,,"a\nb\nc"\nXYZ,2,,,\n'
    assert rejected(text, scheme, fmap) == [(5, "unknown code 'XYZ' (scheme abc-style v2)")]


def test_blank_rows_skipped_and_extra_cells_rejected(scheme: Scheme, fmap: FrameMap) -> None:
    assert len(parse_csv(HEADER + "\n,,,,\nDEL,1,,,\n", scheme, fmap, PASS)) == 1
    assert rejected(HEADER + "DEL,1,,,,oops\n", scheme, fmap)[0][0] == 2


def test_optional_columns_and_bom(scheme: Scheme, fmap: FrameMap) -> None:
    got = parse_csv("\ufeffstart,code\n00:00:02.000,DEL\n", scheme, fmap, PASS)
    assert got[0].onset.frame == 50 and got[0].modifiers == () and got[0].note == ""


def test_overlapping_states_of_one_set_rejected(scheme: Scheme, fmap: FrameMap) -> None:
    fine = HEADER + "FTL,0,10,,\nINT,10,12,,\nFTL,12,20,,\n"
    assert len(parse_csv(fine, scheme, fmap, PASS)) == 3
    problems = rejected(HEADER + "FTL,0,10,,\nINT,5,12,,\n", scheme, fmap)
    assert problems[0][0] == 3 and "overlaps FTL on line 2" in problems[0][1]


def test_text_modifiers_escape_separators(fmap: FrameMap) -> None:
    code = Code(
        "OBS",
        "Observation",
        CodeKind.POINT,
        "o",
        modifiers=(ModifierDef("text", ModifierKind.TEXT), ModifierDef("ok", ModifierKind.FLAG)),
    )
    scheme = Scheme("mini", 1, (code,))
    first = parse_csv(HEADER + r"OBS,1,,ok=yes;text=a\;b\=c\\d," + "\n", scheme, fmap, PASS)
    assert first[0].modifier("text") == "a;b=c\\d"
    again = parse_csv(format_csv(first, scheme), scheme, fmap, PASS)
    assert again[0].modifiers == first[0].modifiers


def test_two_stretches_of_one_state_code_rejected_with_lines(
    scheme: Scheme, fmap: FrameMap
) -> None:
    fine = HEADER + "REVIEW,0,10,,\nREVIEW,10,12,,\n"
    assert len(parse_csv(fine, scheme, fmap, PASS)) == 2
    problems = rejected(HEADER + "DEL,1,,,\nREVIEW,0,10,,\nREVIEW,9,12,,\n", scheme, fmap)
    assert [p[0] for p in problems] == [4]
    assert "REVIEW from 00:00:09.000 overlaps REVIEW on line 3" in problems[0][1]


def test_stretch_inside_a_state_still_open_in_the_pass_rejected(
    scheme: Scheme, fmap: FrameMap
) -> None:
    from vfcoach.coding.annotation_csv import parse_csv_into
    from vfcoach.coding.frame_time import FrameTime
    from vfcoach.coding.ids import new_annotation_id

    still_open = Annotation(new_annotation_id(), PASS, "FTL", FrameTime(25, 1000))
    with pytest.raises(ImportRejected) as caught:
        parse_csv_into(HEADER + "INT,0.5,1.5,,\n", scheme, fmap, PASS, "visit.csv", [still_open])
    (problem,) = caught.value.problems
    assert problem[0] == 2 and "already in the pass" in problem[1]
