"""A sealed recording is read by PyAV through its key: probe, exact frames, fingerprint,
sound; a damaged chunk stops decoding with a clear error, never shows wrong pictures."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests.fixtures_media import CFR_FRAMES
from vfcoach.video.export.audio import read_sound
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import probe
from vfcoach.video.sealed import (
    SealedDamaged,
    SealedFile,
    SealedKeyUnknown,
    forget_key,
    remember_key,
    seal_file,
)
from vfcoach.video.sealed.format import HEADER_SIZE
from vfcoach.video.synth import read_frame_index


@pytest.fixture
def sealed(cfr_video: Path, tmp_path: Path) -> SealedFile:
    s = seal_file(cfr_video, tmp_path / "media")
    remember_key(s.file_id, s.key)
    yield s
    forget_key(s.file_id)


def test_probe_and_fingerprint_see_the_plaintext(cfr_video: Path, sealed: SealedFile) -> None:
    plain, enc = probe(cfr_video), probe(sealed.path)
    assert enc.frame_map == plain.frame_map and enc.frame_count == CFR_FRAMES
    assert enc.has_audio and list(enc.keyframes) == list(plain.keyframes)
    assert fingerprint(sealed.path) == fingerprint(cfr_video)


def test_exact_seek_on_a_sealed_file_lands_on_the_burned_in_frame(sealed: SealedFile) -> None:
    order = list(range(CFR_FRAMES))
    random.Random(14).shuffle(order)
    with FrameGrabber(sealed.path, cache_frames=2) as grabber:
        for i in order + list(range(CFR_FRAMES - 1, -1, -3)):
            assert read_frame_index(grabber.grab(i)) == i
        for i in range(20, 31):  # single-frame steps
            assert read_frame_index(grabber.grab(i)) == i


def test_sound_of_a_sealed_file_is_read(cfr_video: Path, sealed: SealedFile) -> None:
    plain = read_sound(probe(cfr_video), 1000.0, 4800, 48000)
    enc = read_sound(probe(sealed.path), 1000.0, 4800, 48000)
    assert plain is not None and enc is not None
    assert (plain == enc).all() and abs(enc).max() > 0


def test_a_damaged_chunk_is_an_error_not_garbage(sealed: SealedFile, tmp_path: Path) -> None:
    bad = tmp_path / "bad.vfm"
    shutil.copyfile(sealed.path, bad)
    raw = bytearray(bad.read_bytes())
    raw[HEADER_SIZE + len(raw) // 2] ^= 0xFF  # a chunk in the middle of the pictures
    bad.write_bytes(bytes(raw))
    with pytest.raises(SealedDamaged, match="damaged"), FrameGrabber(bad) as grabber:
        for i in range(CFR_FRAMES):
            assert read_frame_index(grabber.grab(i)) == i  # right frames until it stops


def test_a_sealed_file_without_its_key_is_refused(cfr_video: Path, tmp_path: Path) -> None:
    s = seal_file(cfr_video, tmp_path / "media")
    with pytest.raises(SealedKeyUnknown, match="media store"):
        probe(s.path)
    with pytest.raises(SealedKeyUnknown):
        fingerprint(s.path)
