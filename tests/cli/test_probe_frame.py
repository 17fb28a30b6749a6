"""`vfcoach probe` and `vfcoach frame`: facts as JSON, exact frames as PNG, broken files named."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.cli.conftest import Cli
from vfcoach.video.errors import FrameDamaged
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import probe
from vfcoach.video.synth import read_frame_index

BROKEN = ["truncated_video", "garbage_video", "empty_video", "text_as_video", "missing_video"]


def read_png(path: Path) -> np.ndarray:
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert bgr is not None, f"{path} is not a readable PNG"
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


def test_probe_json_on_cfr(cli: Cli, cfr_video: Path) -> None:
    r = cli("probe", cfr_video, "--json")
    assert r.code == 0 and r.err == ""
    facts = json.loads(r.out)
    assert facts["is_vfr"] is False and abs(facts["avg_fps"] - 25) < 0.01
    assert facts["frame_count"] == probe(cfr_video).frame_count > 0
    for key in ("container", "video_codec", "duration_ms", "width", "height", "rotation"):
        assert key in facts


def test_probe_json_on_vfr_and_rotated(cli: Cli, vfr_video: Path, rotated_video: Path) -> None:
    vfr = json.loads(cli("probe", vfr_video, "--json").out)
    assert vfr["is_vfr"] is True
    rot = json.loads(cli("probe", rotated_video, "--json").out)
    assert rot["rotation"] in (90, 180, 270)
    if rot["rotation"] in (90, 270):
        assert (rot["width"], rot["height"]) == (rot["coded_height"], rot["coded_width"])


def test_probe_text(cli: Cli, cfr_video: Path) -> None:
    r = cli("probe", cfr_video)
    assert r.code == 0
    assert "frames:" in r.out and "constant frame rate" in r.out and cfr_video.name in r.out


@pytest.mark.parametrize("broken", [b for b in BROKEN if b != "garbage_video"])
def test_broken_media_is_one_line_naming_the_file(
    cli: Cli, broken: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    path: Path = request.getfixturevalue(broken)
    for argv in (("probe", path), ("frame", path, "--index", 0, "--out", tmp_path / "x.png")):
        r = cli(*argv)
        assert r.code == 1 and r.out == ""
        assert path.name in r.error_line
    assert not (tmp_path / "x.png").exists()


def test_damaged_frame_is_one_line_naming_the_file(
    cli: Cli, garbage_video: Path, tmp_path: Path
) -> None:
    assert cli("probe", garbage_video).code == 0  # the container is intact
    with FrameGrabber(garbage_video) as grabber:
        damaged = []
        for i in range(grabber.info.frame_count):
            try:
                grabber.grab(i)
            except FrameDamaged:
                damaged.append(i)
    assert damaged, "the fixture should damage some frames"
    r = cli("frame", garbage_video, "--index", damaged[0], "--out", tmp_path / "x.png")
    assert r.code == 1 and garbage_video.name in r.error_line
    assert f"frame {damaged[0]}" in r.error_line


@pytest.mark.parametrize("index", [0, 17, 42])
def test_frame_index_writes_that_exact_frame(
    cli: Cli, cfr_video: Path, tmp_path: Path, index: int
) -> None:
    out = tmp_path / f"f{index}.png"
    r = cli("frame", cfr_video, "--index", index, "--out", out)
    assert r.code == 0, r.err
    assert r.out.startswith(f"frame {index} at 00:00:")
    assert read_frame_index(read_png(out)) == index


def test_frame_time_picks_the_frame_on_screen(cli: Cli, vfr_video: Path, tmp_path: Path) -> None:
    fmap = probe(vfr_video).frame_map
    for frame in (5, 11):
        ms = fmap.ms_at(frame) + (fmap.ms_at(frame + 1) - fmap.ms_at(frame)) // 2
        out = tmp_path / f"t{frame}.png"
        r = cli("frame", vfr_video, "--time", f"{ms / 1000:.3f}", "--out", out)
        assert r.code == 0, r.err
        assert r.out.startswith(f"frame {frame} at ")
        assert read_frame_index(read_png(out)) == frame
    clock = cli("frame", vfr_video, "--time", "00:00:00.000", "--out", tmp_path / "c.png")
    assert clock.out.startswith("frame 0 at 00:00:00.000")


def test_frame_rotated_is_upright(cli: Cli, rotated_video: Path, tmp_path: Path) -> None:
    info = probe(rotated_video)
    out = tmp_path / "r.png"
    assert cli("frame", rotated_video, "--index", 9, "--out", out).code == 0
    rgb = read_png(out)
    assert rgb.shape[:2] == (info.height, info.width)
    assert read_frame_index(rgb) == 9


def test_frame_out_of_range_and_usage(cli: Cli, cfr_video: Path, tmp_path: Path) -> None:
    count = probe(cfr_video).frame_count
    r = cli("frame", cfr_video, "--index", count, "--out", tmp_path / "x.png")
    assert r.code == 1 and str(count) in r.error_line
    late = cli("frame", cfr_video, "--time", "3600", "--out", tmp_path / "x.png")
    assert late.code == 1 and "past the end" in late.error_line
    bad = cli("frame", cfr_video, "--time", "soon", "--out", tmp_path / "x.png")
    assert bad.code == 2 and "'soon' is not a time" in bad.error_line
    assert cli("frame", cfr_video, "--out", tmp_path / "x.png").code == 2
    assert not (tmp_path / "x.png").exists()
