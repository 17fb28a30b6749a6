"""`vfcoach erase family` and `vfcoach retention ...` from the command line.

The crash test kills a real `vfcoach erase family` process with SIGKILL right after its
pending record is committed (a test hook makes it wait there), then runs the next command:
the erase finishes before that command does anything, and the scan finds no byte of the
family anywhere under the data folder.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import REPO, Cli
from tests.cli.test_irr_cli import two  # noqa: F401  (fixture)
from tests.services.erase_world import MARKERS, ErasedWorld, data_world, files_with, plant
from vfcoach.coding.ids import RecordingId
from vfcoach.services.retention.erase import PAUSE_ENV, plan_erase
from vfcoach.storage.database import Database

REASON = "the family asked for it"


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cfr_video: Path
) -> Iterator[ErasedWorld]:
    data, url = data_world(tmp_path, monkeypatch)
    monkeypatch.setenv("VFCOACH_DB", url)
    db = Database.open(url)
    try:
        yield plant(db, data, cfr_video)
    finally:
        db.dispose()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _typed(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(text + "\n"))


def _family_codes(url: str) -> set[str]:
    with Database.open(url) as db, db.uow() as uow:
        return {f.code for f in uow.families.list()}


def test_erase_asks_for_the_code_on_a_terminal(
    cli: Cli, world: ErasedWorld, monkeypatch: pytest.MonkeyPatch
):
    _typed(monkeypatch, "F-0002")
    r = cli("erase", "family", "F-0001", "--reason", REASON)
    assert r.code == 1
    assert "vfcoach: error: you typed 'F-0002', not 'F-0001'; nothing was erased" in r.err
    assert world.videos["F-0001"].exists() and "F-0001" in _family_codes(world.url)
    _typed(monkeypatch, "F-0001")
    r = cli("erase", "family", "F-0001", "--reason", REASON)
    assert r.code == 0, r.err
    assert "Erasing family F-0001 deletes, for good:" in r.err
    assert "family F-0001 erased: 1 file(s) deleted" in r.out
    assert _family_codes(world.url) == {"F-0002"}
    assert files_with(world.data, MARKERS["F-0001"]) == []
    assert files_with(world.data, MARKERS["F-0002"])


def test_a_script_needs_yes_and_a_hold_refuses(cli: Cli, world: ErasedWorld):
    r = cli("erase", "family", "F-0001", "--reason", REASON)
    assert r.code == 1 and "--yes" in r.error_line
    r = cli("retention", "hold", "F-0001", "--reason", "court order 17")
    assert r.code == 0, r.err
    r = cli("erase", "family", "F-0001", "--reason", REASON, "--yes")
    assert r.code == 1 and "legal hold (court order 17)" in r.error_line
    assert world.videos["F-0001"].exists()
    assert cli("retention", "release", "F-0001").code == 0
    r = cli("erase", "family", "F-0001", "--reason", REASON, "--yes")
    assert r.code == 0, r.err


def test_rules_show_and_due(cli: Cli, world: ErasedWorld):
    r = cli("retention", "due", "--json")
    assert json.loads(r.out) == {"due": [], "programmes_without_rule": ["ABC"]}
    r = cli("retention", "set", "ABC", "--video-months", "24", "--derived-months", "12",
            "--codes", "keep-deidentified")  # fmt: skip
    assert r.code == 0 and "video kept 24 months" in r.out
    r = cli("retention", "set", "ABC", "--video-months", "6", "--derived-months", "12",
            "--codes", "erase")  # fmt: skip
    assert r.code == 1 and "cannot be kept longer" in r.error_line
    shown = json.loads(cli("retention", "show", "--json").out)
    assert shown == [{"programme": "ABC", "video_months": 24, "derived_months": 12,
                      "codes": "deidentify"}]  # fmt: skip
    r = cli("retention", "due", "--json")
    due = json.loads(r.out)["due"]
    assert {(d["family"], d["kind"], d["due_on"]) for d in due} == {
        (code, kind, None) for code in MARKERS for kind in ("derived", "family")
    }  # no visit dates in this world: nothing can be judged due, and nothing is erased
    assert world.videos["F-0001"].exists()


@pytest.mark.parametrize("step", ["pending", "rows"])
def test_a_killed_erase_finishes_on_the_next_start(
    cli: Cli, world: ErasedWorld, tmp_path: Path, step: str
):
    """Killed once the pending record is committed (nothing deleted yet), or once the rows
    are deleted but the database file and its log still hold their bytes."""
    flag = tmp_path / "paused"
    env = {**os.environ, PAUSE_ENV: f"{step}:{flag}"}
    child = subprocess.Popen(
        [sys.executable, "-m", "vfcoach", "erase", "family", "F-0001", "--reason", REASON, "--yes"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not flag.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert flag.exists(), "the erase never reached its pending record"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert world.videos["F-0001"].exists() == (step == "pending")
    if step == "rows":  # the kill left the deleted notes in the database's log
        assert files_with(world.data, MARKERS["F-0001"])
    r = cli("retention", "show")
    assert r.code == 0, r.err
    assert "finished erasing family F-0001" in r.err
    assert not world.videos["F-0001"].exists()
    assert _family_codes(world.url) == {"F-0002"}
    assert files_with(world.data, MARKERS["F-0001"]) == []
    assert files_with(world.data, MARKERS["F-0002"])


def test_a_reliability_report_is_on_the_register_of_its_families(
    cli: Cli, sqlite_url: str, sqlite_db: Database, tmp_path: Path, request: pytest.FixtureRequest
):
    recordings: list[RecordingId] = request.getfixturevalue("two")  # two of F-1, coded
    html = tmp_path / "irr.html"
    done = cli("irr", *recordings, "--coders", "Ana", "Ben", "--report", html, "--db", sqlite_url)
    assert done.code == 0, done.err
    assert str(html) in plan_erase(sqlite_db, "F-1").outside  # for the coach to delete
