"""Helpers for CLI tests: run `main` in-process and capture its exit status and output."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.hostile import demo_template, world  # noqa: F401  (fixtures)
from vfcoach.cli import main

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str

    @property
    def error_line(self) -> str:
        """The single line a failure must print; asserts there is exactly one."""
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert lines[0].startswith("vfcoach: error: "), lines[0]
        return lines[0]


Cli = Callable[..., Result]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """`cli("probe", path)` -> Result; argparse's SystemExit becomes the exit status."""

    def run(*argv: object) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def run_module(
    *argv: object, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m vfcoach ...` in a real child process, as a coach's shell would run it."""
    return subprocess.run(
        [sys.executable, "-m", "vfcoach", *(str(a) for a in argv)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )
