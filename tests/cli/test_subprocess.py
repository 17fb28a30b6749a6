"""The real command in a child process: exit codes, one-line errors, and no Qt when headless."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.cli.conftest import REPO, run_module


def test_python_m_vfcoach_probe_and_session(sqlite_url: str, cfr_video: Path) -> None:
    probe = run_module("probe", cfr_video, "--json")
    assert probe.returncode == 0, probe.stderr
    assert json.loads(probe.stdout)["frame_count"] == 75
    added = run_module("--db", sqlite_url, "session", "add", cfr_video, "--family", "F-SUB")
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip().isdigit()
    listed = run_module("session", "list", "--json", env={"VFCOACH_DB": sqlite_url})
    assert json.loads(listed.stdout)[0]["family_code"] == "F-SUB"


def test_broken_file_exits_1_with_one_line(truncated_video: Path) -> None:
    done = run_module("probe", truncated_video)
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("vfcoach: error: ") and truncated_video.name in line
    assert "Traceback" not in done.stderr


def test_usage_error_exits_2() -> None:
    done = run_module("frame")
    assert done.returncode == 2 and "usage:" in done.stderr


def test_headless_commands_never_load_qt(sqlite_url: str, cfr_video: Path, tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        import vfcoach.cli
        assert vfcoach.cli.main(['probe', {str(cfr_video)!r}]) == 0
        assert vfcoach.cli.main(['frame', {str(cfr_video)!r}, '--index', '3',
                                 '--out', {str(tmp_path / "f.png")!r}]) == 0
        assert vfcoach.cli.main(['session', 'add', {str(cfr_video)!r}, '--family', 'F',
                                 '--db', {sqlite_url!r}]) == 0
        assert vfcoach.cli.main(['session', 'list', '--db', {sqlite_url!r}]) == 0
        assert vfcoach.cli.main(['annotations', 'export', '1', '--format', 'csv',
                                 '--db', {sqlite_url!r}]) == 0
        loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))
        assert not loaded, loaded
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_output_into_a_closed_pipe_is_quiet(cfr_video: Path) -> None:
    """`vfcoach ... | head -1`: the reader leaving early is no error, and no traceback."""
    import os

    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is already gone: the first write meets EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "vfcoach", "probe", str(cfr_video), "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
