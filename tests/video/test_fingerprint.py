"""Fingerprints follow content, not names; a moved recording is found again."""

from __future__ import annotations

import shutil
from pathlib import Path

from vfcoach.video.fingerprint import find_by_fingerprint, fingerprint, fingerprint_size

MIB = 1 << 20


def test_stable_across_copy_and_rename(cfr_video: Path, tmp_path: Path) -> None:
    fp = fingerprint(cfr_video)
    assert fp.startswith("v1:") and fingerprint_size(fp) == cfr_video.stat().st_size
    copy = tmp_path / "renamed.MOV"
    shutil.copyfile(cfr_video, copy)
    assert fingerprint(copy) == fp == fingerprint(cfr_video)


def test_different_content_differs(cfr_video: Path, vfr_video: Path, tmp_path: Path) -> None:
    assert fingerprint(cfr_video) != fingerprint(vfr_video)
    same_size = tmp_path / "flipped.mp4"
    data = bytearray(cfr_video.read_bytes())
    data[len(data) // 2] ^= 0xFF
    same_size.write_bytes(bytes(data))
    assert fingerprint(same_size) != fingerprint(cfr_video)


def test_large_files_are_sampled_at_start_middle_and_end(tmp_path: Path) -> None:
    base = bytes(range(256)) * (10 * MIB // 256)
    a = tmp_path / "a.mp4"
    a.write_bytes(base)
    fp = fingerprint(a)
    for offset in (100, len(base) // 2, len(base) - 100):  # inside a sampled chunk
        changed = bytearray(base)
        changed[offset] ^= 1
        a.write_bytes(bytes(changed))
        assert fingerprint(a) != fp, offset
    changed = bytearray(base)
    changed[2 * MIB] ^= 1  # between samples: the price of not reading every byte
    a.write_bytes(bytes(changed))
    assert fingerprint(a) == fp


def test_find_by_fingerprint_finds_a_moved_file(
    cfr_video: Path, vfr_video: Path, tmp_path: Path
) -> None:
    fp = fingerprint(cfr_video)
    library = tmp_path / "library"
    (library / "2024" / "family F-0417").mkdir(parents=True)
    shutil.copyfile(vfr_video, library / "2024" / "other.mp4")
    (library / "notes.txt").write_bytes(cfr_video.read_bytes())  # right bytes, not a video name
    moved = library / "2024" / "family F-0417" / "Visit 1.MP4"
    shutil.copyfile(cfr_video, moved)
    assert find_by_fingerprint(library, fp) == moved
    assert find_by_fingerprint(library, fp, suffixes=(".mkv",)) is None
    moved.unlink()
    assert find_by_fingerprint(library, fp) is None
    assert find_by_fingerprint(tmp_path / "no such folder", fp) is None


def test_only_files_of_the_right_size_are_read(
    cfr_video: Path, tmp_path: Path, monkeypatch
) -> None:
    import vfcoach.video.fingerprint as module

    shutil.copyfile(cfr_video, tmp_path / "a.mp4")
    (tmp_path / "b.mp4").write_bytes(b"x" * 1000)
    (tmp_path / "c.mp4").write_bytes(b"")
    fp = fingerprint(cfr_video)
    read: list[str] = []
    real = module._digest
    monkeypatch.setattr(module, "_digest", lambda p, s: read.append(p.name) or real(p, s))
    assert find_by_fingerprint(tmp_path, fp) == tmp_path / "a.mp4"
    assert read == ["a.mp4"]
