"""Every bad input named in issue 10 (item 5) gets ONE line, the right exit status and no change.

Each row is an input the issue lists, with the exit status (2 for a usage error, 1 for a
refusal) and a piece of the one line expected. The database is the demo project's, and
its bytes must be the same after every refusal.
"""

from __future__ import annotations

import errno
import gc
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.cli.hostile import World
from vfcoach.cli._errors import describe_os_error

Argv = Callable[[World], list[object]]
CSV_HEAD = "code,start,end,modifiers,note\n"


def csv_file(w: World, body: str, name: str = "in.csv") -> Path:
    path = w.root / name
    path.write_text(CSV_HEAD + body, encoding="utf-8")
    return path


def imp(body: str) -> Argv:
    return lambda w: ["annotations", "import", 1, csv_file(w, body), "--coder", "Demo coach"]


CASES: list[tuple[str, Argv, int, str]] = [
    (
        "time of 400 digits",
        lambda w: ["frame", w.video, "--time", "9" * 400, "--out", w.root / "f.png"],
        2,
        "is not a time",
    ),
    ("time of 400 digits in a CSV", imp("DEL," + "9" * 400 + ",,,\n"), 1, "is not a time"),
    (
        "Arabic-Indic digits as a time",
        lambda w: ["frame", w.video, "--time", "١٢", "--out", w.root / "f.png"],
        2,
        "is not a time",
    ),
    ("Arabic-Indic digits in a CSV", imp("DEL,١٢,,,\n"), 1, "is not a time"),
    (
        "recording id beyond 64 bits",
        lambda w: ["tally", 2**70, "--format", "json"],
        2,
        "is not an id",
    ),
    (
        "recording id beyond 32 bits",
        lambda w: ["tally", 2**33, "--format", "json"],
        2,
        "is not an id",
    ),
    ("reel id beyond 64 bits", lambda w: ["reel", "show", 2**70], 2, "is not an id"),
    (
        "visit number beyond 32 bits",
        lambda w: ["session", "add", w.video, "--family", "F-1", "--visit", 2**40],
        2,
        "is not an id",
    ),
    (
        "--length nan",
        lambda w: ["fidelity", "draw", 1, "--coder", "Demo coach", "--length", "nan"],
        2,
        "minutes",
    ),
    ("--pre 1e308", lambda w: ["reel", "create", 1, "--pre", "1e308"], 2, "seconds"),
    (
        "--tolerance inf",
        lambda w: ["irr", 1, "--coders", "A", "B", "--tolerance", "inf"],
        2,
        "seconds",
    ),
    ("--share nan", lambda w: ["double", "share", "nan"], 2, "is not a share"),
    (
        "--min-rate -1",
        lambda w: ["thresholds", "set", "ABC", "--min-rate", "-1"],
        2,
        "is not a number",
    ),
    (
        "Latin-1 scheme file",
        lambda w: ["scheme", "import", w.file("latin1.json")],
        1,
        "not UTF-8 text",
    ),
    (
        "deeply nested scheme file",
        lambda w: ["scheme", "import", w.file("deep.json")],
        1,
        "nested far too deeply",
    ),
    (
        "lone surrogate in a scheme",
        lambda w: ["scheme", "import", w.file("surrogate.json")],
        1,
        "lone surrogate",
    ),
    ("NUL in a scheme", lambda w: ["scheme", "import", w.file("nul.json")], 1, "NUL character"),
    (
        "duplicate field in a scheme",
        lambda w: ["scheme", "import", w.file("duplicate.json")],
        1,
        "'name' appears twice",
    ),
    (
        "homoglyph code key",
        lambda w: ["scheme", "import", w.file("homoglyph.json")],
        1,
        "ASCII letters",
    ),
    ("NUL in a note", imp("DEL,1,,,bad\x00note\n"), 1, "NUL"),
    ("INT inside FTL in one file", imp("FTL,1,5,,\nINT,2,3,,\n"), 1, "overlaps FTL on line 2"),
    (
        "INT inside an FTL already in the pass",
        imp("INT,1,2,,\n"),
        1,
        "overlaps FTL already in the pass",
    ),
    ("zero-length state", imp("LEAD_NONE,19.8,19.8,,\n"), 1, "lasts no time"),
    (
        "family code with a newline",
        lambda w: ["session", "add", w.video, "--family", "F-1\nF-2"],
        2,
        "control",
    ),
    (
        "family code of 10,000 characters",
        lambda w: ["session", "add", w.video, "--family", "F" * 10_000],
        2,
        "at most 64",
    ),
    (
        "bidi override in a coder name",
        lambda w: ["double", "assign", 1, "--coder", "Ana\u202e"],
        2,
        "U+202E",
    ),
    ("control character in a name", lambda w: ["thresholds", "show", "AB\x1bC"], 2, "control"),
    (
        "--from-codes BOGUS",
        lambda w: ["reel", "create", 1, "--from-codes", "BOGUS"],
        1,
        "unknown code(s) BOGUS",
    ),
    (
        "--from-codes with a homoglyph",
        lambda w: ["reel", "create", 1, "--from-codes", "NU\u0420"],
        2,
        "ASCII",
    ),
    (
        "fidelity draw --coder Nobody",
        lambda w: ["fidelity", "draw", 1, "--coder", "Nobody"],
        1,
        "there is no coder 'Nobody'",
    ),
    ("a FIFO as a video", lambda w: ["probe", w.file("fifo")], 1, "not a regular file"),
    ("a FIFO as a scheme", lambda w: ["scheme", "import", w.file("fifo")], 1, "not a regular file"),
    (
        "a FIFO as annotations",
        lambda w: ["annotations", "import", 1, w.file("fifo"), "--coder", "X"],
        1,
        "not a regular file",
    ),
    ("a symlink loop as a video", lambda w: ["probe", w.file("loop1")], 1, "symbolic link loop"),
    (
        "a symlink loop as a scheme",
        lambda w: ["scheme", "import", w.file("loop1")],
        1,
        "symbolic link loop",
    ),
    (
        "a folder as annotations",
        lambda w: ["annotations", "import", 1, w.file("folder"), "--coder", "X"],
        1,
        "is a folder",
    ),
    (
        "--db with a port that is no number",
        lambda w: ["--db", "postgresql://u@localhost:abc/x", "session", "list"],
        1,
        "is not a database URL",
    ),
    (
        "--db with a port out of range",
        lambda w: ["--db", "postgresql://u@127.0.0.1:99999/x", "session", "list"],
        1,
        "cannot open database",
    ),
    (
        "--db as words",
        lambda w: ["--db", "just some words", "session", "list"],
        1,
        "is not a database URL",
    ),
    ("a NUL in a path", lambda w: ["probe", "a\x00b"], 2, "is not a file path"),
]


