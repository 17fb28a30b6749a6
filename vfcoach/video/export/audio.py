"""Cut a recording's sound by sample at frame-map times, resampled to the reel's format.

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
import numpy as np
import numpy.typing as npt

from vfcoach.coding.cancel import CancelToken
from vfcoach.video.media_info import MediaInfo

Stereo = npt.NDArray[np.float32]

_PREROLL_S = 0.5  # seek this far before the cut: the demuxer lands on a packet boundary


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
    with av.open(str(info.path), metadata_errors="ignore") as container:
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
