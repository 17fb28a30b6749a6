"""Read a recording's frame times, keyframes, size and rotation by demuxing, not decoding.

Decoding an hour of HD video takes minutes; reading its packets takes seconds, and the
packets already carry every frame's presentation time. Only the first picture is decoded,
because FFmpeg hands the display rotation to us on decoded frames, not on streams.
Results are cached per (path, size, mtime), so the import dialog, the grabber and the
thumbnail builder can all call `probe` without paying twice.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av.container
import av.error
import numpy as np
import numpy.typing as npt
from av.video.stream import VideoStream

from vfcoach.coding.frame_map import FrameMap
from vfcoach.video.errors import MediaUnreadable
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video

__all__ = ["MediaInfo", "clear_probe_cache", "probe"]

_CACHE_SIZE = 32
_cache: OrderedDict[tuple[str, int, int], MediaInfo] = OrderedDict()
_cache_lock = threading.Lock()
_ROTATION_PACKETS = 64  # give up looking for a decodable first picture after this many


def probe(path: str | Path) -> MediaInfo:
    """Facts and exact frame map of a recording; raises a `MediaError` subclass if unusable."""
    p = Path(path)
    try:
        st = p.stat()
        key: tuple[str, int, int] | None = (str(p.resolve()), st.st_size, st.st_mtime_ns)
    except OSError:
        key = None  # let open_video name the problem
    if key is not None:
        with _cache_lock:
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
                return hit
    info = _probe_uncached(p)
    if key is not None:
        with _cache_lock:
            _cache[key] = info
            while len(_cache) > _CACHE_SIZE:
                _cache.popitem(last=False)
    return info


def clear_probe_cache() -> None:
    with _cache_lock:
        _cache.clear()


@dataclass
class _Scan:
    """Per-packet facts gathered in one demux pass."""

    pts: list[int] = field(default_factory=list)
    keys: list[bool] = field(default_factory=list)
    durations: list[int] = field(default_factory=list)
    rotation: int | None = None
    without_pts: int = 0
    discarded: int = 0
    damaged: int = 0
    stopped_early: str | None = None


def _probe_uncached(path: Path) -> MediaInfo:
    container, stream = open_video(path)
    try:
        time_base = stream.time_base
        if time_base is None:
            raise MediaUnreadable(path, "the video has no time base, so frames cannot be timed")
        scan = _scan_packets(container, stream)
        audio = container.streams.audio[0] if container.streams.audio else None
        return _build_info(
            path,
            scan,
            time_base,
            container_name=container.format.name,
            stream=stream,
            audio_codec=audio.codec_context.name if audio and audio.codec_context else None,
            index_len=len(stream.index_entries),
        )
    finally:
        container.close()


def _scan_packets(container: av.container.InputContainer, stream: VideoStream) -> _Scan:
    scan = _Scan()
    decoded_tries = 0
    try:
        for packet in container.demux(stream):
            if packet.pts is None:
                if packet.size:  # the empty packet at the end is only a flush marker
                    scan.without_pts += 1
                continue
            if packet.is_discard:  # edit-list pre-roll: the decoder drops it, so do we
                scan.discarded += 1
                continue
            if packet.is_corrupt:
                scan.damaged += 1
            scan.pts.append(packet.pts)
            scan.keys.append(packet.is_keyframe)
            scan.durations.append(packet.duration or 0)
            if scan.rotation is None and decoded_tries < _ROTATION_PACKETS:
                decoded_tries += 1
                scan.rotation = _rotation_from_packet(stream, packet)
    except av.error.FFmpegError as exc:
        scan.stopped_early = str(exc.strerror or exc)
    if scan.rotation is None:
        scan.rotation = _rotation_from_tag(stream)
    return scan


def _rotation_from_packet(stream: VideoStream, packet: av.Packet[VideoStream]) -> int | None:
    """Clockwise display rotation, from the first picture the decoder gives back."""
    try:
        frames = stream.codec_context.decode(packet)
    except av.error.FFmpegError:
        return None
    if not frames:
        return None
    ccw = frames[0].rotation  # PyAV reports the display matrix counter-clockwise
    return _snap_rotation(-ccw) if ccw else _rotation_from_tag(stream)


def _rotation_from_tag(stream: VideoStream) -> int:
    """The legacy 'rotate' tag some older muxers and editors still write."""
    try:
        return _snap_rotation(int(float(stream.metadata.get("rotate", "0"))))
    except ValueError:
        return 0


def _snap_rotation(degrees: float) -> int:
    return (round(degrees / 90) * 90) % 360


def _build_info(
    path: Path,
    scan: _Scan,
    time_base: Fraction,
    *,
    container_name: str,
    stream: VideoStream,
    audio_codec: str | None,
    index_len: int,
) -> MediaInfo:
    if not scan.pts:
        raise MediaUnreadable(path, "no picture in the file could be read")
    raw = np.asarray(scan.pts, dtype=np.int64)
    order = np.argsort(raw, kind="stable")  # B-frames arrive in decode order
    pts_sorted = raw[order]
    keep = np.ones(pts_sorted.size, dtype=bool)
    keep[1:] = np.diff(pts_sorted) != 0
    repeated = int(np.count_nonzero(~keep))
    order, pts = order[keep], pts_sorted[keep]
    keyframes = np.flatnonzero(np.asarray(scan.keys, dtype=bool)[order]).astype(np.int64)

    pts_ms = _to_ms(pts - pts[0], time_base)
    spacing = np.diff(pts)
    median_ticks = float(np.median(spacing)) if spacing.size else 0.0
    last_ticks = _last_frame_ticks(stream, int(pts[-1]), scan.durations[int(order[-1])])
    last_ticks = last_ticks or round(median_ticks)
    if last_ticks:
        last_frame_ms = max(1, round(last_ticks * time_base * 1000))
    else:  # a single frame without a duration: assume the declared rate
        rate = stream.average_rate
        last_frame_ms = round(1000 / rate) if rate else 40
    frame_map = FrameMap(pts_ms, last_frame_ms=last_frame_ms)

    span_s = float((pts[-1] - pts[0]) * time_base)
    real_fps = (pts.size - 1) / span_s if span_s > 0 else 0.0
    avg_rate = stream.average_rate
    avg_fps = float(avg_rate) if avg_rate else real_fps
    is_vfr = bool(spacing.size and np.max(np.abs(spacing - median_ticks)) > 0.1 * median_ticks)

    rotation = scan.rotation or 0
    cw, ch = stream.codec_context.width, stream.codec_context.height
    w, h = (ch, cw) if rotation in (90, 270) else (cw, ch)
    return MediaInfo(
        path=path,
        container=container_name,
        video_codec=stream.codec_context.name,
        audio_codec=audio_codec,
        duration_ms=frame_map.duration_ms,
        avg_fps=avg_fps,
        real_fps=real_fps or avg_fps,
        is_vfr=is_vfr,
        frame_count=int(pts.size),
        width=w,
        height=h,
        coded_width=cw,
        coded_height=ch,
        rotation=rotation,
        has_audio=audio_codec is not None,
        frame_map=frame_map,
        pts=pts,
        time_base=time_base,
        keyframes=keyframes,
        warnings=_warnings(scan, repeated, int(pts.size), index_len),
    )


def _last_frame_ticks(stream: VideoStream, last_pts: int, packet_duration: int) -> int:
    """How long the last frame shows, or 0 if the file does not say.

    The track's end (start + duration) is the reliable source: with B-frames an MP4 stores
    durations in decode order, so the last-shown frame's packet duration can belong to
    another frame. Packet duration is the fallback (Matroska stores it per frame).
    """
    if stream.duration and stream.duration > 0:
        start = stream.start_time if stream.start_time is not None else 0
        from_track = start + stream.duration - last_pts
        if from_track > 0 and (not packet_duration or from_track <= 10 * packet_duration):
            return from_track
    return max(packet_duration, 0)


def _to_ms(ticks: npt.NDArray[np.int64], time_base: Fraction) -> npt.NDArray[np.int64]:
    """ticks * time_base * 1000 rounded half up, in exact integers (no float drift)."""
    num, den = time_base.numerator * 1000, time_base.denominator
    if int(ticks.max(initial=0)) * num * 2 + den < 2**62:
        return (ticks * (2 * num) + den) // (2 * den)
    exact = [(int(t) * 2 * num + den) // (2 * den) for t in ticks]  # Python ints: no overflow
    return np.array(exact, dtype=np.int64)


def _warnings(scan: _Scan, repeated: int, frames: int, index_len: int) -> tuple[str, ...]:
    out: list[str] = []
    if scan.without_pts:
        out.append(f"skipped {_count(scan.without_pts, 'packet')} without a timestamp")
    if scan.damaged:
        out.append(f"{_count(scan.damaged, 'damaged packet')}; those frames may look broken")
    if repeated:
        out.append(f"skipped {_count(repeated, 'packet')} repeating another frame's timestamp")
    if scan.stopped_early:
        out.append(f"reading stopped early ({scan.stopped_early}); later frames are missing")
    elif index_len > frames + repeated + scan.without_pts + scan.discarded + 8:
        out.append(f"the file is incomplete: {frames} of about {index_len} frames are present")
    return tuple(out)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
