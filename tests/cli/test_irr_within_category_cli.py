"""`vfcoach irr --within-category`: the operation's numbers, stored defaults, drift, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.actors import who
from tests.cli.conftest import Cli
from tests.services.reliability_world import code, import_video
from vfcoach.coding.ids import RecordingId
from vfcoach.reports.reliability_json import result_json
from vfcoach.services.reliability.irr import IrrOperation, IrrSettings, save_irr_settings
from vfcoach.services.reliability.plan import set_role
from vfcoach.storage.database import Database


@pytest.fixture
def crossing(sqlite_db: Database, video_20s: Path) -> RecordingId:
    """Issue 6's example: A codes C_DIS 10.0 then NUR 10.8, B codes NUR 10.1 then C_DIS 10.9."""
    rec = import_video(sqlite_db, video_20s, "F-1", 1)
    code(sqlite_db, rec, "Ana", [("C_DIS", 10.0), ("NUR", 10.8)])
    code(sqlite_db, rec, "Ben", [("NUR", 10.1), ("C_DIS", 10.9)])
    return rec


def test_the_flag_gives_the_operations_json(
    cli: Cli, sqlite_url: str, sqlite_db: Database, crossing
):
    argv = ["irr", crossing, "--coders", "Ana", "Ben", "--as", "Sue", "--db", sqlite_url]
    done = cli(*argv, "--within-category")
    assert done.code == 0, done.err
    settings = IrrSettings(within_category=True)
    expected = result_json(
        IrrOperation(sqlite_db, [crossing], "Ana", "Ben", settings, who(sqlite_db, "Sue")).run()
    )
    data = json.loads(done.out)
    assert data == json.loads(json.dumps(expected))
    assert data["settings"]["within_category"] is True
    assert data["event"]["kappa"] == 1.0 and data["disagreements"] == []
    assert (
        "within each category of the scheme (Child cues, Caregiver, Coach)"
        in (data["matching_rule"])
    )
    plain = json.loads(cli(*argv).out)  # without the flag: one stream, two substitutions
    assert plain["event"]["kappa"] == -1.0
    assert [d["kind"] for d in plain["disagreements"]] == ["substitution", "substitution"]
    csv_out = cli(*argv, "--within-category", "--format", "csv").out
    assert "settings,,,within_category,yes" in csv_out.splitlines()


def test_a_stored_default_applies_and_the_negative_flag_overrides_it(
    cli: Cli, sqlite_url: str, sqlite_db: Database, crossing
):
    with sqlite_db.uow() as uow:
        save_irr_settings(uow, IrrSettings(within_category=True), actor=who(uow, "Sue"))
        uow.commit()
    argv = ["irr", crossing, "--coders", "Ana", "Ben", "--db", sqlite_url]
    stored = json.loads(cli(*argv).out)
    assert stored["settings"]["within_category"] is True and stored["event"]["kappa"] == 1.0
    off = json.loads(cli(*argv, "--no-within-category").out)
    assert off["settings"]["within_category"] is False and off["event"]["kappa"] == -1.0


def test_drift_and_report_use_the_option(
    cli: Cli, sqlite_url: str, sqlite_db: Database, crossing, tmp_path: Path
):
    set_role(sqlite_db, "Ana", None, True, who(sqlite_db, "Sue"))  # Ana is the master coder
    drift = ["drift", "--coder", "Ben", "--db", sqlite_url]
    apart = json.loads(cli(*drift, "--within-category").out)
    one = json.loads(cli(*drift).out)
    assert [p["kappa"] for p in apart["coders"]["Ben"]] == [1.0]
    assert [p["kappa"] for p in one["coders"]["Ben"]] == [-1.0]
    assert "within each category" in apart["matching_rule"]
    assert "within each category" not in one["matching_rule"]
    report = tmp_path / "irr.html"
    argv = ["irr", crossing, "--coders", "Ana", "Ben", "--db", sqlite_url, "--report", report]
    assert cli(*argv, "--within-category").code == 0
    html = report.read_text(encoding="utf-8")
    assert "Event alignment" in html and "within each category of the scheme" in html
    assert cli(*argv).code == 1  # the first report stays unless replacing is asked for
    assert cli(*argv, "--force").code == 0
    assert "all codes in one stream" in report.read_text(encoding="utf-8")
