"""`vfcoach tally`, `fidelity draw` and `thresholds`: the panel's numbers, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap

import pytest

from tests.cli.conftest import REPO, Cli
from tests.services.test_tally_operations import code, comment, make_recording, worked_example
from vfcoach.coding.ids import RecordingId
from vfcoach.services.tally.tally import TallyOperation
from vfcoach.storage.database import Database


@pytest.fixture
def coded(sqlite_url: str) -> RecordingId:
    with Database.open(sqlite_url) as db:
        rid = make_recording(db)
        code(db, rid, "Ana", worked_example())
    return rid


def test_tally_json_is_exactly_what_the_panel_shows(
    cli: Cli, sqlite_url: str, coded: RecordingId
) -> None:
    r = cli("tally", coded, "--clip", "fidelity", "--format", "json", "--db", sqlite_url)
    assert r.code == 0, r.err
    data = json.loads(r.out)
    with Database.open(sqlite_url) as db:
        assert data == TallyOperation(db, coded, clip="fidelity").run().to_json()
    assert (data["n"], data["rate_per_min"], data["on_target_pct"]) == (7, 1.4, 85.7)
    assert data["verdict"]["status"] == "meets" and data["recording"]["coder"] == "Ana"


def test_tally_csv(cli: Cli, sqlite_url: str, coded: RecordingId) -> None:
    r = cli("tally", coded, "--coder", "Ana", "--format", "csv", "--db", sqlite_url)
    assert r.code == 0, r.err
    rows = list(csv.reader(io.StringIO(r.out)))
    assert rows[0] == ["section", "item", "field", "value"]
    assert ["recording", "", "family", "F-1"] in rows
    assert ["summary", "", "n", "8"] in rows and ["summary", "", "coded_min", "20.0"] in rows
    assert ["by_target", "NUR", "on_target_n", "2"] in rows


def test_tally_errors_are_one_line(cli: Cli, sqlite_url: str, coded: RecordingId) -> None:
    db = ("--db", sqlite_url)
    missing = cli("tally", 999, "--format", "json", *db)
    assert missing.code == 1 and "recording 999" in missing.error_line
    with Database.open(sqlite_url) as database:
        code(database, coded, "Ben", [comment(1000)])
    both = cli("tally", coded, "--format", "json", *db)
    assert both.code == 1 and "Ana, Ben" in both.error_line
    assert cli("tally", coded, *db).code == 2  # --format is required
    assert cli("tally", coded, "--format", "xml", *db).code == 2


def test_fidelity_draw_is_reproducible_and_tallied(cli: Cli, sqlite_url: str) -> None:
    with Database.open(sqlite_url) as db:
        first, second = make_recording(db, "F-1", minutes=30), make_recording(db, "F-2", minutes=30)
    db_args = ("--db", sqlite_url)
    nobody = cli("fidelity", "draw", first, "--coder", "Nobody", *db_args)
    assert nobody.code == 1 and "there is no coder 'Nobody'" in nobody.error_line
    with Database.open(sqlite_url) as db, db.uow() as uow:
        assert uow.coders.list() == []  # refused, not created
        uow.coders.get_or_create("Ana")
        uow.commit()
    a = cli("fidelity", "draw", first, "--coder", "Ana", "--n", "2", "--seed", "5", *db_args)
    b = cli("fidelity", "draw", second, "--coder", "Ana", "--n", "2", "--seed", "5", *db_args)
    assert a.code == 0 and b.code == 0, a.err + b.err
    assert a.out == b.out and len(a.out.splitlines()) == 2
    assert a.err.startswith("seed 5: 2 clip(s) added to pass ")
    t = json.loads(cli("tally", first, "--clip", "fidelity", "--format", "json", *db_args).out)
    assert t["coded_min"] == 10.0 and len(t["segments"]) == 2
    full = cli("fidelity", "draw", first, "--coder", "Ana", "--n", "5", *db_args)
    assert full.code == 1 and "do not fit" in full.error_line


def test_thresholds_set_show_and_use(cli: Cli, sqlite_url: str, coded: RecordingId) -> None:
    db = ("--db", sqlite_url)
    shown = cli("thresholds", "show", "ABC", "--json", *db)
    assert json.loads(shown.out)["min_rate_per_min"] == 1.0
    s = cli("thresholds", "set", "abc", "--min-rate", "1.5", "--min-on-target", "85", *db)
    assert s.code == 0, s.err
    assert s.out.startswith("fidelity thresholds for ABC:")
    values = json.loads(cli("thresholds", "show", "ABC", "--json", *db).out)
    assert (values["min_rate_per_min"], values["min_on_target"]) == (1.5, 0.85)
    off = cli("thresholds", "set", "ABC", "--practice-rate", "off", *db)
    assert off.code == 0 and "practice_rate_info   off" in off.out
    t = json.loads(cli("tally", coded, "--clip", "fidelity", "--format", "json", *db).out)
    assert t["verdict"]["status"] == "does not meet" and t["thresholds"]["min_rate_per_min"] == 1.5
    nothing = cli("thresholds", "set", "ABC", *db)
    assert nothing.code == 1 and "nothing to set" in nothing.error_line
    bad = cli("thresholds", "set", "ABC", "--min-on-target", "180", *db)
    assert bad.code == 1 and "between 0 and 1" in bad.error_line
    assert cli("thresholds", "set", "ABC", "--min-rate", "lots", *db).code == 2


def test_tally_commands_never_load_qt(sqlite_url: str, coded: RecordingId) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import vfcoach.cli
        db = ['--db', {sqlite_url!r}]
        assert vfcoach.cli.main(['tally', '{coded}', '--format', 'csv', *db]) == 0
        assert vfcoach.cli.main(['thresholds', 'show', 'ABC', *db]) == 0
        assert vfcoach.cli.main(['fidelity', 'draw', '{coded}', '--coder', 'Ana', *db]) == 0
        loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
        assert not loaded, loaded
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_tally_csv_writes_booleans_as_irr_does() -> None:
    """One cell policy (issue 11): a boolean is `yes`/`no` in every CSV vfcoach writes, the
    tally's flattened rows as well as `irr`'s (before, the tally wrote `true`/`false`)."""
    from vfcoach.coding.csv_cells import cell_text
    from vfcoach.coding.tally.tally_json import flatten

    rows = flatten({"ok": True, "late": False, "gone": None, "rate": 1.5, "each": [{"n": True}]})
    assert rows == [
        ("summary", "", "ok", "yes"),
        ("summary", "", "late", "no"),
        ("summary", "", "gone", ""),
        ("summary", "", "rate", "1.5"),
        ("each", "0", "n", "yes"),
    ]
    assert [cell_text(v) for v in (True, False, None, 2, "x")] == ["yes", "no", "", "2", "x"]
