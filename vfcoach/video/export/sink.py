"""The output file: H.264 + AAC (+ optional mov_text captions) into a part file.

Nothing is ever written under the target name until the file is complete: the muxer writes
`.name.mp4.vfcoach-export-<pid>.part` beside it (`vfcoach.output.writer`), which is closed,
fsynced and then takes the target's name in one step, replacing a file only when the person
asked for that. Any failure, cancel or SIGTERM removes the part file, so a coach never finds
a half-written reel that looks finished.
"""

from __future__ import annotations

import contextlib
import struct
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import av.audio.stream
import av.container
import av.video.frame
import av.video.stream
import numpy as np
import numpy.typing as npt

from vfcoach.output.target import CheckedTarget
from vfcoach.output.writer import PartFile

RGB = npt.NDArray[np.uint8]

_SUB_TB = Fraction(1, 1000)
# superfast: ~1.6x the speed of veryfast at 720p; crf 21 keeps the faces clean. The bench
# gives the ffmpeg command line these same settings.
ENCODER_OPTIONS = {"crf": "21", "preset": "superfast"}


class ReelSink:
    """One reel being written. Video is either encoded (`add_picture`) or copied (`add_packet`)."""

    def __init__(
        self,
        target: CheckedTarget,
        *,
        audio_rate: int,
        fps: int | None = None,
        size: tuple[int, int] | None = None,
        template: av.video.stream.VideoStream | None = None,
        subtitles: bool = False,
        rotation: int = 0,
        audio_template: av.audio.stream.AudioStream | None = None,
    ) -> None:
        """Encode at `fps`/`size`, or copy packets shaped like `template` (fast mode).

        With `audio_template` the sound is copied too (`add_audio_packet`), at its own rate.
        """
        self.target = target.real
        self._part = PartFile(target)  # checked already: nothing protected, folder exists
        self.part = self._part.path
        try:
            self._out: av.container.OutputContainer = av.open(
                str(self.part), mode="w", format="mp4", container_options={"movflags": "+faststart"}
            )
        except BaseException:
            self._part.discard()
            raise
        self.audio_rate = audio_template.rate if audio_template is not None else audio_rate
        self.copies_sound = audio_template is not None
        self.fps = fps if template is None else None
        self.frames_written = 0
        self.samples_written = 0
        # sound is made and encoded on one worker thread, in order, while pictures encode
        # here; its packets are muxed on this thread as they come ready
        self._sound_jobs: deque[Future[list[av.Packet[Any]]]] = deque()
        self._sound_worker: ThreadPoolExecutor | None = None
        self._encoded: av.video.stream.VideoStream | None = None
        self._copied: Any = None
        self._subs: Any = None
        try:
            self._audio = self._add_streams(
                fps, size, template, subtitles, rotation, audio_template
            )
        except BaseException:
            self.abort()
            raise

    def _add_streams(
        self,
        fps: int | None,
        size: tuple[int, int] | None,
        template: av.video.stream.VideoStream | None,
        subtitles: bool,
        rotation: int,
        audio_template: av.audio.stream.AudioStream | None,
    ) -> av.audio.stream.AudioStream:
        """Video (encoded or copied), optional captions, then AAC (copied, or stereo encoded)."""
        if template is not None:
            self._copied = self._out.add_stream_from_template(template)
            if rotation % 360:  # a copied phone video must still play upright
                self._copied.set_display_rotation(-(rotation % 360))
        else:
            if fps is None or size is None:
                raise ValueError("an encoded reel needs a frame rate and a size")
            v = self._out.add_stream("libx264", rate=fps)
            v.width, v.height, v.pix_fmt = size[0], size[1], "yuv420p"
            v.codec_context.time_base = Fraction(1, fps)
            v.codec_context.gop_size = 2 * fps
            # x264's own frame threads, as the ffmpeg command line uses (PyAV asks for slices)
            v.codec_context.thread_type = "FRAME"
            v.codec_context.thread_count = 0
            v.options = dict(ENCODER_OPTIONS)
            self._encoded = v
        if subtitles:
            self._subs = self._out.add_mux_stream("mov_text")
            self._subs.time_base = _SUB_TB
        if audio_template is not None:
            copied: av.audio.stream.AudioStream = self._out.add_stream_from_template(audio_template)
            return copied
        audio: av.audio.stream.AudioStream = self._out.add_stream("aac", rate=self.audio_rate)
        audio.layout = "stereo"
        audio.bit_rate = 160_000
        return audio

    # -- video --------------------------------------------------------------------------

    def add_picture(self, rgb: RGB) -> None:
        """Encode an RGB picture as the next output frame."""
        self.add_frame(av.VideoFrame.from_ndarray(rgb, format="rgb24").reformat(format="yuv420p"))

    def add_frame(self, frame: av.VideoFrame) -> None:
        """Encode the next output frame (constant rate: pts is the frame count).

        The same frame may be passed again (a held or duplicated picture): only its
        timestamp changes, and the encoder has copied the pixels by then. The source's
        picture type is cleared, or x264 would copy the source's I/P/B pattern.
        """
        assert self._encoded is not None and self.fps is not None
        frame.pts = self.frames_written
        frame.time_base = Fraction(1, self.fps)
        frame.pict_type = av.video.frame.PictureType.NONE
        self.frames_written += 1
        self._out.mux(self._encoded.encode(frame))
        self._mux_ready_sound()

    def add_packet(
        self, packet: av.Packet[Any], pts: int, dts: int | None, time_base: Fraction
    ) -> None:
        """Copy one compressed packet with new timestamps (in the source's time base)."""
        packet.stream = self._copied
        packet.time_base = time_base
        packet.pts, packet.dts = pts, dts
        self._out.mux(packet)

    # -- sound and captions ---------------------------------------------------------------

    def add_sound(self, stereo: npt.NDArray[np.float32]) -> None:
        """Append planar stereo samples (2×N, -1..1) at `audio_rate`."""
        self.add_sound_later(lambda: stereo, int(stereo.shape[1]))

    def add_sound_later(
        self, make: Callable[[], npt.NDArray[np.float32] | None], samples: int
    ) -> None:
        """Append `samples` of sound that `make` computes (None: silence), off this thread.

        The samples are reserved at once, so the caller's arithmetic goes on; `make` runs on
        the sound worker, in order, and its result is cut or padded to exactly `samples`.
        """
        if samples <= 0:
            return
        if self.copies_sound:
            raise ValueError("this reel copies its sound; it cannot encode more")
        if self._sound_worker is None:
            self._sound_worker = ThreadPoolExecutor(1, thread_name_prefix="reel-export-sound")
        pts = self.samples_written
        self.samples_written += samples
        self._sound_jobs.append(self._sound_worker.submit(self._encode_sound, make, pts, samples))
        self._mux_ready_sound()

    def _encode_sound(
        self, make: Callable[[], npt.NDArray[np.float32] | None], pts: int, samples: int
    ) -> list[av.Packet[Any]]:
        made = make()
        data = np.zeros((2, samples), dtype=np.float32)
        if made is not None:
            n = min(samples, int(made.shape[1]))
            data[:, :n] = made[:, :n]
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout="stereo")
        frame.sample_rate = self.audio_rate
        frame.pts = pts
        frame.time_base = Fraction(1, self.audio_rate)
        return list(self._audio.encode(frame))

    def _mux_ready_sound(self, wait: bool = False) -> None:
        while self._sound_jobs and (wait or self._sound_jobs[0].done()):
            self._out.mux(self._sound_jobs.popleft().result())

    def add_audio_packet(self, packet: av.Packet[Any], pts: int, time_base: Fraction) -> None:
        """Copy one compressed sound packet to `pts` (in `time_base`, which counts samples)."""
        duration = int(packet.duration or 0)
        packet.stream = self._audio
        packet.time_base = time_base
        packet.pts = packet.dts = pts
        self.samples_written = pts + duration
        self._out.mux(packet)

    def add_silence(self, samples: int) -> None:
        self.add_sound(np.zeros((2, max(samples, 0)), dtype=np.float32))

    def add_subtitle(self, text: str, start_ms: float, end_ms: float) -> None:
        """One mov_text cue: a 16-bit length then UTF-8 text (the 3GPP timed-text sample)."""
        if self._subs is None or not text.strip():
            return
        payload = " ".join(text.split()).encode("utf-8")[:65535]
        packet = av.Packet(struct.pack(">H", len(payload)) + payload)
        packet.stream = self._subs
        packet.time_base = _SUB_TB
        packet.pts = packet.dts = round(start_ms)
        packet.duration = max(1, round(end_ms) - round(start_ms))
        self._out.mux(packet)

    @property
    def sound_ms(self) -> float:
        return self.samples_written * 1000 / self.audio_rate

    # -- ending -----------------------------------------------------------------------------

    def finish(self) -> Path:
        """Flush encoders, close, fsync and move the part file onto the target name."""
        try:
            if self._encoded is not None:
                self._out.mux(self._encoded.encode(None))
            self._mux_ready_sound(wait=True)
            self._stop_sound_worker()
            if not self.copies_sound:
                self._out.mux(self._audio.encode(None))
            self._out.close()
            self._part.publish()  # fsync, judge the target again, rename
        except BaseException:
            self.abort()
            raise
        return self.target

    def _stop_sound_worker(self) -> None:
        if self._sound_worker is not None:
            self._sound_worker.shutdown(wait=True, cancel_futures=True)
            self._sound_worker = None

    def abort(self) -> None:
        """Stop and delete the part file; never raises over the error that got us here."""
        self._stop_sound_worker()
        with contextlib.suppress(Exception):
            self._out.close()
        self._part.discard()
