"""`vfcoach double ...`, `pass submit`, and the `--as` guard on export and tally."""

from __future__ import annotations

import json

from tests.actors import who
from tests.cli.conftest import Cli, run_module
from tests.services.test_double_coding import coded
from tests.storage.conftest import annotation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.storage.database import Database


def test_blind_workflow_from_the_console(cli: Cli, sqlite_url: str, sqlite_db: Database):
    (rec,) = coded(sqlite_db, "Ana", 1, "F-1")
    db = ("--db", sqlite_url)
    r = cli("double", "assign", rec, "--coder", "Ben", "--by", "Sue", *db)
    assert r.code == 0 and "Ben assigned as second coder (blind)" in r.out
    ben_pass = start_coding(sqlite_db, rec, who(sqlite_db, "Ben")).coding_pass
    with sqlite_db.uow() as uow:
        uow.annotations.add(annotation(ben_pass.id, 30, "DEL"))
        uow.commit()

    r = cli("annotations", "export", rec, "--coder", "Ana", "--format", "csv", "--as", "Ben", *db)
    assert r.code == 1 and "Ana's codes stay hidden from Ben" in r.error_line
    r = cli("annotations", "export", rec, "--coder", "Ana", "--format", "csv", *db)
    assert r.code == 1 and "--as NAME" in r.error_line
    r = cli("tally", rec, "--coder", "Ben", "--format", "json", "--as", "Ana", *db)
    assert r.code == 1 and "Ben's codes stay hidden from Ana" in r.error_line
    r = cli("annotations", "export", rec, "--format", "csv", "--as", "Ben", *db)
    assert r.code == 0 and "DEL" in r.out and "NUR" not in r.out  # only his own

    r = cli("double", "due", "--json", *db)  # statuses only, no codes: no name needed
    (item,) = json.loads(r.out)
    assert (item["coder"], item["coach"], item["coder_status"]) == ("Ben", "Ana", "draft")

    r = cli("pass", "submit", rec, "--coder", "Ana", *db)
    assert r.code == 1 and "--as NAME" in r.error_line  # blind coding: say who submits
    assert cli("pass", "submit", rec, "--coder", "Ana", "--by", "Ana", *db).code == 0
    r = cli("pass", "submit", rec, "--coder", "Ben", "--as", "Ben", *db)
    assert r.code == 0 and "now visible" in r.out
    r = cli("pass", "submit", rec, "--coder", "Ben", "--by", "Ben", *db)
    assert r.code == 1 and "already submitted" in r.error_line
    assert cli("double", "due", *db).out.strip() == "nothing due"
    r = cli("annotations", "export", rec, "--coder", "Ana", "--format", "csv", "--as", "Ben", *db)
    assert r.code == 0 and "NUR" in r.out


def test_sample_is_reproducible_and_settings(cli: Cli, sqlite_url: str, sqlite_db: Database):
    coded(sqlite_db, "Ana", 5, "F-A")
    coded(sqlite_db, "Ben", 2, "F-B", month=6)
    db = ("--db", sqlite_url)
    assert "20%" in cli("double", "share", *db).out
    assert "25%" in cli("double", "share", "25%", "--by", "Sue", *db).out
    r = cli("double", "share", "150%", *db)
    assert r.code == 1 and "share" in r.error_line
    r = cli("double", "role", "Mara", "--master", "--by", "Sue", *db)
    assert r.out.strip() == "Mara: coder, master coder"
    # a dry comparison: the same seed on a copy-free run gives the same JSON twice
    first = cli("double", "sample", "--seed", "77", "--json", "--by", "Sue", *db)
    doc = json.loads(first.out)
    assert doc["seed"] == 77 and doc["share"] == 0.25
    assert {c["coach"]: c["wanted"] for c in doc["coaches"]} == {"Ana": 2, "Ben": 1}
    again = json.loads(cli("double", "sample", "--seed", "77", "--json", *db).out)
    assert again["drawn"] == []  # already chosen ones are not drawn again
    r = cli("double", "sample", "--seed", "-3", *db)
    assert r.code == 2 and "seed" in r.error_line
    drawn = doc["drawn"][0]["recording"]
    r = cli("double", "assign", drawn, "--coder", "Mara", "--master", *db)
    assert r.code == 0 and "master coder" in r.out
    r = cli("double", "assign", drawn, "--coder", "Nia", "--master", *db)
    assert r.code == 1 and "not the master coder" in r.error_line


def test_headless_double_commands_in_a_real_process(sqlite_url: str, sqlite_db: Database):
    coded(sqlite_db, "Ana", 1, "F-1")
    proc = run_module("double", "due", "--db", sqlite_url)
    assert proc.returncode == 0 and proc.stdout.strip() == "nothing due"
    proc = run_module("double", "sample", "--seed", "5", "--db", sqlite_url)
    assert proc.returncode == 0, proc.stderr
    assert "seed 5, share 20%: 1 recording(s) drawn" in proc.stdout
