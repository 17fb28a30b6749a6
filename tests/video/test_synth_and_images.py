"""The generated media themselves: strip, sound, demo, and image helpers."""

from __future__ import annotations

from pathlib import Path

import av
import cv2
import numpy as np
import pytest

from vfcoach.coding.cancel import Cancelled, CancelToken
from vfcoach.video.bitstrip import MAX_INDEX, draw_frame_index
from vfcoach.video.images import rotate_upright, save_png, to_bgr
from vfcoach.video.probe import probe
from vfcoach.video.synth import (
    StripUnreadable,
    counter_picture,
    make_demo_video,
    make_truncated_copy,
    read_frame_index,
)


@pytest.mark.parametrize("index", [0, 1, 5, 1234, 65_535, MAX_INDEX])
@pytest.mark.parametrize("size", [(160, 120), (120, 160), (1920, 1080)])
def test_strip_round_trips_also_downscaled(index: int, size: tuple[int, int]) -> None:
    w, h = size
    img = counter_picture(index, w, h, 0)
    assert read_frame_index(img) == index
    small = cv2.resize(img, (w // 2, h // 2), interpolation=cv2.INTER_AREA)
    assert read_frame_index(small) == index


def test_strip_refuses_pictures_without_one() -> None:
    with pytest.raises(StripUnreadable):
        read_frame_index(np.full((120, 160, 3), 128, np.uint8))
    img = counter_picture(77, 160, 120, 0)
    img[:, :14] = 255 - img[:, :14]  # flip the first column of bits: check must fail
    with pytest.raises(StripUnreadable):
        read_frame_index(img)
    with pytest.raises(ValueError):
        draw_frame_index(img, MAX_INDEX + 1)


def test_sound_beeps_at_each_second(cfr_video: Path) -> None:
    with av.open(str(cfr_video)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        samples = np.concatenate([f.to_ndarray().reshape(-1) for f in container.decode(stream)])
    window = rate // 20  # 50 ms

    def level(ms: int) -> float:
        start = ms * rate // 1000
        return float(np.sqrt(np.mean(samples[start : start + window] ** 2)))

    for second in (0, 1, 2):
        assert level(second * 1000 + 25) > 0.2
        assert level(second * 1000 + 500) < 0.02


def test_truncated_copy_needs_the_index_at_the_end(tmp_path: Path, cfr_video: Path) -> None:
    fast = tmp_path / "fast.mp4"
    data = cfr_video.read_bytes()
    moov = data.rfind(b"moov") - 4
    mdat = data.find(b"mdat") - 4
    fast.write_bytes(data[:mdat] + data[moov:] + data[mdat:moov])  # moov moved first
    with pytest.raises(ValueError, match="index"):
        make_truncated_copy(fast, tmp_path / "x.mp4")


def test_demo_video_renders_reports_progress_and_cancels(tmp_path: Path) -> None:
    seen: list[float] = []
    out = make_demo_video(
        tmp_path / "demo.mp4", seconds=2, size=(320, 180), progress=lambda d, m: seen.append(d)
    )
    info = probe(out)
    assert (info.width, info.height, info.frame_count) == (320, 180, 50)
    assert info.duration_ms == 2000 and info.has_audio
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        make_demo_video(tmp_path / "gone.mp4", seconds=2, token=token)
    assert not (tmp_path / "gone.mp4").exists()


def test_save_png_keeps_rgb_order(tmp_path: Path) -> None:
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[..., 0] = 200  # red
    save_png(rgb, tmp_path / "still.png")
    back = cv2.imread(str(tmp_path / "still.png"))
    assert back is not None and back.shape == (4, 6, 3)
    assert np.array_equal(back, to_bgr(rgb)) and back[0, 0].tolist() == [0, 0, 200]


def test_rotate_upright_turns_clockwise() -> None:
    img = np.zeros((2, 3, 3), np.uint8)
    img[0, 0] = 255  # top-left
    assert rotate_upright(img, 90)[0, -1].tolist() == [255] * 3  # goes top-right
    assert rotate_upright(img, 270)[-1, 0].tolist() == [255] * 3  # goes bottom-left
    assert rotate_upright(img, 180)[-1, -1].tolist() == [255] * 3
    assert rotate_upright(img, 0) is img
