"""A test video with a real face: `skimage.data.astronaut()` gliding across a patterned wall.

The photograph ships inside scikit-image (no download). Its face sits at `FACE_IN_PHOTO`
(pixels of the 512×512 photograph, measured once and checked by the detector test), so the
face's true place in every frame is known and a test can measure that very region.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt
from skimage import data

from vfcoach.video.writer import AUDIO_RATE, MediaWriter

FACE_IN_PHOTO = (180, 55, 272, 180)  # x1, y1, x2, y2 in the 512×512 astronaut
Box = tuple[int, int, int, int]


def wall(width: int, height: int) -> npt.NDArray[np.uint8]:
    """A busy background with no face in it: coloured stripes and a grid of fine lines."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    rgb = np.stack(
        [
            120 + 60 * np.sin(xx / 7.0),
            120 + 60 * np.sin(yy / 5.0 + xx / 23.0),
            120 + 60 * np.cos((xx + yy) / 11.0),
        ],
        axis=2,
    )
    rgb[::12, :] = 30
    rgb[:, ::12] = 220
    return np.clip(rgb, 0, 255).astype(np.uint8)


def photo_place(
    i: int, frames: int, size: tuple[int, int], photo_px: int, second: bool = False
) -> tuple[int, int]:
    """Where the photograph's top-left corner is in frame `i`: left to right, bobbing.

    The `second` photograph (two-face videos) goes right to left along the bottom edge, the
    first then along the top edge, so they pass each other without overlapping.
    """
    w, h = size
    x = round((w - photo_px) * i / max(frames - 1, 1))
    if second:
        return w - photo_px - x, h - photo_px
    if photo_px * 2 <= h:
        return x, 0
    y = round((h - photo_px) / 2 + (h - photo_px) / 2 * 0.8 * np.sin(i / 6))
    return x, y


def face_box(
    i: int, frames: int, size: tuple[int, int], photo_px: int, second: bool = False
) -> Box:
    """The face's true box in frame `i` of the video `make_face_video` wrote."""
    x, y = photo_place(i, frames, size, photo_px, second)
    k = photo_px / 512
    x1, y1, x2, y2 = FACE_IN_PHOTO
    return x + round(x1 * k), y + round(y1 * k), x + round(x2 * k), y + round(y2 * k)


def make_face_video(
    path: Path,
    *,
    size: tuple[int, int] = (640, 360),
    frames: int = 60,
    photo_px: int = 200,
    two: bool = False,
) -> Path:
    """An H.264 + AAC (440 Hz tone) MP4, 25 fps, the astronaut moving across `wall`.

    With `two`, a second astronaut crosses the other way (`photo_px` must fit twice in the
    height).
    """
    photo = cv2.resize(data.astronaut(), (photo_px, photo_px), interpolation=cv2.INTER_AREA)
    back = wall(*size)
    tone_at = 0
    with MediaWriter(path, width=size[0], height=size[1], fps=25, gop=25, crf=18) as writer:
        for i in range(frames):
            picture = back.copy()
            for second in (False, True) if two else (False,):
                x, y = photo_place(i, frames, size, photo_px, second)
                picture[y : y + photo_px, x : x + photo_px] = photo
            writer.add_picture(picture)
            n = AUDIO_RATE // 25
            t = (np.arange(tone_at, tone_at + n) / AUDIO_RATE).astype(np.float32)
            writer.add_sound((0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
            tone_at += n
    return path
