"""Read an exported reel back with PyAV: frames with their times, sound, and frame indices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import numpy.typing as npt

from vfcoach.video.export.canvas import fit_size
from vfcoach.video.synth import StripUnreadable, read_frame_index


@dataclass
class Reel:
    frames: list[npt.NDArray[np.uint8]]
    times_ms: list[float]
    sound: npt.NDArray[np.float32]  # mono mix, starting at `sound_start_ms`
    sound_rate: int
    sound_start_ms: float
    stream_kinds: list[str]
    duration_ms: float
    width: int
    height: int


def read_reel(path: Path) -> Reel:
    with av.open(str(path)) as container:
        kinds = [f"{s.type}/{s.codec_context.name}" for s in container.streams]
        video = container.streams.video[0]
        frames, times = [], []
        for frame in container.decode(video):
            frames.append(np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8))
            times.append(float((frame.pts or 0) * (frame.time_base or 0) * 1000))
        duration = float(container.duration / 1000) if container.duration else 0.0
        w, h = video.codec_context.width, video.codec_context.height
    chunks, start, rate = [], 0.0, 0
    with av.open(str(path)) as container:
        if container.streams.audio:
            for i, piece in enumerate(container.decode(container.streams.audio[0])):
                if i == 0:
                    start = float((piece.pts or 0) * (piece.time_base or 0) * 1000)
                    rate = piece.sample_rate
                chunks.append(piece.to_ndarray().reshape(piece.layout.nb_channels, -1).mean(0))
    sound = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)
    return Reel(frames, times, sound, rate, start, kinds, duration, w, h)


def index_of(rgb: npt.NDArray[np.uint8], src_size: tuple[int, int] | None = None) -> int | None:
    """Frame index read from the strip; `src_size` (upright w, h) crops away letterbox bars."""
    if src_size is not None:
        h, w = rgb.shape[:2]
        fw, fh = fit_size(*src_size, w, h)
        x0, y0 = (w - fw) // 2, (h - fh) // 2
        rgb = rgb[y0 : y0 + fh, x0 : x0 + fw]
    try:
        return read_frame_index(np.ascontiguousarray(rgb))
    except StripUnreadable:
        return None


def beep_onsets_ms(reel: Reel, threshold: float = 0.1) -> list[float]:
    """Output times where a beep starts (after at least 200 ms of quiet)."""
    if reel.sound.size == 0:
        return []
    loud = np.flatnonzero(np.abs(reel.sound) > threshold)
    onsets: list[float] = []
    last = -(10**9)
    for s in loud.tolist():
        if s - last > reel.sound_rate // 5:
            onsets.append(reel.sound_start_ms + s * 1000 / reel.sound_rate)
        last = s
    return onsets
