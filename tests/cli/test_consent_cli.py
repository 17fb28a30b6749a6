"""`vfcoach consent set|withdraw|show` and the `--purpose` gates of the exports (SQLite)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.services.reliability_world import (
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from vfcoach.storage.database import Database


def _digest(sqlite_url: str) -> str:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def family(cli: Cli, sqlite_url: str, cfr_video: Path) -> str:
    r = cli("session", "add", cfr_video, "--family", "F-0417", "--by", "Ana", "--db", sqlite_url)
    assert r.code == 0, r.err
    return r.out.strip()


def test_session_add_records_coaching_by_whoever_added_the_family(
    cli: Cli, sqlite_url: str, family: str
):
    r = cli("consent", "show", "F-0417", "--json", "--db", sqlite_url)
    assert r.code == 0, r.err
    shown = json.loads(r.out)
    states = {s["scope"]: s["state"] for s in shown["scopes"]}
    assert states == {
        "coaching": "in force",
        "caregiver_viewing": "missing",
        "supervision": "missing",
        "fidelity_reliability": "missing",
        "training": "missing",
        "research": "missing",
    }
    assert shown["scopes"][0]["record"]["recorded_by"] == "Ana"


def test_set_withdraw_show(cli: Cli, sqlite_url: str, family: str):
    db = ("--db", sqlite_url)
    until = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    r = cli("consent", "set", "F-0417", "caregiver_viewing", "--until", until, "--document",
            "CF-14", "--by", "Ana", "--consented-by", "birth mother; agency guardian",
            "--clean-take-home", *db)  # fmt: skip
    assert (r.code, r.out.strip()) == (0, f"F-0417: caregiver viewing recorded until {until}")
    text = cli("consent", "show", "F-0417", *db).out
    assert "Caregiver viewing" in text and 'agreed by "birth mother; agency guardian"' in text
    r = cli("consent", "withdraw", "F-0417", "caregiver_viewing", "--by", "Ana", *db)
    assert (r.code, r.out.strip()) == (0, "F-0417: caregiver viewing withdrawn")
    shown = json.loads(cli("consent", "show", "F-0417", "--json", *db).out)
    viewing = next(s for s in shown["scopes"] if s["scope"] == "caregiver_viewing")
    assert viewing["state"] == "withdrawn" and viewing["record"]["clean_take_home"] is True
    assert len(shown["history"]) == 2  # coaching, and the withdrawn record: nothing deleted


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (("set", "F-0417", "filming"), "'filming' is not a consent scope"),
        (("set", "F-9999", "training"), "there is no family 'F-9999' here"),
        (("set", "F-0417", "training", "--until", "2020-01-01"), "has already passed"),
        (("set", "F-0417", "research", "--unblurred"), "training only"),
        (("withdraw", "F-0417", "research"), "has no research consent to withdraw"),
        (("withdraw", "F-0417", "nothing"), "'nothing' is not a consent scope"),
        (("show", "F-9999"), "there is no family 'F-9999' here"),
    ],
)
def test_bad_input_is_one_line_exit_1_and_changes_nothing(
    cli: Cli, sqlite_url: str, family: str, words: tuple[str, ...], message: str
):
    before = _digest(sqlite_url)
    r = cli("consent", *words, "--db", sqlite_url)
    assert r.code == 1 and message in r.error_line
    assert _digest(sqlite_url) == before


def test_a_bad_date_is_one_usage_line_and_changes_nothing(cli: Cli, sqlite_url: str, family: str):
    before = _digest(sqlite_url)
    r = cli("consent", "set", "F-0417", "training", "--until", "2024-13-01", "--db", sqlite_url)
    assert r.code == 2 and "'2024-13-01' is not a date" in r.error_line
    assert _digest(sqlite_url) == before


def test_research_export_needs_research_consent(
    cli: Cli, sqlite_url: str, family: str, tmp_path: Path
):
    db = ("--db", sqlite_url)
    out = tmp_path / "codes.csv"
    r = cli("annotations", "export", family, "--format", "csv", "--purpose", "research",
            "--out", out, *db)  # fmt: skip
    assert r.code == 1 and "has not consented to research" in r.error_line
    assert not out.exists()
    assert cli("consent", "set", "F-0417", "research", "--by", "Ana", *db).code == 0
    r = cli("annotations", "export", family, "--format", "csv", "--purpose", "research",
            "--out", out, *db)  # fmt: skip
    assert r.code == 0, r.err
    assert out.exists()


def test_withdrawn_coaching_stops_the_console_too(
    cli: Cli, sqlite_url: str, family: str, tmp_path: Path
):
    db = ("--db", sqlite_url)
    assert cli("consent", "withdraw", "F-0417", "coaching", *db).code == 0
    r = cli("annotations", "export", family, "--format", "csv", *db)
    assert r.code == 1 and "withdrawn its consent to coaching" in r.error_line
    codes = tmp_path / "codes.csv"
    codes.write_text("code,start,end,modifiers,note\nNUR,0.1,,,\n", "utf-8")
    r = cli("annotations", "import", family, codes, "--coder", "Ana", *db)
    assert r.code == 1 and "withdrawn its consent to coaching" in r.error_line
    with Database.open(sqlite_url) as opened, opened.uow() as uow:
        actions = [e.action for e in uow.audit.list() if e.action.startswith("consent.")]
    assert actions == ["consent.recorded", "consent.withdrawn"]


def test_a_reliability_report_for_research_needs_every_familys_research_consent(
    cli: Cli, sqlite_url: str, sqlite_db: Database, video_120s: Path, tmp_path: Path
):
    recs = [import_video(sqlite_db, video_120s, f"F-{n}", 1) for n in (1, 2)]
    for rec in recs:
        code(sqlite_db, rec, "Ana", EXAMPLE3_A)
        code(sqlite_db, rec, "Ben", EXAMPLE3_B)
    report = tmp_path / "report.html"
    words = ("irr", *recs, "--coders", "Ana", "Ben", "--report", report, "--db", sqlite_url)
    assert cli("consent", "set", "F-1", "research", "--db", sqlite_url).code == 0
    refused = cli(*words, "--purpose", "research")
    assert refused.code == 1 and "F-2 has not consented to research" in refused.error_line
    assert not report.exists()
    assert cli("consent", "set", "F-2", "research", "--db", sqlite_url).code == 0
    done = cli(*words, "--purpose", "research")
    assert done.code == 0, done.err
    assert report.exists()
