"""Probe: the frame map equals the timestamps written, without decoding."""

from __future__ import annotations

import json
import os
import shutil
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from tests.fixtures_media import CFR_FPS, CFR_FRAMES, GOP, VFR_FRAMES
from vfcoach.coding.frame_map import FrameMap
from vfcoach.video.probe import probe
from vfcoach.video.synth import VFR_PATTERN_MS, counter_times_ms, make_counter_video


def test_cfr_map_equals_the_pts_written(cfr_video: Path) -> None:
    info = probe(cfr_video)
    assert info.frame_count == CFR_FRAMES
    assert info.frame_map.pts_ms.tolist() == [i * 40 for i in range(CFR_FRAMES)]
    assert info.frame_map.last_frame_ms == 40
    assert info.duration_ms == CFR_FRAMES * 40
    assert not info.is_vfr
    assert info.avg_fps == pytest.approx(CFR_FPS)
    assert info.real_fps == pytest.approx(CFR_FPS)
    # raw pts are sorted, unique and map back to the ms exactly through the time base
    assert np.all(np.diff(info.pts) > 0)
    ms = [round((int(p) - int(info.pts[0])) * info.time_base * 1000) for p in info.pts]
    assert ms == info.frame_map.pts_ms.tolist()


def test_vfr_map_equals_the_pts_written(vfr_video: Path) -> None:
    info = probe(vfr_video)
    assert info.frame_count == VFR_FRAMES
    assert info.frame_map.pts_ms.tolist() == counter_times_ms(VFR_FRAMES, vfr=True)
    assert info.time_base == Fraction(1, 90_000)
    assert info.is_vfr
    assert info.frame_map.last_frame_ms == VFR_PATTERN_MS[(VFR_FRAMES - 1) % 3]
    assert info.duration_ms == sum(VFR_PATTERN_MS[i % 3] for i in range(VFR_FRAMES))


def test_keyframes_sizes_codecs_and_sound(cfr_video: Path) -> None:
    info = probe(cfr_video)
    assert info.keyframes.tolist() == list(range(0, CFR_FRAMES, GOP))
    assert (info.width, info.height) == (160, 120) == (info.coded_width, info.coded_height)
    assert info.rotation == 0
    assert info.video_codec == "h264"
    assert info.has_audio and info.audio_codec == "aac"
    assert "mp4" in info.container
    assert info.warnings == ()


def test_rotation_is_read_and_display_size_swapped(rotated_video: Path) -> None:
    info = probe(rotated_video)
    assert info.rotation == 90
    assert (info.coded_width, info.coded_height) == (160, 120)
    assert (info.width, info.height) == (120, 160)


@pytest.mark.parametrize("rotation", [180, 270])
def test_other_rotations_read_back(tmp_path: Path, rotation: int) -> None:
    path = make_counter_video(tmp_path / "r.mp4", frames=5, rotation=rotation, audio=False)
    info = probe(path)
    assert info.rotation == rotation
    assert (info.width, info.height) == ((120, 160) if rotation == 270 else (160, 120))


def test_no_sound_and_no_bframes(tmp_path: Path) -> None:
    path = make_counter_video(tmp_path / "quiet.mp4", frames=12, bframes=False, audio=False)
    info = probe(path)
    assert not info.has_audio and info.audio_codec is None
    assert info.frame_map.pts_ms.tolist() == counter_times_ms(12)


def test_to_json_is_plain_json(vfr_video: Path) -> None:
    info = probe(vfr_video)
    short = json.loads(json.dumps(info.to_json()))
    assert short["frame_count"] == VFR_FRAMES and short["time_base"] == "1/90000"
    assert short["is_vfr"] is True and "pts" not in short
    full = json.loads(json.dumps(info.to_json(full=True)))
    assert full["pts_ms"] == info.frame_map.pts_ms.tolist()
    assert full["keyframes"] == info.keyframes.tolist()


def test_media_facts_carry_the_frame_map(cfr_video: Path) -> None:
    info = probe(cfr_video)
    facts = info.media_facts("v1:123:abc")
    assert facts.fingerprint == "v1:123:abc"
    assert FrameMap.from_bytes(facts.frame_map_blob) == info.frame_map
    assert (facts.frame_count, facts.width, facts.height) == (CFR_FRAMES, 160, 120)
    assert facts.duration_ms == info.duration_ms and facts.has_audio
    assert facts.fps == pytest.approx(25.0)


def test_cache_is_per_path_size_and_mtime(cfr_video: Path, vfr_video: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.mp4"
    shutil.copyfile(cfr_video, copy)
    first = probe(copy)
    assert probe(copy) is first
    assert not first.pts.flags.writeable  # shared between callers, so read-only
    shutil.copyfile(vfr_video, copy)  # same name, different content
    os.utime(copy, ns=(1, 1))
    again = probe(copy)
    assert again is not first and again.frame_count == VFR_FRAMES
