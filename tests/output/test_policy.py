"""The output policy on real files: what is judged, and what the writer leaves behind.

No database and no Qt: the protected set is given directly, as an operation would gather it.
"""

from __future__ import annotations

import os
import stat
import sys
import threading
from pathlib import Path

import pytest

from vfcoach.output import (
    IMAGE,
    MP4,
    OutputExists,
    OutputRefused,
    Protected,
    check_target,
    remove_stale_parts,
    write_bytes,
    writing,
)
from vfcoach.output.writer import part_path


@pytest.fixture
def video(tmp_path: Path) -> Path:
    v = tmp_path / "visit.mp4"
    v.write_bytes(b"the only copy")
    return v


def _guard(video: Path, data: Path | None = None) -> Protected:
    folders = [] if data is None else [(data, "vfcoach's data folder")]
    return Protected.of([(video, "the video of recording 1")], folders)


def test_the_real_file_is_judged(
    video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard = _guard(video)
    (tmp_path / "a" / "b").mkdir(parents=True)
    link = tmp_path / "link.mp4"
    link.symlink_to(video)
    chain = tmp_path / "chain.mp4"
    chain.symlink_to(link)
    twin = tmp_path / "twin.mp4"
    os.link(video, twin)
    monkeypatch.chdir(tmp_path / "a")
    for path in (video, link, chain, twin, Path("b/../../visit.mp4"), Path("../visit.mp4")):
        with pytest.raises(OutputRefused, match="the video of recording 1"):
            check_target(path, MP4, guard, replace=True)
    assert video.read_bytes() == b"the only copy"


def test_a_protected_file_that_is_gone_is_still_protected(video: Path) -> None:
    guard = _guard(video)
    video.unlink()
    with pytest.raises(OutputRefused, match="the video of recording 1"):
        check_target(video, MP4, guard)


def test_the_data_folder_and_everything_in_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "demo").mkdir(parents=True)
    guard = Protected.of([], [(data, "vfcoach's data folder")])
    for path in (
        data / "x.mp4",
        data / "demo" / "y.mp4",
        tmp_path / "data" / ".." / "data" / "z.mp4",
    ):
        with pytest.raises(OutputRefused, match="inside vfcoach's data folder"):
            check_target(path, MP4, guard)
    assert check_target(tmp_path / "data-other.mp4", MP4, guard).real.name == "data-other.mp4"


def test_folders_pipes_missing_folders_and_extensions(tmp_path: Path) -> None:
    none = Protected()
    (tmp_path / "dir.mp4").mkdir()
    os.mkfifo(tmp_path / "pipe.mp4")
    cases = {
        tmp_path / "dir.mp4": "is a folder",
        tmp_path / "pipe.mp4": "not an ordinary file",
        tmp_path / "no" / "such" / "r.mp4": "does not exist",
        tmp_path / "r.mov": "must end in .mp4",
        tmp_path / "r": "must end in .mp4",
        tmp_path / "still.gif": "must end in .png, .jpg or .jpeg",
    }
    for path, why in cases.items():
        with pytest.raises(OutputRefused, match=why):
            check_target(path, IMAGE if path.suffix == ".gif" else MP4, none, replace=True)
    with pytest.raises(OutputRefused, match="no file name"):
        check_target("", MP4, none)
    with pytest.raises(OutputRefused, match="NUL"):
        check_target(f"{tmp_path}/a\x00b.mp4", MP4, none)


def test_an_existing_file_needs_replace(tmp_path: Path) -> None:
    older = tmp_path / "REEL.MP4"
    older.write_bytes(b"older")
    with pytest.raises(OutputExists) as exists:
        check_target(older, MP4, Protected())
    assert exists.value.path == older
    target = check_target(older, MP4, Protected(), replace=True)
    write_bytes(target, b"new")
    assert older.read_bytes() == b"new" and stat.S_IMODE(older.stat().st_mode) == 0o600


def test_a_file_that_appears_meanwhile_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "reel.mp4"
    target = check_target(out, MP4, Protected())
    with pytest.raises(OutputExists), writing(target) as part:
        part.write_bytes(b"ours")
        out.write_bytes(b"someone else's, written while we worked")
    assert out.read_bytes() == b"someone else's, written while we worked"
    assert not list(tmp_path.glob(".*.part"))


def test_an_error_while_writing_leaves_nothing(tmp_path: Path) -> None:
    target = check_target(tmp_path / "r.mp4", MP4, Protected())
    with pytest.raises(RuntimeError), writing(target) as part:
        assert part.name == f".r.mp4.vfcoach-export-{os.getpid()}.part"
        assert stat.S_IMODE(part.stat().st_mode) == 0o600
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_only_our_dead_writers_parts_are_removed(tmp_path: Path) -> None:
    dead = _dead_pid()
    stale = tmp_path / f".a.mp4.vfcoach-export-{dead}.part"
    alive = tmp_path / f".b.mp4.vfcoach-export-{os.getppid()}.part"
    other = tmp_path / ".c.mp4.part"
    for f in (stale, alive, other):
        f.write_bytes(b"x")
    busy = check_target(tmp_path / "d.mp4", MP4, Protected())
    with writing(busy) as part:  # a new export tidies up first
        assert not stale.exists() and alive.exists() and other.exists()
        # ours, by pid, but no export of ours is writing it: left by an earlier crash
        orphan = tmp_path / f".e.mp4.vfcoach-export-{os.getpid()}.part"
        orphan.write_bytes(b"x")
        done: list[list[Path]] = []
        t = threading.Thread(target=lambda: done.append(remove_stale_parts(tmp_path)))
        t.start()
        t.join()
        assert done == [[orphan]] and part.exists()  # the part being written stays
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, other.name, "d.mp4"])
    assert part_path(tmp_path / "d.mp4") == part


def _dead_pid() -> int:
    import subprocess

    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    return int(child.stdout)
