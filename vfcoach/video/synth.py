"""Generated media for the test suite, the benchmarks and the app's built-in demo.

Real family videos may never leave the coaching team, so every file vfcoach tests against is
made here: pictures that carry their own frame number (digits for people, a bit strip for
assertions), a beep at each second start for checking sound sync, and deliberately broken
copies that mimic what goes wrong in the field (a recording cut off, a damaged SD card).
"""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from vfcoach.video.bitstrip import StripUnreadable, draw_frame_index, read_frame_index, strip_height
from vfcoach.video.demo import make_demo_video
from vfcoach.video.opening import top_level_boxes
from vfcoach.video.writer import AUDIO_RATE, MediaWriter

__all__ = [
    "VFR_PATTERN_MS",
    "StripUnreadable",
    "counter_times_ms",
    "make_counter_video",
    "make_demo_video",
    "make_garbage_in_middle_copy",
    "make_truncated_copy",
    "read_frame_index",
]

VFR_PATTERN_MS = (33, 50, 40)  # irregular spacing, like a phone that drops its rate in dim light
_VFR_TIME_BASE = Fraction(1, 90_000)
_BEEP_HZ = 1000.0
_BEEP_MS = 100


def counter_times_ms(frames: int, fps: int = 25, *, vfr: bool = False) -> list[int]:
    """The presentation time of every frame `make_counter_video` writes, in ms from frame 0."""
    if vfr:
        times, t = [], 0
        for i in range(frames):
            times.append(t)
            t += VFR_PATTERN_MS[i % len(VFR_PATTERN_MS)]
        return times
    return [(i * 1000 * 2 + fps) // (2 * fps) for i in range(frames)]


def make_counter_video(
    path: str | Path,
    *,
    frames: int = 75,
    fps: int = 25,
    size: tuple[int, int] = (160, 120),
    gop: int = 10,
    bframes: bool = True,
    vfr: bool = False,
    rotation: int = 0,
    audio: bool = True,
    crf: int = 20,
    preset: str = "veryfast",
) -> Path:
    """An MP4 whose frame *i* shows *i*; `size` is the stored picture (width, height).

    With `rotation` 90 or 270 the stored picture is sideways and the upright one is `size`
    swapped, like a phone held upright. The picture is drawn upright and turned back before
    encoding, so an upright frame from the grabber always has its strip along the top.
    With `vfr` frames follow `VFR_PATTERN_MS` and `fps` only names the nominal rate.
    """
    if rotation % 90:
        raise ValueError(f"rotation must be a multiple of 90 degrees, not {rotation}")
    out = Path(path)
    width, height = size
    turns = (rotation // 90) % 4
    up_w, up_h = (height, width) if turns % 2 else (width, height)
    times = counter_times_ms(frames, fps, vfr=vfr)
    with MediaWriter(
        out,
        width=width,
        height=height,
        fps=fps,
        gop=gop,
        bframes=bframes,
        time_base=_VFR_TIME_BASE if vfr else None,
        rotation=rotation,
        audio=audio,
        crf=crf,
        preset=preset,
    ) as writer:
        samples_done = 0
        for i in range(frames):
            picture = counter_picture(i, up_w, up_h, times[i])
            # np.rot90 turns counter-clockwise: the player's clockwise turn undoes it
            stored = np.ascontiguousarray(np.rot90(picture, k=turns))
            if vfr:
                length_ms = VFR_PATTERN_MS[i % len(VFR_PATTERN_MS)]
                writer.add_picture(stored, times[i] * 90, length_ms * 90)
            else:
                length_ms = round(1000 / fps)
                writer.add_picture(stored)
            end_ms = times[i] + length_ms
            end_sample = end_ms * AUDIO_RATE // 1000
            writer.add_sound(_beeps(samples_done, end_sample - samples_done))
            samples_done = end_sample
    return out


def counter_picture(index: int, width: int, height: int, ms: int) -> npt.NDArray[np.uint8]:
    """Upright picture of frame `index`: bit strip on top, big digits, a moving bar below."""
    img = np.empty((height, width, 3), dtype=np.uint8)
    img[:] = (36, 40, 52)
    draw_frame_index(img, index)
    top = strip_height(width, height) + 2
    text = str(index)
    font = cv2.FONT_HERSHEY_SIMPLEX
    (tw, th), _ = cv2.getTextSize(text, font, 1.0, 2)
    scale = min(0.8 * width / tw, 0.45 * (height - top) / th)
    thick = max(1, round(2 * scale))
    (tw, th), _ = cv2.getTextSize(text, font, scale, thick)
    org = ((width - tw) // 2, top + (height - top + th) // 2)
    cv2.putText(img, text, org, font, scale, (255, 255, 255), thick, cv2.LINE_AA)
    bar_w = round(width * ((ms % 1000) / 1000))
    img[height - max(2, height // 30) :, :bar_w] = (230, 150, 60)
    return img


def _beeps(start_sample: int, count: int) -> npt.NDArray[np.float32]:
    """A 1 kHz beep during the first 100 ms of every second, silence otherwise."""
    n = np.arange(start_sample, start_sample + max(count, 0))
    in_second = n % AUDIO_RATE
    beep_len = AUDIO_RATE * _BEEP_MS // 1000
    ramp = AUDIO_RATE // 200  # 5 ms fades: no clicks
    env = np.clip(np.minimum(in_second, beep_len - in_second) / ramp, 0.0, 1.0)
    tone = np.sin(2 * np.pi * _BEEP_HZ * n / AUDIO_RATE)
    return (0.5 * env * tone).astype(np.float32)


def make_truncated_copy(src: str | Path, dst: str | Path) -> Path:
    """A copy cut off halfway through its media data, as when a camera loses power.

    Cameras and PyAV write the index (moov) last, so the cut leaves an MP4 without one.
    """
    src, dst = Path(src), Path(dst)
    boxes = top_level_boxes(src)
    mdat = next((b for b in boxes if b[0] == b"mdat"), None)
    moov = next((b for b in boxes if b[0] == b"moov"), None)
    if mdat is None or moov is None or moov[1] < mdat[1]:
        raise ValueError(f"{src.name}: needs an MP4 with its index (moov) after the media data")
    cut = mdat[1] + mdat[2] // 2
    with src.open("rb") as fin, dst.open("wb") as fout:
        fout.write(fin.read(cut))
    return dst


def make_garbage_in_middle_copy(src: str | Path, dst: str | Path, *, seed: int = 7) -> Path:
    """A copy with random bytes inside a few video frames, as from a failing SD card.

    The container stays intact; a keyframe near the middle and two frames after it are hit,
    so a whole stretch decodes wrong or not at all while the rest must stay usable.
    """
    src, dst = Path(src), Path(dst)
    shutil.copyfile(src, dst)
    with av.open(str(src)) as container:
        stream = container.streams.video[0]
        packets = [
            (p.pos, p.size, p.is_keyframe)
            for p in container.demux(stream)
            if p.pos is not None and p.pos >= 0 and p.size > 0
        ]
    if len(packets) < 8:
        raise ValueError(f"{src.name}: too short to damage")
    mid = len(packets) // 2
    key = next((i for i in range(mid, len(packets)) if packets[i][2]), mid)
    targets = [key, min(key + 3, len(packets) - 1), min(key + 5, len(packets) - 1)]
    rng = np.random.default_rng(seed)
    with dst.open("r+b") as fh:
        for i in sorted(set(targets)):
            pos, size, _ = packets[i]
            start, length = pos + size // 4, max(1, size // 2)
            fh.seek(start)
            fh.write(rng.integers(0, 256, length, dtype=np.uint8).tobytes())
    return dst
