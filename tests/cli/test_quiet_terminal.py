"""FFmpeg's and Qt's own chatter stays off the terminal unless `--verbose` is given."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.cli.conftest import REPO, run_module

QUIET = {"QT_LOGGING_RULES": ""}  # as a coach's shell has it: no rules of the test suite's


def flipped_copy(video: Path, target: Path) -> Path:
    """Every 97th byte past the header inverted: FFmpeg complains while reading it."""
    data = bytearray(video.read_bytes())
    for i in range(4000, len(data) - 100, 97):
        data[i] ^= 0xFF
    target.write_bytes(bytes(data))
    return target


def test_a_pyav_warning_reaches_stderr_only_with_verbose(cfr_video: Path, tmp_path: Path) -> None:
    damaged = flipped_copy(cfr_video, tmp_path / "damaged.mp4")
    quiet = run_module("probe", damaged, env=QUIET)
    (line,) = quiet.stderr.splitlines()  # vfcoach's own one line, nothing of FFmpeg's
    assert line.startswith("vfcoach: error: damaged.mp4") and "libav" not in quiet.stderr
    loud = run_module("--verbose", "probe", damaged, env=QUIET)
    assert "libav." in loud.stderr  # FFmpeg's own lines, through PyAV's logging
    assert loud.stderr.splitlines()[-1] == line
    assert loud.returncode == quiet.returncode == 1


def qt_messages(verbose: bool) -> str:
    script = textwrap.dedent(
        f"""
        from vfcoach.ui.shell.quiet import quiet_qt
        quiet_qt({verbose})
        from PySide6.QtCore import QCoreApplication, qWarning
        app = QCoreApplication([])
        qWarning("PulseAudioService: pa_context_connect() failed")
        """
    )
    env = {**os.environ, "QT_LOGGING_RULES": "", "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, env=env,
        timeout=60, check=True,
    )  # fmt: skip
    return done.stderr


def test_qt_chatter_reaches_stderr_only_with_verbose() -> None:
    assert qt_messages(verbose=False) == ""
    assert "PulseAudioService" in qt_messages(verbose=True)


def _remember_ana(url: str, conf: Path) -> None:
    """The person this computer remembers for the database, as a first start leaves it."""
    from PySide6.QtCore import QSettings

    from vfcoach.coding.project import CoderRole
    from vfcoach.services.people import join
    from vfcoach.storage.database import Database
    from vfcoach.ui.people.first_start import person_key

    database = Database.open(url)
    join(database, "Ana", CoderRole.CODER)
    settings = QSettings(str(conf), QSettings.Format.IniFormat)
    settings.setValue(person_key(database), "Ana")
    settings.sync()
    database.dispose()


def test_the_window_starts_and_closes_with_nothing_on_stderr(tmp_path: Path) -> None:
    """Qt Multimedia talks as its library loads, before any Qt code of ours runs."""
    db = f"sqlite:///{tmp_path / 'quiet.sqlite'}"
    _remember_ana(db, tmp_path / "vfcoach" / "vfcoach.conf")  # no first-start question
    env = {**QUIET, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    done = run_module("--db", db, "--quit-after", "0.2", env=env)
    assert done.returncode == 0
    assert done.stderr == ""
