"""Encode RGB pictures and mono sound into an H.264 + AAC MP4, the way phones and cameras do.

Generated media (the test suite's files and the built-in demo) go through here so they have
what real recordings have: B-frames reordered against decode order, a fixed keyframe
interval, optional variable frame timing and a display rotation left for players to apply.
Sound is written alongside the pictures so the muxer can interleave without buffering the
whole file.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from types import TracebackType

import av
import av.audio.stream
import av.container
import av.video.stream
import numpy as np
import numpy.typing as npt

AUDIO_RATE = 48_000


class MediaWriter:
    """One output file; call `add_picture` per frame and `add_sound` as sound accrues."""

    def __init__(
        self,
        path: str | Path,
        *,
        width: int,
        height: int,
        fps: int,
        gop: int,
        bframes: bool = True,
        time_base: Fraction | None = None,
        rotation: int = 0,
        audio: bool = True,
        crf: int = 20,
        preset: str = "veryfast",
    ) -> None:
        """`time_base` set means pts are given per picture (variable frame rate).

        `rotation` is the clockwise turn a player must apply; the pictures passed in are the
        stored (sideways) ones.
        """
        self.path = Path(path)
        self._out: av.container.OutputContainer = av.open(str(self.path), mode="w")
        self._video: av.video.stream.VideoStream = self._out.add_stream("libx264", rate=fps)
        v = self._video
        v.width, v.height, v.pix_fmt = width, height, "yuv420p"
        v.codec_context.gop_size = gop
        v.codec_context.time_base = time_base or Fraction(1, fps)
        # scenecut=0 keeps keyframes exactly every `gop` frames, so tests can predict them
        v.options = {
            "crf": str(crf),
            "preset": preset,
            "bf": "2" if bframes else "0",
            "x264-params": "scenecut=0",
        }
        if rotation % 360:
            v.set_display_rotation(-(rotation % 360))  # PyAV takes counter-clockwise degrees
        self._audio: av.audio.stream.AudioStream | None = None
        if audio:
            self._audio = self._out.add_stream("aac", rate=AUDIO_RATE)
            self._audio.layout = "mono"
            self._audio.bit_rate = 96_000
        self._next_index = 0
        self._samples_written = 0

    def __enter__(self) -> MediaWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def add_picture(
        self, rgb: npt.NDArray[np.uint8], pts: int | None = None, duration: int | None = None
    ) -> None:
        """Encode one stored picture; `pts` and `duration` in the writer's time base.

        Without `pts` the frame index is used (constant rate). The duration matters for the
        last frame only, whose length the MP4 would otherwise guess from the one before.
        """
        frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        frame.pts = self._next_index if pts is None else pts
        if duration is not None:
            frame.duration = duration
        self._next_index += 1
        self._out.mux(self._video.encode(frame))

    def add_sound(self, samples: npt.NDArray[np.float32]) -> None:
        """Append mono samples in -1..1 at `AUDIO_RATE`; ignored when the file has no sound."""
        if self._audio is None or samples.size == 0:
            return
        data = np.ascontiguousarray(samples, dtype=np.float32).reshape(1, -1)
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._samples_written
        frame.time_base = Fraction(1, AUDIO_RATE)
        self._samples_written += data.shape[1]
        self._out.mux(self._audio.encode(frame))

    def close(self) -> None:
        """Flush the encoders and write the index (moov) that makes the file playable."""
        self._out.mux(self._video.encode(None))
        if self._audio is not None:
            self._out.mux(self._audio.encode(None))
        self._out.close()

    def abort(self) -> None:
        """Stop without finishing the file and remove it, so no half-made file is left."""
        try:
            self._out.close()
        finally:
            self.path.unlink(missing_ok=True)
