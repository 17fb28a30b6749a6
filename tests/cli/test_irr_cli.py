"""`vfcoach irr` and `vfcoach drift`: the operation's numbers, blind refusal, reports, no Qt."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.actors import who
from tests.cli.conftest import REPO, Cli, run_module
from tests.services.reliability_world import (
    EXAMPLE2_A,
    EXAMPLE2_B,
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from vfcoach.coding.ids import RecordingId
from vfcoach.reports.reliability_json import result_csv_rows, result_json
from vfcoach.services.reliability.irr import IrrOperation, IrrSettings, save_irr_settings
from vfcoach.services.reliability.plan import AssignOperation, set_role
from vfcoach.storage.database import Database


@pytest.fixture
def two(sqlite_db: Database, video_120s: Path) -> list[RecordingId]:
    """Two recordings Ana and Ben both coded: worked example 3 events plus example 2 states."""
    recs = [
        import_video(sqlite_db, video_120s, "F-1", 1, dt.date(2026, 1, 5)),
        import_video(sqlite_db, video_120s, "F-1", 2, dt.date(2026, 2, 5)),
    ]
    for rec in recs:
        code(sqlite_db, rec, "Ana", [*EXAMPLE3_A, *EXAMPLE2_A])
        code(sqlite_db, rec, "Ben", [*EXAMPLE3_B, *EXAMPLE2_B])
    return recs


def test_json_is_the_operations_result(cli: Cli, sqlite_url: str, sqlite_db: Database, two):
    done = cli("irr", *two, "--coders", "Ana", "Ben", "--as", "Ana", "--db", sqlite_url)
    assert done.code == 0, done.err
    expected = result_json(
        IrrOperation(sqlite_db, two, "Ana", "Ben", IrrSettings(), who(sqlite_db, "Ana")).run()
    )
    assert json.loads(done.out) == json.loads(json.dumps(expected))
    data = json.loads(done.out)
    # example 3 twice, with FTL/INT states by onset: the pooled table is the sum of both
    assert data["event"]["n"] == 2 * data["recordings"][0]["event"]["n"]
    assert data["event"]["categories"][-1] == "nil"
    assert data["matching_rule"].startswith("Events pair one-to-one")
    assert data["time"] is None and set(data["icc"]) == {
        "ITM count",
        "ITM rate per minute",
        "On-target %",
    }


def test_time_method_csv_and_options(cli: Cli, sqlite_url: str, sqlite_db: Database, two):
    args = ["--method", "time", "--slice", "1", "--tolerance-slices", "1", "--codes", "FTL,INT"]
    done = cli(
        "irr", two[0], "--coders", "Ana", "Ben", *args, "--format", "csv", "--db", sqlite_url
    )
    assert done.code == 0, done.err
    settings = IrrSettings(method="time", tolerance_slices=1, codes=("FTL", "INT"))
    result = IrrOperation(sqlite_db, [two[0]], "Ana", "Ben", settings, None).run()
    rows = list(csv.reader(io.StringIO(done.out)))
    assert rows == result_csv_rows(result)
    po = [r for r in rows if r[:4] == ["pooled", "", "LEAD", "po"]]
    assert po == [["pooled", "", "LEAD", "po", "1.0"]]  # ±1 slice absorbs both disagreements


def test_stored_settings_apply_and_options_override(
    cli: Cli, sqlite_url: str, sqlite_db: Database, two
):
    with sqlite_db.uow() as uow:
        save_irr_settings(uow, IrrSettings(tolerance_ms=5000), actor=who(uow, "Sue"))
        uow.commit()
    stored = json.loads(cli("irr", two[0], "--coders", "Ana", "Ben", "--db", sqlite_url).out)
    assert stored["settings"]["tolerance_ms"] == 5000 and "±5 s" in stored["matching_rule"]
    given = cli("irr", two[0], "--coders", "Ana", "Ben", "--tolerance", "1.5", "--db", sqlite_url)
    assert json.loads(given.out)["settings"]["tolerance_ms"] == 1500


def test_all_and_period(cli: Cli, sqlite_url: str, two):
    everything = cli("irr", "--all", "--coders", "Ana", "Ben", "--db", sqlite_url)
    assert [r["id"] for r in json.loads(everything.out)["recordings"]] == two
    feb = cli("irr", "--all", "--coders", "Ana", "Ben", "--since", "2026-02-01", "--db", sqlite_url)
    assert [r["id"] for r in json.loads(feb.out)["recordings"]] == [two[1]]
    none = cli(
        "irr", "--all", "--coders", "Ana", "Ben", "--until", "2025-12-31", "--db", sqlite_url
    )
    assert none.code == 1 and "no recording both coded in that period" in none.error_line


def test_blind_refusal_through_irr(cli: Cli, sqlite_url: str, sqlite_db: Database, video_120s):
    rec = import_video(sqlite_db, video_120s, "F-9", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A), submit=False)
    AssignOperation(sqlite_db, rec, "Ben", actor=who(sqlite_db, "Sue")).run()
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B), submit=False)
    done = cli("irr", rec, "--coders", "Ana", "Ben", "--as", "Ben", "--db", sqlite_url)
    assert done.code == 1 and done.out == ""
    assert "Ana's codes stay hidden from Ben" in done.error_line
    anonymous = cli("irr", rec, "--coders", "Ana", "Ben", "--db", sqlite_url)
    assert anonymous.code == 1 and "--as NAME" in anonymous.error_line


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["--tolerance", "abc"], 2, "not a number of seconds"),
        (["--method", "time", "--slice", "0"], 1, "slice must be longer than 0"),
        (["--all"], 1, "not both"),
        (["--report", "out.txt"], 1, "must end in .html, .htm or .pdf"),
    ],
)
def test_bad_options_say_why(cli: Cli, sqlite_url: str, two, argv, status, message):
    done = cli("irr", two[0], "--coders", "Ana", "Ben", *argv, "--db", sqlite_url)
    assert done.code == status and message in done.err


def test_html_and_pdf_reports(cli: Cli, sqlite_url: str, sqlite_db: Database, two, tmp_path):
    set_role(sqlite_db, "Ana", None, True, who(sqlite_db, "Sue"))
    html_path = tmp_path / "irr.html"
    done = cli("irr", *two, "--coders", "Ana", "Ben", "--report", html_path, "--db", sqlite_url)
    assert done.code == 0, done.err
    html = html_path.read_text(encoding="utf-8")
    data = json.loads(done.out)
    assert f">{data['event']['kappa']:.2f}<" in html
    assert 'src="http' not in html and "href=" not in html and "<script" not in html
    assert html.count("<svg") == 1 and "warning line 0.60" in html
    pdf_path = tmp_path / "irr.pdf"
    child = run_module(
        "--db", sqlite_url, "irr", *two, "--coders", "Ana", "Ben", "--report", pdf_path
    )
    assert child.returncode == 0, child.stderr
    assert pdf_path.read_bytes().startswith(b"%PDF-") and "page(s)" in child.stderr


def test_drift_command(cli: Cli, sqlite_url: str, sqlite_db: Database, two):
    set_role(sqlite_db, "Ana", None, True, who(sqlite_db, "Sue"))
    done = cli("drift", "--db", sqlite_url)
    assert done.code == 0, done.err
    data = json.loads(done.out)
    points = data["coders"]["Ben"]
    assert [p["recording_id"] for p in points] == two
    per_recording = json.loads(cli("irr", two[0], "--coders", "Ana", "Ben", "--db", sqlite_url).out)
    assert points[0]["kappa"] == pytest.approx(per_recording["event"]["kappa"])
    rows = list(csv.reader(io.StringIO(cli("drift", "--format", "csv", "--db", sqlite_url).out)))
    assert rows[0][:3] == ["coder", "date", "recording"] and len(rows) == 3
    unknown = cli("drift", "--coder", "Zed", "--db", sqlite_url)
    assert unknown.code == 1 and "Zed" in unknown.error_line


def test_irr_and_drift_never_load_qt(sqlite_url: str, two) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import vfcoach.cli
        assert vfcoach.cli.main(['irr', '1', '2', '--coders', 'Ana', 'Ben',
                                 '--db', {sqlite_url!r}]) == 0
        assert vfcoach.cli.main(['irr', '--all', '--coders', 'Ana', 'Ben', '--format', 'csv',
                                 '--db', {sqlite_url!r}]) == 0
        vfcoach.cli.main(['drift', '--db', {sqlite_url!r}])
        loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
        assert not loaded, loaded
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_irr_csv_writes_booleans_as_tally_does(cli: Cli, sqlite_url: str, two):
    """One cell policy (issue 11): a boolean is `yes`/`no` in every CSV vfcoach writes."""
    done = cli("irr", two[0], "--coders", "Ana", "Ben", "--format", "csv", "--db", sqlite_url)
    values = [row[-1] for row in csv.reader(io.StringIO(done.out))][1:]
    assert not {"true", "false", "True", "False"} & set(values)
    assert {"yes", "no"} & set(values)


def test_a_coder_without_codes_gets_no_figure_and_no_report(
    cli: Cli, sqlite_url: str, sqlite_db: Database, video_120s: Path, tmp_path: Path
):
    """κ against nothing comes out 0.00, which reads as 'slight agreement': the command gives
    no figure, names the coder, and writes no report (as the window does)."""
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", [])
    done = cli("irr", rec, "--coders", "Ana", "Ben", "--as", "Ana", "--db", sqlite_url)
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert data["without_codes"] == ["Ben"]
    assert data["event"] is None and data["time"] is None and data["icc"] == {}
    assert data["recordings"][0]["event"] is None
    assert "Ben has no codes in these recordings: no agreement figure" in data["notes"]
    assert '"kappa"' not in done.out
    as_csv = cli("irr", rec, "--coders", "Ana", "Ben", "--as", "Ana", "--format", "csv",
                 "--db", sqlite_url)  # fmt: skip
    assert as_csv.code == 0
    figures = [row[3] for row in csv.reader(io.StringIO(as_csv.out)) if row[0] != "settings"]
    assert not [f for f in figures if f.startswith("kappa")]
    report = tmp_path / "agreement.html"
    refused = cli("irr", rec, "--coders", "Ana", "Ben", "--as", "Ana", "--report", report,
                  "--db", sqlite_url)  # fmt: skip
    assert refused.code == 1 and "Ben has no codes" in refused.error_line
    assert not report.exists()
