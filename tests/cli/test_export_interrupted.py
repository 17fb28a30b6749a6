"""An export killed half-way leaves nothing under a real name (issue 10 item 1).

A long exact export (two minutes of video re-encoded at 720p) runs in a child process; once
its part file exists it is stopped. SIGTERM: the process removes its part file and leaves,
status 143. SIGKILL cannot be caught: the part file stays (hidden, named for the target and
the dead process) and the next export into that folder removes it, together with a planted
stale part of ours, while a part file of a live process and other files stay.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.conftest import REPO
from tests.consent_helpers import agree
from vfcoach.coding.ids import RecordingId, VisitId
from vfcoach.coding.reels import ReelId
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database

PARTS = ".*.vfcoach-export-*.part"


def _env() -> dict[str, str]:
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def _argv(db_url: str, reel: int, out: Path, mode: str = "exact") -> list[str]:
    return [sys.executable, "-m", "vfcoach", "reel", "export", str(reel), "--out", str(out),
            "--mode", mode, "--db", db_url]  # fmt: skip


@pytest.fixture
def long_reel(tmp_path: Path, video_120s: Path) -> tuple[str, int]:
    """A reel of four free ranges, together nearly the whole two minutes."""
    url = f"sqlite:///{tmp_path / 'vfcoach.sqlite'}"
    with Database.open(url) as db:
        rec = ImportRecordingOperation(db, video_120s, "F-0200").run()
        agree(db, "F-0200")  # caregiver reels: the family agreed to caregiver viewing
        reel = CreateReelOperation(db, rec.visit_id, ["NUR"]).run().reel
        assert reel.id is not None
        for start_s in (0, 30, 60, 90):
            start, end = start_s * 1000, (start_s + 28) * 1000
            AddClipOperation(db, ReelId(reel.id), recording_id=RecordingId(rec.id),
                             start_ms=start, end_ms=end).run()  # fmt: skip
    return url, reel.id


def _start_and_wait_for_part(
    argv: list[str], folder: Path, delay_s: float = 0.5
) -> tuple[subprocess.Popen[str], Path]:
    child = subprocess.Popen(argv, cwd=REPO, env=_env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        parts = list(folder.glob(PARTS))
        if parts:
            time.sleep(delay_s)  # at once, or well into writing
            assert child.poll() is None, child.communicate()
            return child, parts[0]
        assert child.poll() is None, child.communicate()
        time.sleep(0.05)
    child.kill()
    raise AssertionError("the export never started writing")


@pytest.mark.parametrize("delay_s", [0.0, 0.5, 2.0])
def test_sigterm_removes_the_part_file(
    long_reel: tuple[str, int], tmp_path: Path, delay_s: float
) -> None:
    url, reel = long_reel
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "reel.mp4"
    child, part = _start_and_wait_for_part(_argv(url, reel, target), out_dir, delay_s)
    assert part.name == f".reel.mp4.vfcoach-export-{child.pid}.part"
    assert oct(part.stat().st_mode & 0o777) == oct(0o600)
    child.send_signal(signal.SIGTERM)
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    assert err.strip().splitlines()[-1] == "vfcoach: terminated; nothing was left half-written"
    assert sorted(p.name for p in out_dir.iterdir()) == []


def test_sigkill_leftover_goes_at_the_next_export(
    long_reel: tuple[str, int], tmp_path: Path
) -> None:
    url, reel = long_reel
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    child, part = _start_and_wait_for_part(_argv(url, reel, out_dir / "reel.mp4"), out_dir)
    child.kill()
    child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    assert part.exists() and not (out_dir / "reel.mp4").exists()  # kill -9 cannot clean up
    dead = child.pid
    planted = out_dir / f".older.mp4.vfcoach-export-{dead}.part"
    planted.write_bytes(b"half a reel")
    live = out_dir / f".other.mp4.vfcoach-export-{os.getpid()}.part"  # this test is alive
    live.write_bytes(b"being written")
    mine = out_dir / "notes.part"
    mine.write_bytes(b"a coach's own file")
    # the next export (a short one, into the same folder) tidies up what was ours
    with Database.open(url) as db, db.uow() as uow:
        first = uow.reels.get(ReelId(reel)).clips[0]
    with Database.open(url) as db:
        short = CreateReelOperation(db, db_visit(db, first.recording_id), ["NUR"]).run().reel
        assert short.id is not None
        AddClipOperation(db, ReelId(short.id), recording_id=first.recording_id,
                         start_ms=1_000, end_ms=2_000).run()  # fmt: skip
    argv = _argv(url, short.id, out_dir / "short.mp4", "fast")
    done = subprocess.run(argv, cwd=REPO, env=_env(), capture_output=True, text=True,
                          timeout=180, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in out_dir.iterdir())
    assert left == sorted([live.name, mine.name, "short.mp4"])


def db_visit(db: Database, recording: RecordingId) -> VisitId:
    with db.uow() as uow:
        return uow.recordings.get(recording).visit_id
