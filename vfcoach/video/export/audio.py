"""Cut a recording's sound by sample at frame-map times, resampled to the reel's format.

Slow motion keeps its sound: FFmpeg's `atempo` stretches it without lowering the pitch, so
the caregiver still hears their own voice, only slower.

Audio is placed on the video's clock: time 0 is the first video frame's pts (the frame
map's origin), so a clip's sound starts at the same `pts_ms` as its first picture. Decoded
audio is positioned by its own pts, not by counting from the file start, so an audio track
that starts a little before or after the video (encoder priming, camera start-up) stays in
sync. Gaps and a missing track become silence.
"""

from __future__ import annotations

from fractions import Fraction

import av
import av.container
import av.error
import av.filter
import numpy as np
import numpy.typing as npt

from vfcoach.coding.cancel import CancelToken
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_container

Stereo = npt.NDArray[np.float32]

_PREROLL_S = 0.5  # seek this far before the cut: the demuxer lands on a packet boundary
_STRETCH_MARGIN_MS = 200  # real sound read around a slowed clip, so its edges are not faded


def silence(samples: int) -> Stereo:
    return np.zeros((2, max(samples, 0)), dtype=np.float32)


def read_sound(
    info: MediaInfo,
    start_ms: float,
    samples: int,
    rate: int,
    token: CancelToken | None = None,
) -> Stereo | None:
    """`samples` stereo samples at `rate` from `start_ms` on the video clock, or None if no sound.

    None means the file has no audio track; the caller writes silence and says so.
    """
    if not info.has_audio or samples <= 0:
        return silence(samples) if info.has_audio else None
    with open_container(info.path) as container:
        if not container.streams.audio:
            return None
        return _cut(container, info, start_ms, samples, rate, token)


def _video_zero_s(container: av.container.InputContainer, info: MediaInfo) -> Fraction:
    """Time of the frame map's origin (video frame 0) on the container's clock."""
    return Fraction(int(info.pts[0])) * info.time_base


def _cut(
    container: av.container.InputContainer,
    info: MediaInfo,
    start_ms: float,
    samples: int,
    rate: int,
    token: CancelToken | None,
) -> Stereo:
    stream = container.streams.audio[0]
    zero = _video_zero_s(container, info)
    start_s = zero + Fraction(start_ms).limit_denominator(1000) / 1000
    seek_s = max(Fraction(0), start_s - Fraction(_PREROLL_S))
    if stream.time_base is not None:
        try:
            container.seek(int(seek_s / stream.time_base), stream=stream, backward=True)
        except av.error.FFmpegError:
            container.seek(0)
    resampler = av.AudioResampler(format="fltp", layout="stereo", rate=rate)
    out = silence(samples)
    first = round(start_s * rate)  # sample index (on the container clock at `rate`) of out[0]
    pos: int | None = None
    try:
        for frame in container.decode(stream):
            if token is not None:
                token.check()
            if frame.pts is None or frame.time_base is None:
                continue
            if pos is None or abs(_at(frame.pts, frame.time_base, rate) - pos) > rate // 50:
                pos = _at(frame.pts, frame.time_base, rate)  # (re)anchor on a gap or at start
            for chunk in resampler.resample(frame):
                data = (
                    np.asarray(chunk.to_ndarray(), dtype=np.float32).reshape(2, -1)
                    if chunk.samples
                    else None
                )
                if data is None:
                    continue
                pos = _place(out, data, pos - first) + first
            if pos - first >= samples:
                break
    except av.error.FFmpegError:
        pass  # damaged sound at the end: what was read stays, the rest is silence
    return out


def _at(pts: int, time_base: Fraction, rate: int) -> int:
    value = Fraction(pts) * Fraction(time_base) * rate
    num, den = int(value.numerator), int(value.denominator)
    return (num * 2 + den) // (2 * den)


def _place(out: Stereo, data: npt.NDArray[np.float32], offset: int) -> int:
    """Copy `data` (2×n) into `out` at `offset` (clipped to both ends); return the new offset."""
    n = int(data.shape[1])
    lo, hi = max(offset, 0), min(offset + n, out.shape[1])
    if hi > lo:
        out[:, lo:hi] = data[:, lo - offset : hi - offset]
    return offset + n


def slowed_sound(
    info: MediaInfo,
    start_ms: float,
    samples: int,
    rate: int,
    speed: float,
    token: CancelToken | None = None,
) -> Stereo | None:
    """`samples` of sound from `start_ms` played at `speed` (0.5 = half), pitch kept.

    `atempo` is a WSOLA stretch: it loses about half a window of output at each end. So
    the sound is read with a margin on both sides, stretched, and the output is cut where
    the clip's start lands, less half the shortfall, which keeps it in sync with the
    slowed pictures to a few milliseconds.
    """
    margin = round(_STRETCH_MARGIN_MS * rate / 1000)
    source = read_sound(
        info, start_ms - _STRETCH_MARGIN_MS, round(samples * speed) + 2 * margin, rate, token
    )
    if source is None:
        return None
    stretched = stretch(source, speed, rate)
    shortfall = round(source.shape[1] / speed) - stretched.shape[1]
    first = max(0, round(margin / speed) - shortfall // 2)
    out = silence(samples)
    _place(out, stretched[:, first : first + samples], 0)
    return out


def atempo_chain(speed: float) -> list[float]:
    """Factors for `atempo` (each 0.5..2.0 in older FFmpeg) whose product is `speed`."""
    factors: list[float] = []
    while speed < 0.5:
        factors.append(0.5)
        speed /= 0.5
    factors.append(speed)
    return factors


def stretch(stereo: Stereo, speed: float, rate: int) -> Stereo:
    """Planar stereo played at `speed` through `atempo`, same pitch and format."""
    if stereo.shape[1] == 0 or speed == 1.0:
        return stereo
    graph = av.filter.Graph()
    tb = Fraction(1, rate)
    node = graph.add_abuffer(format="fltp", sample_rate=rate, layout="stereo", time_base=tb)
    for factor in atempo_chain(speed):
        nxt = graph.add("atempo", f"{factor:.6f}")
        node.link_to(nxt)
        node = nxt
    fmt = graph.add("aformat", "sample_fmts=fltp:channel_layouts=stereo")
    node.link_to(fmt)
    sink = graph.add("abuffersink")
    fmt.link_to(sink)
    graph.configure()
    frame = av.AudioFrame.from_ndarray(
        np.ascontiguousarray(stereo, dtype=np.float32), format="fltp", layout="stereo"
    )
    frame.sample_rate, frame.pts, frame.time_base = rate, 0, tb
    graph.push(frame)
    graph.push(None)
    pieces: list[npt.NDArray[np.float32]] = []
    while True:
        try:
            out = graph.pull()
        except (av.error.EOFError, av.error.BlockingIOError):
            break
        pieces.append(np.asarray(out.to_ndarray(), dtype=np.float32).reshape(2, -1))
    return np.concatenate(pieces, axis=1) if pieces else silence(0)
