"""Nothing is lost by writing a file (issue 10 item 1), tried the way a coach's shell does it.

`vfcoach reel export` runs in a child process with `--out` pointed at everything it must never
replace: the recording's own video (by name, by symlink, by hard link, by `..`, after it was
moved away), the SQLite database and its -wal, a pipe or a device, vfcoach's data folder, a
folder, a folder that does not exist, a wrong extension and an existing file without --force.
Each is refused with ONE line and exit 1, and the protected file is byte-identical after.
The other writers (annotations, scheme, frame, irr report) are tried against the database and
the video too, and `--force` is shown to replace an ordinary file.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cli.conftest import REPO
from tests.consent_helpers import agree
from tests.storage.conftest import annotation
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database


def run(
    *argv: object, cwd: Path = REPO, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m vfcoach ...` in a child process, this checkout first on the path."""
    path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "vfcoach", *(str(a) for a in argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
        check=False,
    )


def one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1, (done.returncode, done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("vfcoach: error: "), lines[0]
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class World:
    folder: Path
    db_url: str
    db_file: Path
    video: Path
    recording: int
    reel: int
    xdg: Path  # XDG_DATA_HOME: vfcoach's data folder is xdg/vfcoach

    @property
    def env(self) -> dict[str, str]:
        return {"XDG_DATA_HOME": str(self.xdg), "VFCOACH_DB": self.db_url}


@pytest.fixture
def world(tmp_path: Path, cfr_video: Path) -> World:
    video = tmp_path / "visit.mp4"  # the family's only copy
    video.write_bytes(cfr_video.read_bytes())
    db_file = tmp_path / "vfcoach.sqlite"
    url = f"sqlite:///{db_file}"
    with Database.open(url) as db:
        rec = ImportRecordingOperation(db, video, "F-0100", keep_in_place=True).run()
        agree(db, "F-0100")  # caregiver reels: the family agreed to caregiver viewing
        with db.uow() as uow:
            assert rec.scheme_id is not None
            coder = uow.coders.get_or_create("Ana")
            cpass = uow.passes.get_or_create(rec.id, coder.id, rec.scheme_id)
            uow.annotations.add(annotation(cpass.id, 20, "NUR"))
            uow.commit()
        reel = CreateReelOperation(db, rec.visit_id, ["NUR"], coder_name="Ana").run().reel
    assert reel.id is not None and reel.clips
    xdg = tmp_path / "xdg"
    (xdg / "vfcoach").mkdir(parents=True)
    return World(tmp_path, url, db_file, video, rec.id, reel.id, xdg)


def _export(
    w: World, out: object, *extra: object, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    return run("reel", "export", w.reel, "--out", out, "--mode", "fast", *extra, cwd=cwd, env=w.env)


# Each case: (name, make the --out argument and return it with the file that must survive)
Case = Callable[[World], tuple[object, Path, str]]


def _video(w: World) -> tuple[object, Path, str]:
    return w.video, w.video, "the video of recording"


def _symlink(w: World) -> tuple[object, Path, str]:
    link = w.folder / "nice-name.mp4"
    link.symlink_to(w.video)
    return link, w.video, "the video of recording"


def _hardlink(w: World) -> tuple[object, Path, str]:
    twin = w.folder / "twin.mp4"
    os.link(w.video, twin)
    return twin, w.video, "another name for the same file"


def _dotdot(w: World) -> tuple[object, Path, str]:
    (w.folder / "sub").mkdir()
    return Path("sub") / ".." / "visit.mp4", w.video, "the video of recording"


def _moved_away(w: World) -> tuple[object, Path, str]:
    kept = w.folder / "elsewhere.bin"
    w.video.rename(kept)  # the recording's file is gone from where the database says
    return w.video, kept, "the video of recording"


def _database(w: World) -> tuple[object, Path, str]:
    return w.db_file, w.db_file, "must end in .mp4"


def _database_named_mp4(w: World) -> tuple[object, Path, str]:
    link = w.folder / "db.mp4"
    link.symlink_to(w.db_file)
    return link, w.db_file, "leads to"


def _database_hardlink(w: World) -> tuple[object, Path, str]:
    twin = w.folder / "db-copy.mp4"
    os.link(w.db_file, twin)
    return twin, w.db_file, "the vfcoach database (another name for the same file)"


def _wal(w: World) -> tuple[object, Path, str]:
    wal = Path(f"{w.db_file}-wal")
    return wal, w.db_file, "must end in .mp4"


def _fifo(w: World) -> tuple[object, Path, str]:
    pipe = w.folder / "pipe.mp4"
    os.mkfifo(pipe)
    return pipe, w.video, "not an ordinary file"


def _data_folder(w: World) -> tuple[object, Path, str]:
    return w.xdg / "vfcoach" / "reel.mp4", w.video, "inside vfcoach's data folder"


def _folder(w: World) -> tuple[object, Path, str]:
    target = w.folder / "reels.mp4"
    target.mkdir()
    return target, w.video, "is a folder"


def _no_folder(w: World) -> tuple[object, Path, str]:
    return w.folder / "nowhere" / "reel.mp4", w.video, "does not exist"


def _existing(w: World) -> tuple[object, Path, str]:
    older = w.folder / "last-week.mp4"
    older.write_bytes(b"last week's reel")
    return older, older, "already exists; add --force"


def _extension(w: World) -> tuple[object, Path, str]:
    return w.folder / "reel.avi", w.video, "must end in .mp4"


CASES: dict[str, Case] = {
    "the recording's video": _video,
    "a symlink to the video": _symlink,
    "a hard link to the video": _hardlink,
    "the video through sub/..": _dotdot,
    "where the moved video was": _moved_away,
    "the database": _database,
    "a .mp4 symlink to the database": _database_named_mp4,
    "a .mp4 hard link to the database": _database_hardlink,
    "the database's -wal": _wal,
    "a pipe named .mp4": _fifo,
    "inside the data folder": _data_folder,
    "a folder": _folder,
    "a folder that does not exist": _no_folder,
    "an existing file without --force": _existing,
    "an unknown extension": _extension,
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(CASES))
def test_reel_export_refuses_and_leaves_the_file_as_it_was(world: World, name: str) -> None:
    out, kept, reason = CASES[name](world)
    before = digest(kept)
    holder = sqlite3.connect(world.db_file)  # a window open on the database: -wal exists
    try:
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("CREATE TABLE IF NOT EXISTS t_open (x)")
        holder.commit()
        wal = Path(f"{world.db_file}-wal")
        wal_before = digest(wal) if wal.exists() else None
        done = _export(world, out, cwd=world.folder)
        assert reason in one_error_line(done)
        assert digest(kept) == before
        if wal_before is not None:
            assert digest(wal) == wal_before
    finally:
        holder.close()
    assert not list(world.folder.rglob(".*.vfcoach-export-*.part"))
    if name == "a pipe named .mp4":
        assert stat.S_ISFIFO(os.stat(world.folder / "pipe.mp4").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can replace /dev/null; a FIFO stands in")
def test_dev_null_stays_a_device_even_for_root(world: World) -> None:
    done = _export(world, "/dev/null")
    assert "must end in .mp4" in one_error_line(done)
    forced = _export(world, "/dev/null", "--force")
    one_error_line(forced)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_force_replaces_an_ordinary_file_and_writes_it_owner_only(world: World) -> None:
    older = world.folder / "last-week.mp4"
    older.write_bytes(b"last week's reel")
    done = _export(world, older, "--force")
    assert done.returncode == 0, done.stderr
    assert older.read_bytes()[4:8] == b"ftyp"  # an MP4 now
    assert stat.S_IMODE(older.stat().st_mode) == 0o600
    fresh = world.folder / "new.mp4"
    assert _export(world, fresh).returncode == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
    assert not list(world.folder.glob(".*.part"))


def test_force_never_lifts_a_protection(world: World) -> None:
    before = digest(world.video)
    done = _export(world, world.video, "--force")
    assert "the video of recording" in one_error_line(done)
    assert digest(world.video) == before


def test_every_writer_refuses_the_database_and_the_video(world: World) -> None:
    before = {p: digest(p) for p in (world.video, world.db_file)}
    db_json = world.folder / "db.json"
    db_json.symlink_to(world.db_file)
    attempts = [
        ("annotations", "export", world.recording, "--format", "csv", "--out", world.db_file),
        ("annotations", "export", world.recording, "--format", "json", "--out", db_json),
        ("scheme", "export", "abc-style", "--out", db_json),
        ("scheme", "export", "abc-style", "--out", world.video),
        ("frame", world.video, "--index", 3, "--out", world.video),
        ("frame", world.video, "--index", 3, "--out", world.folder / "still.gif"),
        ("irr", world.recording, "--coders", "Ana", "Bo", "--report", world.db_file),
    ]
    for argv in attempts:
        done = run(*argv, env=world.env)
        line = one_error_line(done)
        assert "must end in" in line or "never writes over" in line or "leads to" in line, line
    assert {p: digest(p) for p in before} == before


def test_annotations_export_needs_the_extension_of_its_format(world: World) -> None:
    done = run("annotations", "export", world.recording, "--format", "csv",
               "--out", world.folder / "codes.json", env=world.env)  # fmt: skip
    assert "must end in .csv" in one_error_line(done)
    ok = run("annotations", "export", world.recording, "--format", "csv",
             "--out", world.folder / "codes.csv", env=world.env)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    again = run("annotations", "export", world.recording, "--format", "csv",
                "--out", world.folder / "codes.csv", env=world.env)  # fmt: skip
    assert "already exists; add --force" in one_error_line(again)


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG"), (".jpg", b"\xff\xd8\xff")])
def test_frame_writes_the_format_its_extension_names(
    world: World, suffix: str, magic: bytes
) -> None:
    out = world.folder / f"still{suffix}"
    done = run("frame", world.video, "--index", 3, "--out", out, env=world.env)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(magic)
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
