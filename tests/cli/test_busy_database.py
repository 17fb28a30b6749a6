"""A SQLite file busy with another writer: commands wait for it, and a wait that runs out
ends in one plain line, never a "database is locked" traceback."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from vfcoach.storage import engine

CODED = "code,start,end,modifiers,note\nNUR,0.5,,,\nFTL,1.0,2.0,,\n"


@pytest.fixture
def recording(cli: Cli, sqlite_url: str, cfr_video: Path) -> str:
    # plain: the other program below is Python's own sqlite3, which cannot read SQLCipher
    r = cli(
        "session", "add", cfr_video, "--family", "F-BUSY", "--db", sqlite_url, "--no-encryption"
    )
    assert r.code == 0, r.err
    return str(r.out.strip())


def hold_write_lock(sqlite_url: str) -> sqlite3.Connection:
    """Another program's connection in the middle of a write: it holds SQLite's write lock."""
    conn = sqlite3.connect(
        sqlite_url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False
    )
    conn.execute("BEGIN IMMEDIATE")
    return conn


def test_an_import_waits_for_another_writer(
    cli: Cli, sqlite_url: str, recording: str, tmp_path: Path
) -> None:
    source = tmp_path / "coded.csv"
    source.write_text(CODED, encoding="utf-8")
    other = hold_write_lock(sqlite_url)
    released = threading.Timer(0.8, other.commit)
    released.start()
    try:
        r = cli("annotations", "import", recording, source, "--coder", "Ana", "--db", sqlite_url)
    finally:
        released.join()
        other.close()
    assert (r.code, r.err) == (0, "")
    assert r.out.startswith("imported 2 annotation(s)")


def test_a_wait_for_the_pass_that_runs_out_is_one_line(
    cli: Cli, sqlite_url: str, recording: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass's write lock gives up after the busy timeout with a message, not a traceback.

    The coder and the pass exist already, so the pass lock is the command's first write
    (a failed flush of some other row is the typed storage errors' business, not the lock's).
    """
    source = tmp_path / "coded.csv"
    source.write_text(CODED, encoding="utf-8")
    db = ("--db", sqlite_url)
    first = cli("annotations", "import", recording, source, "--coder", "Ana", *db)
    assert first.code == 0, first.err
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    other = hold_write_lock(sqlite_url)
    try:
        imported = cli("annotations", "import", recording, source, "--coder", "Ana", *db)
        submitted = cli("pass", "submit", recording, "--coder", "Ana", *db)
    finally:
        other.rollback()
        other.close()
    for r in (imported, submitted):
        assert r.code == 1
        assert "another program is writing" in r.error_line and "try again" in r.error_line
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 15_000)
    again = cli("pass", "submit", recording, "--coder", "Ana", *db)
    assert again.code == 0, again.err
    assert "submitted with 2 annotation(s)" in again.out  # the refused import left nothing


def test_reading_does_not_wait_for_a_writer(
    cli: Cli, sqlite_url: str, recording: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a database already at the newest schema takes no lock, so a listing works
    while a long import holds the write lock (WAL lets it read the last commit)."""
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 300)
    other = hold_write_lock(sqlite_url)
    try:
        listed = cli("session", "list", "--db", sqlite_url)
    finally:
        other.rollback()
        other.close()
    assert (listed.code, listed.err) == (0, ""), listed.err
    assert "F-BUSY" in listed.out