@pytest.mark.parametrize(("label", "argv", "status", "fragment"), CASES, ids=[c[0] for c in CASES])
def test_each_bad_input_is_one_line_and_changes_nothing(
    cli: Cli, world: World, label: str, argv: Argv, status: int, fragment: str
) -> None:
    words = argv(world)
    if "--db" not in words:
        words += ["--db", world.url]
    before = world.digest()
    r = cli(*words)
    assert r.code == status, (label, r.err)
    assert fragment in r.error_line, (label, r.err)
    assert "Traceback" not in r.err
    assert world.digest() == before, label


def test_the_same_file_twice_is_refused_and_skip_duplicates_skips(cli: Cli, world: World) -> None:
    csv = csv_file(world, "DEL,1.5,,,shared laugh\nLEAD_NONE,19.8,20,,\n")
    args = ("annotations", "import", 1, csv, "--coder", "Demo coach", "--db", world.url)
    assert cli(*args).code == 0
    before = world.digest()
    twice = cli(*args)
    assert twice.code == 1 and "--skip-duplicates" in twice.error_line
    assert world.digest() == before
    skipped = cli(*args, "--skip-duplicates")
    assert skipped.code == 0 and "imported 0 annotation(s)" in skipped.out
    assert "skipping 2 already there" in skipped.out


def test_spreadsheet_formulas_in_notes_are_exported_as_text(cli: Cli, world: World) -> None:
    notes = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "-2+3+cmd|' /C calc'!A0"]
    body = "".join(
        f'DEL,{1 + i},,,"{n.replace(chr(34), chr(34) * 2)}"\n' for i, n in enumerate(notes)
    )
    assert (
        cli(
            "annotations", "import", 2, csv_file(world, body), "--coder", "Ana", "--db", world.url
        ).code
        == 0
    )
    out = cli(
        "annotations", "export", 2, "--coder", "Ana", "--format", "csv", "--db", world.url
    ).out
    for n in notes:
        assert "'" + n.split('"')[0] in out
    assert "=HYPERLINK" not in out.replace("'=HYPERLINK", "")
    back = world.root / "back.csv"
    back.write_text(out, encoding="utf-8")
    again = cli("annotations", "import", 2, back, "--coder", "Ana", "--db", world.url)
    assert again.code == 1 and "exactly like an annotation already" in again.err  # same notes


def test_session_list_cannot_be_forged_by_a_stored_family_code(cli: Cli, world: World) -> None:
    import sqlite3

    with sqlite3.connect(world.db_path) as con:  # as an old version could have stored it
        con.execute("UPDATE family SET code = ? WHERE code = 'DEMO-01'", ("X\n9  FAKE  1",))
    out = cli("session", "list", "--db", world.url).out
    assert len(out.splitlines()) == 3  # header and the two demo recordings, nothing forged
    assert "X\\u000a9" in out or "X 9" in out


