"""The import contracts catch a wrong import: each is planted in a copy of the package.

A layers contract that names a package which does not exist, or a CLI left outside the
contract, keeps every contract green while the boundary it should guard is gone (before
issue 11 a `ui` module could import `vfcoach.cli_reels` unnoticed). So each test copies the
package and pyproject.toml into `tmp_path`, adds ONE module with one wrong import, runs the
real `lint-imports` on the copy, and expects it to fail naming that import; the clean copy
must pass, so the planted line is what breaks it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _only_python(folder: str, names: list[str]) -> set[str]:
    return {
        n
        for n in names
        if n == "__pycache__" or (Path(folder, n).is_file() and not n.endswith(".py"))
    }


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "vfcoach", tmp_path / "vfcoach", ignore=_only_python)
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), "import-linter is a dev dependency (pip install -e .[dev])"
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_clean_copy_keeps_every_contract(copy: Path) -> None:
    done = _lint(copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "BROKEN" not in done.stdout


PLANTS = [
    # (new module, its one import, what lint-imports must say)
    (
        "ui/planted.py",
        "import vfcoach.cli._common",
        "vfcoach.ui is not allowed to import vfcoach.cli",
    ),
    (
        "ui/planted.py",
        "import vfcoach.cli.commands.reels",
        "vfcoach.ui is not allowed to import vfcoach.cli",
    ),
    (
        "cli/commands/planted.py",
        "import vfcoach.ui.main_window",
        "vfcoach.cli is not allowed to import vfcoach.ui",
    ),
    (
        "services/planted.py",
        "import vfcoach.ui.runner",
        "vfcoach.services is not allowed to import vfcoach.ui",
    ),
    (
        "services/planted.py",
        "import vfcoach.cli",
        "vfcoach.services is not allowed to import vfcoach.cli",
    ),
    (
        "services/reels/planted.py",
        "import PySide6.QtCore",
        "vfcoach.services is not allowed to import PySide6",
    ),
    (
        "reports/planted.py",
        "import vfcoach.storage.uow",
        "vfcoach.reports is not allowed to import vfcoach.storage",
    ),
    (
        "reports/planted.py",
        "import PySide6.QtGui",  # only reports.reliability_pdf may draw with Qt
        "vfcoach.reports is not allowed to import PySide6",
    ),
    (
        "storage/planted.py",
        "import vfcoach.services.access",
        "vfcoach.storage is not allowed to import vfcoach.services",
    ),
    (
        "coding/planted.py",
        "import sqlalchemy",
        "vfcoach.coding is not allowed to import sqlalchemy",
    ),
]


@pytest.mark.parametrize(
    ("where", "line", "message"), PLANTS, ids=[p[0] + ":" + p[1] for p in PLANTS]
)
def test_a_planted_wrong_import_breaks_a_contract(
    copy: Path, where: str, line: str, message: str
) -> None:
    (copy / "vfcoach" / where).write_text(f'"""Planted by the test."""\n\n{line}\n')
    done = _lint(copy)
    assert done.returncode == 1, done.stdout + done.stderr
    assert message in done.stdout, done.stdout
    planted = "vfcoach." + where.removesuffix(".py").replace("/", ".")
    assert planted in done.stdout  # the report names the module to fix
