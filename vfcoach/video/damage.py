"""Which frames of a recording cannot be shown: a finding made once, when a video is added.

`probe` only demuxes, so it sees a file whose container is intact as whole even when a
failing SD card wrote random bytes into the pictures. Only decoding tells: a frame in the
map that the decoder never hands back is one the player cannot show (the grabber then
raises `FrameDamaged` for it). Decoding every frame costs about as much as playing the file
fast, which is why this runs once on the add-videos worker, with progress and cancel, and
not on every probe. The answer is a list of stretches a coach can read ("frames 141–202").
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import av.error
import numpy as np

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.video.media_info import MediaInfo
from vfcoach.video.opening import open_video

Stretch = tuple[int, int]  # first and last frame, inclusive
_REPORT_EVERY = 100  # packets between progress reports


def stretches(frames: Iterable[int]) -> list[Stretch]:
    """Consecutive frame indices grouped: 3, 4, 5, 9 -> (3, 5), (9, 9)."""
    out: list[Stretch] = []
    for f in sorted(set(frames)):
        if out and f == out[-1][1] + 1:
            out[-1] = (out[-1][0], f)
        else:
            out.append((f, f))
    return out


def describe(found: list[Stretch], limit: int = 4) -> str:
    """Plain words for the stretches: "frames 141–202 and 300 cannot be shown"."""
    if not found:
        return ""
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in found[:limit]]
    if len(found) > limit:
        more = len(found) - limit
        parts.append(f"{more} more place{'' if more == 1 else 's'}")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    single = len(found) == 1 and found[0][0] == found[0][1]
    return f"{'frame' if single else 'frames'} {listed} cannot be shown"


def undecodable_frames(
    info: MediaInfo, progress: Progress = no_progress, token: CancelToken | None = None
) -> list[int]:
    """Frames of `info`'s map the decoder does not deliver, in presentation order."""
    container, stream = open_video(Path(info.path))
    stream.thread_type = "AUTO"  # frame threads: the whole file is decoded once
    seen = np.zeros(info.frame_count, dtype=bool)
    total = max(1, info.frame_count)
    try:
        for n, packet in enumerate(container.demux(stream)):
            if n % _REPORT_EVERY == 0:
                progress(min(1.0, n / total), f"Checking the pictures of {info.path.name}")
                if token is not None:
                    token.check()
            try:
                decoded = packet.decode()
            except av.error.FFmpegError:
                continue  # this packet's picture is lost; the map still counts it
            _mark(seen, info, [f.pts for f in decoded])
    except av.error.FFmpegError:
        pass  # reading stopped: every frame not yet seen is reported
    finally:
        container.close()
    return [int(i) for i in np.flatnonzero(~seen)]


def _mark(seen: np.ndarray, info: MediaInfo, pts: list[int | None]) -> None:
    known = np.array([p for p in pts if p is not None], dtype=np.int64)
    if known.size == 0:
        return
    idx = np.searchsorted(info.pts, known)
    ok = idx < info.pts.size
    idx = idx[ok]
    hit = info.pts[idx] == known[ok]
    seen[idx[hit]] = True
