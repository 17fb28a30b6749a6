"""`vfcoach session add/list` and `--db`: ids on stdout, the chosen database and no other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from vfcoach.storage.database import Database


def test_session_add_prints_only_the_id(cli: Cli, sqlite_url: str, cfr_video: Path) -> None:
    r = cli("session", "add", cfr_video, "--family", "F-0417", "--db", sqlite_url)
    assert r.code == 0, r.err
    assert r.out.strip().isdigit() and r.out.count("\n") == 1
    with Database.open(sqlite_url) as db, db.uow() as uow:
        recording = uow.recordings.get(int(r.out))  # type: ignore[arg-type]
        assert recording.media_path == str(cfr_video.absolute())


def test_session_visits_dates_and_list(cli: Cli, sqlite_url: str, cfr_video: Path) -> None:
    db = ("--db", sqlite_url)
    a = cli("session", "add", cfr_video, "--family", "F-2", "--date", "2024-05-06", *db)
    b = cli("session", "add", cfr_video, "--family", "F-2", *db)
    c = cli("session", "add", cfr_video, "--family", "F-1", "--visit", "3", *db)
    assert (a.code, b.code, c.code) == (0, 0, 0)
    listed = cli("session", "list", "--json", *db)
    assert listed.code == 0
    rows = json.loads(listed.out)
    assert [(r["family_code"], r["visit_number"]) for r in rows] == [
        ("F-1", 3),
        ("F-2", 1),
        ("F-2", 2),
    ]
    by_id = {r["recording_id"]: r for r in rows}
    first = by_id[int(a.out)]
    assert first["visit_date"] == "2024-05-06" and first["media_present"] is True
    assert first["annotation_count"] == 0 and first["duration"] == "00:00:03.000"
    table = cli("session", "list", *db)
    assert table.code == 0 and "F-2" in table.out and "recording 1" in table.out
    assert cfr_video.name not in table.out and "media_path" not in first  # §7.1: no file names


def test_db_option_and_environment_are_respected(
    cli: Cli, tmp_path: Path, cfr_video: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    assert cli("session", "add", cfr_video, "--family", "ONLY-ONE", "--db", one).code == 0
    assert json.loads(cli("--db", two, "session", "list", "--json").out) == []
    assert len(json.loads(cli("--db", one, "session", "list", "--json").out)) == 1
    monkeypatch.setenv("VFCOACH_DB", one)
    assert json.loads(cli("session", "list", "--json").out)[0]["family_code"] == "ONLY-ONE"
    assert json.loads(cli("session", "list", "--json", "--db", two).out) == []


def test_session_add_failures(
    cli: Cli, sqlite_url: str, truncated_video: Path, cfr_video: Path
) -> None:
    r = cli("session", "add", truncated_video, "--family", "F-9", "--db", sqlite_url)
    assert r.code == 1 and truncated_video.name in r.error_line and r.out == ""
    assert json.loads(cli("session", "list", "--json", "--db", sqlite_url).out) == []
    bad_date = cli("session", "add", cfr_video, "--family", "F-9", "--date", "May 6")
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.err
    assert cli("session", "add", cfr_video, "--db", sqlite_url).code == 2  # --family missing
    unusable = cli("session", "list", "--db", "nosuchdialect://x")
    assert unusable.code == 1 and "nosuchdialect" in unusable.error_line


def test_no_command_and_no_action(cli: Cli) -> None:
    assert cli("session").code == 2
    assert cli("annotations").code == 2
    assert cli("--help").code == 0
