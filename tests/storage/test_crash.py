"""Kill a coder mid-keypress, again and again: no commit that returned may ever be lost.

A child codes through the real path (`Database.open`, a unit of work per edit,
`annotations.apply`, `commit`) and logs each id only after its commit returned. It is killed
with SIGKILL at seeded random moments; afterwards every logged id must be in the database and
SQLite's `integrity_check` must say ok. This is the "no Save button" promise, tested. It runs
on PostgreSQL too, where a client killed mid-transaction must leave nothing half-written.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.storage.conftest import build_world
from vfcoach.storage.database import Database

REPO_ROOT = Path(__file__).resolve().parents[2]
KILLS = 24
SEED = 20261128


def read_line(proc: subprocess.Popen[str], timeout_s: float) -> str:
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], timeout_s)
    if not ready:
        raise AssertionError(f"crash worker said nothing for {timeout_s} s")
    line = proc.stdout.readline()
    if not line:
        raise AssertionError("crash worker closed its output (it died; see its stderr)")
    return line.strip()


def logged_ids(log: Path) -> set[str]:
    """Complete lines only: a torn last line was never reported as saved."""
    text = log.read_text() if log.exists() else ""
    lines = text.split("\n")[:-1]
    return {uuid.UUID(hex=line).hex for line in lines}


@pytest.mark.slow
def test_sigkill_never_loses_a_committed_annotation(tmp_path: Path, db_url: str):
    with Database.open(db_url) as db:
        pass_id = build_world(db).cpass.id
    log = tmp_path / "committed.log"
    rng = random.Random(SEED)
    command = [sys.executable, "-m", "tests.storage.crash_worker", db_url, str(log), str(pass_id)]
    with (
        (tmp_path / "worker.err").open("w") as stderr,
        subprocess.Popen(
            [*command, "--serve"],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
        ) as server,
    ):
        assert server.stdin is not None
        try:
            for _round in range(KILLS):
                server.stdin.write("go\n")
                server.stdin.flush()
                word, pid = read_line(server, 30).split()
                assert word == "ready"
                time.sleep(rng.uniform(0.05, 0.30))
                os.kill(int(pid), signal.SIGKILL)
                word, dead, status = read_line(server, 30).split()
                assert (word, dead) == ("exit", pid)
                # Killed while coding, not dead of an error of its own before the kill.
                assert os.WIFSIGNALED(int(status)), (tmp_path / "worker.err").read_text()
                assert os.WTERMSIG(int(status)) == signal.SIGKILL
        except BaseException:
            server.kill()  # its coding child notices the lost parent and stops too
            raise
        server.stdin.close()  # ends the server's loop; leaving the with block waits for it

    committed = logged_ids(log)
    assert len(committed) >= 2 * KILLS, "the worker hardly coded: the test proves nothing"
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
        try:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        finally:
            conn.close()
    with Database.open(db_url) as db, db.engine.connect() as conn:
        stored = {uuid.UUID(str(v)).hex for v in conn.scalars(text("SELECT id FROM annotation"))}
    missing = committed - stored
    assert not missing, f"{len(missing)} committed annotations lost"
    # At most the edit in flight per kill was committed without being logged yet.
    assert len(stored) - len(committed) <= KILLS
    with Database.open(db_url) as db, db.uow() as uow:
        assert uow.annotations.count_for_pass(pass_id) == len(stored)
