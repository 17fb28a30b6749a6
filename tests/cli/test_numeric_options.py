"""Every numeric option of every command refuses inf, NaN, -1 and 1e309 as a usage error.

`float("inf")` and `float("1e309")` parse, and `round(inf * 1000)` raises `OverflowError`: before
issue 10 `vfcoach reel create 1 --pre inf` ended in a traceback. The slots are read from the
parser (every sub-command, plus the top-level options), so an option added later is checked too.
Each bad value must end as exit status 2 with ONE line on stderr naming the value: argparse
refuses it while parsing, before any database is opened or file written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, run_module
from tests.cli.hostile import World
from tests.cli.test_hostile_cli import COMMANDS, command_line
from vfcoach.cli import _args as arg
from vfcoach.cli import build_parser

NUMERIC = {
    arg.record_id,
    arg.count,
    arg.whole,
    arg.seconds_ms,
    arg.minutes,
    arg.number,
    arg.share,
    arg.time_ms,
    arg.time_text,
}
BAD = ["inf", "nan", "-1", "1e309"]


def _numeric(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if getattr(a.type, "inner", a.type) in NUMERIC]


CASES = [
    (path, parser, slot, value)
    for path, parser in [((), build_parser()), *COMMANDS]
    for slot in _numeric(parser)
    for value in BAD
]


def test_the_walk_finds_the_numeric_options() -> None:
    """The issue's examples are among them, and so is every kind of number the CLI parses."""
    found = {
        (" ".join(p), s.option_strings[0] if s.option_strings else s.dest) for p, _, s, _ in CASES
    }
    assert {("reel create", "--pre"), ("irr", "--tolerance"), ("", "--quit-after")} <= found
    kinds = {getattr(s.type, "inner", s.type) for _, _, s, _ in CASES}
    assert kinds == NUMERIC
    assert len(found) >= 40


@pytest.mark.parametrize(
    ("path", "parser", "slot", "value"),
    CASES,
    ids=[
        f"{' '.join(p) or 'vfcoach'} {s.option_strings[0] if s.option_strings else s.dest}={v}"
        for p, _, s, v in CASES
    ],
)
def test_a_bad_number_is_one_line_and_status_2(
    cli: Cli,
    tmp_path: Path,
    path: tuple[str, ...],
    parser: argparse.ArgumentParser,
    slot: argparse.Action,
    value: str,
) -> None:
    world = World(root=tmp_path, db_path=tmp_path / "never-made.sqlite", video=tmp_path / "v.mp4")
    words = command_line(path, parser, world, slot, value)
    r = cli(*words)
    assert r.code == 2, (words, r.code, r.err)
    (line,) = r.err.splitlines()
    assert line.startswith("vfcoach: error: ") and value in line, line
    assert "Traceback" not in r.err and r.out == ""
    assert not world.db_path.exists()  # refused while parsing: nothing opened


def test_the_issue_examples_in_a_real_process() -> None:
    for argv in (
        ["reel", "create", "1", "--pre", "inf"],
        ["irr", "1", "--coders", "Ana", "Ben", "--tolerance", "inf"],
        ["irr", "1", "--coders", "Ana", "Ben", "--tolerance", "1e309"],
    ):
        done = run_module(*argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
