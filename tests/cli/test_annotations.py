"""`vfcoach annotations import/export`: round trip, whole-file rejection, one coder per file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from vfcoach.storage.database import Database

GOOD = (
    "code,start,end,modifiers,note\n"
    "FTL,0.1,1.2,,following her\n"
    "C_DIS,1.25,,intensity=high,\n"
    'NUR,00:00:01.500,,,"picks him up, softly"\n'
    "ITM,1.6,,target=NUR;on_target=yes;valence=positive,\n"
    "INT,1.2,2.0,,\n"
)

BAD = (
    "code,start,end,modifiers,note\n"
    "FTL,0.1,1.2,,\n"
    "XYZ,1,,,\n"
    "DEL,9.5,,,\n"
    "ITM,1.6,,valence=sarcastic,\n"
)


@pytest.fixture
def recording(cli: Cli, sqlite_url: str, cfr_video: Path) -> str:
    r = cli("session", "add", cfr_video, "--family", "F-7", "--db", sqlite_url)
    assert r.code == 0, r.err
    return str(r.out.strip())


def count(url: str) -> int:
    with Database.open(url) as db, db.uow() as uow:
        return sum(
            uow.annotations.count_for_pass(p.id)
            for r in uow.recordings.list()
            for p in uow.passes.for_recording(r.id)
        )


def test_import_then_export_round_trips(
    cli: Cli, sqlite_url: str, recording: str, tmp_path: Path
) -> None:
    db = ("--db", sqlite_url)
    source = tmp_path / "coded.csv"
    source.write_text(GOOD, encoding="utf-8")
    r = cli("annotations", "import", recording, source, "--coder", "Ana", *db)
    assert r.code == 0, r.err
    assert r.out.startswith("imported 5 annotation(s) into pass ")
    exported = cli("annotations", "export", recording, "--format", "csv", *db)
    assert exported.code == 0
    lines = exported.out.splitlines()
    assert lines[0] == "code,start,end,modifiers,note,start_frame,end_frame"
    assert lines[1] == "FTL,00:00:00.080,00:00:01.200,,following her,2,30"  # 0.1 s shows frame 2
    assert 'NUR,00:00:01.480,,,"picks him up, softly",37,' in lines
    # the export re-imports (extra frame columns ignored) into another coder's pass unchanged
    again = tmp_path / "again.csv"
    again.write_text(exported.out, encoding="utf-8")
    assert cli("annotations", "import", recording, again, "--coder", "Ben", *db).code == 0
    ben = cli("annotations", "export", recording, "--coder", "Ben", "--format", "csv", *db)
    assert ben.out == exported.out.replace("Ana", "Ben")
    # with two coders, the export must be told whose pass it is
    both = cli("annotations", "export", recording, "--format", "csv", *db)
    assert both.code == 1 and "Ana, Ben" in both.error_line


def test_export_json_and_out_file(
    cli: Cli, sqlite_url: str, recording: str, tmp_path: Path
) -> None:
    db = ("--db", sqlite_url)
    empty = cli("annotations", "export", recording, "--format", "json", *db)
    assert empty.code == 0 and json.loads(empty.out)["annotations"] == []
    source = tmp_path / "coded.csv"
    source.write_text(GOOD, encoding="utf-8")
    cli("annotations", "import", recording, source, "--coder", "Ana", *db)
    out = tmp_path / "out.json"
    r = cli("annotations", "export", recording, "--format", "json", "--out", out, *db)
    assert r.code == 0 and r.out == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["coder"] == "Ana" and doc["scheme"] == {"name": "abc-style", "version": 2}
    itm = next(a for a in doc["annotations"] if a["code"] == "ITM")
    assert itm["modifiers"] == {"on_target": "yes", "target": "NUR", "valence": "positive"}
    assert itm["start_frame"] == 40 and itm["start"] == "00:00:01.600"
    assert not list(tmp_path.glob("*.part"))


def test_malformed_csv_is_rejected_whole(
    cli: Cli, sqlite_url: str, recording: str, tmp_path: Path
) -> None:
    db = ("--db", sqlite_url)
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    cli("annotations", "import", recording, good, "--coder", "Ana", *db)
    before = count(sqlite_url)
    bad = tmp_path / "visit7.csv"
    bad.write_text(BAD, encoding="utf-8")
    r = cli("annotations", "import", recording, bad, "--coder", "Ana", *db)
    assert r.code == 1 and r.out == ""
    line = r.error_line
    assert "visit7.csv" in line and "nothing imported" in line
    assert "line 3: unknown code 'XYZ'" in line
    assert "line 4: start 9.5 is past the end" in line
    assert "line 5: 'sarcastic' is not a value of valence" in line
    # the file's own FTL is fine, but it lies across the FTL already imported from GOOD
    assert "line 2: FTL from 00:00:00.080 overlaps FTL already in the pass" in line
    assert count(sqlite_url) == before == 5


def test_import_failures(cli: Cli, sqlite_url: str, recording: str, tmp_path: Path) -> None:
    db = ("--db", sqlite_url)
    missing = cli("annotations", "import", recording, tmp_path / "nope.csv", "--coder", "A", *db)
    assert missing.code == 1 and "nope.csv" in missing.error_line
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    unknown = cli("annotations", "import", "999", good, "--coder", "A", *db)
    assert unknown.code == 1 and "999" in unknown.error_line
    latin = tmp_path / "latin.csv"
    latin.write_bytes("code,start,end,modifiers,note\nDEL,1,,,café\n".encode("latin-1"))
    enc = cli("annotations", "import", recording, latin, "--coder", "A", *db)
    assert enc.code == 1 and "UTF-8" in enc.error_line
    assert cli("annotations", "import", recording, good, *db).code == 2  # --coder required
    assert count(sqlite_url) == 0


def test_replace(cli: Cli, sqlite_url: str, recording: str, tmp_path: Path) -> None:
    db = ("--db", sqlite_url)
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    cli("annotations", "import", recording, good, "--coder", "Ana", *db)
    twice = cli("annotations", "import", recording, good, "--coder", "Ana", *db)
    assert twice.code == 1 and "--skip-duplicates" in twice.error_line
    assert "line 2: exactly like an annotation already in the pass" in twice.error_line
    assert count(sqlite_url) == 5  # the same file twice adds nothing
    skip = cli("annotations", "import", recording, good, "--coder", "Ana", "--skip-duplicates", *db)
    assert skip.code == 0 and "imported 0 annotation(s)" in skip.out
    assert "skipping 5 already there" in skip.out and count(sqlite_url) == 5
    r = cli("annotations", "import", recording, good, "--coder", "Ana", "--replace", *db)
    assert r.code == 0 and "replacing 5" in r.out
    assert count(sqlite_url) == 5
