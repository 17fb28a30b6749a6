"""Exactly frame *n*, as an upright RGB array, for coding paused video frame by frame.

A player's position is in milliseconds and only roughly frame-precise; a coder stepping
with the arrow keys must see the frame the annotation will name. So frame *n* is found by
its pts from the probe's map: seek to the keyframe at or before it, decode forward until
the decoder hands back that exact pts. The decoded run is cached so one step back costs
nothing, and one step forward just decodes the next packet instead of seeking again.

Damaged packets are skipped one by one, so a scratched stretch costs only its own frames.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import av
import av.container
import av.error
from av.video.stream import VideoStream

from vfcoach.video.errors import FrameDamaged
from vfcoach.video.frame_cache import FrameCache
from vfcoach.video.images import RGB, frame_to_rgb
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video
from vfcoach.video.probe import probe
from vfcoach.video.source import MediaSource

_SEEK_ATTEMPTS = 3  # a seek that lands after the target is retried from earlier keyframes
_AHEAD_OF_KEYFRAME = 2  # decode on rather than seek when the keyframe is this close ahead


class FrameGrabber:
    """Exact frames from one recording. Not thread-safe: use one grabber per thread.

    Given a `MediaSource` (a stored recording) the file's fingerprint is checked first and
    the stored frame map is the one used; a plain path is probed (a file no database knows).

    The decoder keeps position between calls, which is what makes stepping cheap; sharing
    a grabber between threads would interleave two positions in one decoder.
    `seek_count`, `decoded_count` and `damaged_packets` are there for tests and benchmarks.
    """

    def __init__(
        self,
        source: MediaSource | str | Path,
        info: MediaInfo | None = None,
        cache_frames: int = 48,
    ) -> None:
        if isinstance(source, MediaSource):  # a recording: verified, with its stored map
            self._path = source.path
            self._info = info if info is not None else source.media_info()
        else:  # a bare file (the `frame` command, tests): what probing says is all there is
            self._path = Path(source)
            self._info = info if info is not None else probe(self._path)
        self._container: av.container.InputContainer | None = None
        self._container, self._stream = open_video(self._path)
        self._stream.thread_type = "AUTO"
        self._cache = FrameCache(cache_frames)
        self._packets: Iterator[av.Packet[VideoStream]] | None = None
        self._first_index: int | None = None  # first frame out of the decoder after a seek
        self._last_index: int | None = None  # newest frame out of the decoder since the seek
        self.seek_count = 0
        self.decoded_count = 0
        self.damaged_packets = 0

    @property
    def info(self) -> MediaInfo:
        return self._info

    @property
    def cache(self) -> FrameCache:
        return self._cache

    def __enter__(self) -> FrameGrabber:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._container is not None:
            self._container.close()
            self._container = None
        self._packets = None
        self._cache.clear()

    def grab(self, frame: int) -> RGB:
        """Frame `frame` (0-based presentation order), upright RGB H×W×3 uint8.

        Raises `InvalidTime` for a frame the recording does not have and `FrameDamaged` for
        one that is in the map but cannot be decoded.
        """
        return frame_to_rgb(self._decoded(frame), self._info.rotation)

    def grab_at_ms(self, ms: int) -> tuple[int, RGB]:
        """The frame on screen at `ms` (from frame 0) and its picture."""
        index = self._info.frame_map.moment_at_ms(ms).frame
        return index, self.grab(index)

    def preview(self, frame: int, max_size: int | None = None) -> RGB:
        """The keyframe at or before `frame`, for scrubbing; only that picture is decoded.

        `max_size` caps the longer side, so a timeline hover does not convert full HD.
        """
        key = self._info.keyframe_at_or_before(frame)
        decoded = self._cache.get(key)
        if decoded is None:
            decoded = self._decode_keyframe_only(key)
        if decoded is None:  # the keyframe's packet was not where the map said: decode fully
            decoded = self._decoded(key)
        return frame_to_rgb(decoded, self._info.rotation, max_size)

    def _decoded(self, frame: int) -> av.VideoFrame:
        self._info.check_frame(frame)
        decoded = self._cache.get(frame)
        if decoded is None and self._can_decode_on_to(frame):
            decoded = self._decode_until(frame)
        if decoded is None:
            decoded = self._seek_and_decode(frame)
        if decoded is None:
            raise FrameDamaged(self._path, frame)
        return decoded

    # -- decoding -------------------------------------------------------------------------

    def _can_decode_on_to(self, target: int) -> bool:
        if self._packets is None or self._last_index is None or self._last_index >= target:
            return False
        return self._info.keyframe_at_or_before(target) <= self._last_index + _AHEAD_OF_KEYFRAME

    def _seek_and_decode(self, target: int) -> av.VideoFrame | None:
        key: int | None = self._info.keyframe_at_or_before(target)
        for _ in range(_SEEK_ATTEMPTS):
            if key is None:
                break
            self._seek(key)
            decoded = self._decode_until(target)
            if decoded is not None:
                return decoded
            if self._first_index is None or self._first_index <= target:
                break  # decoding went past the target's place without it: it is damaged
            key = self._info.keyframe_before(key)  # the seek landed after the target
        return None

    def _seek(self, key: int) -> Iterator[av.Packet[VideoStream]]:
        container = self._open_container()
        self.seek_count += 1
        try:
            container.seek(int(self._info.pts[key]), stream=self._stream, backward=True)
        except av.error.FFmpegError:  # no usable index: start over and decode from the top
            container.close()
            self._container, self._stream = open_video(self._path)
            self._stream.thread_type = "AUTO"
            container = self._container
        self._packets = container.demux(self._stream)
        self._first_index = None
        self._last_index = None
        return self._packets

    def _decode_until(self, target: int) -> av.VideoFrame | None:
        """Decode on until `target` comes out; None once it is passed or the file ends."""
        while self._packets is not None:
            if self._last_index is not None and self._last_index >= target:
                return self._cache.get(target)
            packet = self._next_packet(self._packets)
            if packet is None:  # end of what can be read; the decoder is drained or stuck
                self._packets = None
                break
            found = self._take(self._decode(packet), target)
            if found is not None:
                return found
        return None

    @staticmethod
    def _next_packet(packets: Iterator[av.Packet[VideoStream]]) -> av.Packet[VideoStream] | None:
        """The next packet, or None at the end of what can be read (end of file or damage)."""
        try:
            return next(packets, None)
        except av.error.FFmpegError:
            return None

    def _decode(self, packet: av.Packet[VideoStream]) -> list[av.VideoFrame]:
        try:
            return self._stream.codec_context.decode(packet)
        except av.error.FFmpegError:
            self.damaged_packets += 1
            return []

    def _take(self, frames: list[av.VideoFrame], target: int = -1) -> av.VideoFrame | None:
        """Cache what the decoder gave back; return `target` if it was among it.

        Returned directly because one call can yield more frames than a small cache holds.
        """
        found = None
        for decoded in frames:
            index = self._info.index_of_pts(decoded.pts)
            if index is None:
                continue
            self.decoded_count += 1
            self._cache.put(index, decoded)
            if self._first_index is None:
                self._first_index = index
            self._last_index = index
            if index == target:
                found = decoded
        return found

    def _decode_keyframe_only(self, key: int) -> av.VideoFrame | None:
        """Send the keyframe's packet alone and drain the decoder: no frame after it decodes."""
        packets = self._seek(key)
        want = int(self._info.pts[key])
        while (packet := self._next_packet(packets)) is not None:
            if packet.pts is None or packet.pts != want:
                if packet.pts is not None and packet.pts > want and packet.is_keyframe:
                    break  # passed it: the keyframe packet is missing
                continue
            found = self._take(self._decode(packet), key)
            found = self._take(self._decode_flush(), key) or found
            self._packets = None  # the decoder was drained: the next grab must seek
            return found
        self._packets = None
        return None

    def _decode_flush(self) -> list[av.VideoFrame]:
        try:
            return self._stream.codec_context.decode(None)
        except av.error.FFmpegError:
            return []

    def _open_container(self) -> av.container.InputContainer:
        if self._container is None:
            raise ValueError(f"{self._path.name}: the frame grabber is closed")
        return self._container