def test_a_plain_sqlite_path_is_accepted_as_help_says(cli: Cli, world: World) -> None:
    assert "SQLite file (.sqlite, .db)" in " ".join(cli("session", "list", "--help").out.split())
    r = cli("session", "list", "--db", str(world.db_path))
    assert r.code == 0 and "DEMO-01" in r.out


def test_read_only_database_is_one_line(cli: Cli, world: World) -> None:
    ro = f"sqlite:///file:{world.db_path}?mode=ro&uri=true"
    before = world.digest()
    r = cli("session", "add", world.video, "--family", "F-RO", "--db", ro)
    assert r.code == 1 and "the database is read-only" in r.error_line
    assert world.digest() == before


def test_full_disk_is_one_line(cli: Cli, world: World) -> None:
    small = world.root / "small"
    small.mkdir()
    # The database, the fill below and ~50 KB: sized from the database, which grows with
    # every table a migration adds (a fixed 256k no longer held it).
    size_kb = -(-(world.db_path.stat().st_size + 8192 + 50 * 1024) // 4096) * 4
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(small)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        db = small / "full.sqlite"
        db.write_bytes(world.db_path.read_bytes())
        (small / "fill").write_bytes(b"\0" * 8192)  # ~50 KB left: it opens, a write fails
        r = cli("session", "add", world.video, "--family", "F-FULL", "--db", f"sqlite:///{db}")
        assert r.code == 1, r.err
        line = r.error_line
        assert "full" in line or "could not be read or written" in line
        assert "Traceback" not in r.err
    finally:
        gc.collect()  # close the in-process command's pooled connection to the file
        if subprocess.run(["umount", str(small)], check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(small)], check=False)


def test_permission_denied_names_the_path() -> None:
    exc = PermissionError(errno.EACCES, "Permission denied", "/srv/visits/a.csv")
    assert describe_os_error(exc) == "permission denied: /srv/visits/a.csv"
    loop = OSError(errno.ELOOP, "Too many levels of symbolic links", "/tmp/l")
    assert describe_os_error(loop) == "symbolic link loop: /tmp/l"


def test_unexpected_failures_log_privately_without_family_data(
    cli: Cli, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import StatementError

    from vfcoach.services.recordings import browse as sessions

    secret = "child cried when mother left SECRET"

    def broken(*_args: object) -> None:
        raise StatementError("boom", "INSERT INTO annotation (note) VALUES (?)", (secret,), None)

    monkeypatch.setattr(sessions, "list_sessions", broken)
    r = cli("session", "list", "--db", world.url)
    assert r.code == 1 and secret not in r.err
    assert "the database refused the operation" in r.error_line
    log = world.root.parent / "data" / "vfcoach" / "logs" / "vfcoach.log"
    assert log.exists() and secret not in log.read_text(encoding="utf-8")
    assert "StatementError" in log.read_text(encoding="utf-8")
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700

    def bug(*_args: object) -> None:
        raise RuntimeError(f"a bug quoting a note: {secret}")

    monkeypatch.setattr(sessions, "list_sessions", bug)
    r = cli("session", "list", "--db", world.url)
    assert r.code == 1 and r.error_line == f"vfcoach: error: unexpected failure (details in {log})"
    logged = log.read_text(encoding="utf-8")
    assert "builtins.RuntimeError (text withheld" in logged and secret not in logged
    assert "in bug" in logged  # the frames are there for whoever helps


@pytest.mark.postgres
def test_postgres_refuses_the_same_way_and_never_echoes_data(
    cli: Cli, pg_url: str, cfr_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import text

    from vfcoach.services.recordings import browse as sessions

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    added = cli("session", "add", cfr_video, "--family", "F-PG", "--db", pg_url)
    assert added.code == 0, added.err
    csv = tmp_path / "nul.csv"
    csv.write_text(CSV_HEAD + "DEL,1,,,a\x00b\n", encoding="utf-8")
    nul = cli("annotations", "import", added.out.strip(), csv, "--coder", "Ana", "--db", pg_url)
    assert nul.code == 1 and "NUL" in nul.error_line  # as on SQLite, before any write
    assert cli("tally", 2**31, "--format", "json", "--db", pg_url).code == 2  # INTEGER is 32-bit
    secret = "SECRET note about the child"

    def echoing(db: object, *_args: object) -> None:
        with db.engine.connect() as con:  # type: ignore[attr-defined]
            con.execute(text("SELECT CAST(:x AS integer)"), {"x": secret})  # PG echoes :x

    monkeypatch.setattr(sessions, "list_sessions", echoing)
    r = cli("session", "list", "--db", pg_url)
    assert r.code == 1 and secret not in r.err and "the database refused" in r.error_line
    log = tmp_path / "data" / "vfcoach" / "logs" / "vfcoach.log"
    assert secret not in log.read_text(encoding="utf-8")
