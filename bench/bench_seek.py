"""Exact-frame seek latency of `FrameGrabber`, next to raw PyAV seek-and-decode in the same run.

Generates its own media in a temporary folder (a 10-minute 1080p30 H.264 file with a 2-s GOP,
and a variable-frame-rate file), then prints: probe time, open -> first frame, exact seek
median/p90 over random frames against raw PyAV, one step forward, one step back (cached),
keyframe preview, and the share of frames that read back exactly (must be 100 %).
Figures are printed, nothing is asserted.

Run: .venv/bin/python bench/bench_seek.py [--quick] [--keep DIR] [--hour]
  --quick  1-minute 720p30 file instead (about a minute in all)
  --keep   generate into DIR and reuse what is there (the full files take minutes to make)
  --hour   also time probing a one-hour file
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import av
import numpy as np

from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import clear_probe_cache, probe
from vfcoach.video.synth import StripUnreadable, make_counter_video, read_frame_index

T = TypeVar("T")


def ms_since(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.perf_counter()
    out = fn()
    return ms_since(t0), out


def p90(values: list[float]) -> float:
    return float(np.percentile(values, 90))


class RawPyAV:
    """The straightforward PyAV recipe: seek backward to the pts, decode until it appears."""

    def __init__(self, path: Path) -> None:
        self.container = av.open(str(path))
        self.stream = self.container.streams.video[0]
        self.stream.thread_type = "AUTO"

    def grab(self, pts: int) -> np.ndarray:
        self.container.seek(pts, stream=self.stream, backward=True)
        for frame in self.container.decode(self.stream):
            if frame.pts is not None and frame.pts >= pts:
                return frame.to_ndarray(format="rgb24")
        raise RuntimeError(f"pts {pts} not reached")

    def close(self) -> None:
        self.container.close()


def check(rgb: np.ndarray, want: int, tally: list[bool]) -> None:
    try:
        tally.append(read_frame_index(rgb) == want)
    except StripUnreadable:
        tally.append(False)


def bench_file(label: str, path: Path, samples: int, seed: int) -> None:
    clear_probe_cache()
    probe_ms, info = timed(lambda: probe(path))
    n = info.frame_count
    print(
        f"\n== {label}: {path.name}, {info.width}x{info.height}, {n} frames, "
        f"{info.duration_ms / 1000:.0f} s, {'VFR' if info.is_vfr else 'CFR'}, "
        f"{info.keyframes.size} keyframes, {path.stat().st_size / 1e6:.0f} MB"
    )
    print(f"probe (demux only, cold)          {probe_ms:9.1f} ms")

    exact: list[bool] = []
    t0 = time.perf_counter()
    grabber = FrameGrabber(path, info)
    first = grabber.grab(0)
    print(f"open -> first frame               {ms_since(t0):9.1f} ms")
    check(first, 0, exact)

    rng = random.Random(seed)
    targets = [rng.randrange(1, n - 1) for _ in range(samples)]
    raw = RawPyAV(path)
    ours: list[float] = []
    raw_ms: list[float] = []
    forward: list[float] = []
    back: list[float] = []
    for k, target in enumerate(targets):
        # alternate who goes first, so page cache and CPU clock favour neither
        if k % 2:
            raw_ms.append(timed(partial(raw.grab, int(info.pts[target])))[0])
        ms, rgb = timed(partial(grabber.grab, target))
        ours.append(ms)
        check(rgb, target, exact)
        if not k % 2:
            raw_ms.append(timed(partial(raw.grab, int(info.pts[target])))[0])
        ms, rgb = timed(partial(grabber.grab, target + 1))
        forward.append(ms)
        check(rgb, target + 1, exact)
        for step_back in (target, target - 1):  # two presses of the left arrow
            ms, rgb = timed(partial(grabber.grab, step_back))
            back.append(ms)
            check(rgb, step_back, exact)
    raw.close()
    previews: list[float] = []
    small: list[float] = []
    for target in targets[:20]:
        grabber.cache.clear()
        ms, rgb = timed(partial(grabber.preview, target))
        previews.append(ms)
        check(rgb, info.keyframe_at_or_before(target), exact)
        grabber.cache.clear()
        ms, _ = timed(partial(grabber.preview, target, 320))
        small.append(ms)
    seeks = grabber.seek_count
    grabber.close()

    med, raw_med = statistics.median(ours), statistics.median(raw_ms)
    print(f"exact seek, {samples} random frames    median {med:7.1f} ms   p90 {p90(ours):7.1f} ms")
    print(f"raw PyAV seek+decode, same frames median {raw_med:7.1f} ms   p90 {p90(raw_ms):7.1f} ms")
    print(
        f"  ratio grabber / raw             median {med / raw_med:7.2f}      "
        f"p90 {p90(ours) / p90(raw_ms):7.2f}"
    )
    print(
        f"step forward (+1)                 median {statistics.median(forward):7.2f} ms   "
        f"p90 {p90(forward):7.2f} ms"
    )
    print(
        f"step back (-1, cached)            median {statistics.median(back):7.2f} ms   "
        f"p90 {p90(back):7.2f} ms"
    )
    print(f"keyframe preview, full size       median {statistics.median(previews):7.1f} ms")
    print(f"keyframe preview, max 320 px      median {statistics.median(small):7.1f} ms")
    print(f"seeks made by the grabber         {seeks} for {len(exact)} pictures")
    print(
        f"exact frames (bit strip)          {100 * sum(exact) / len(exact):9.1f} % of {len(exact)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="1 minute 720p instead of 10 min 1080p"
    )
    parser.add_argument("--keep", type=Path, help="generate into (and reuse from) this folder")
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--hour", action="store_true", help="also time probing a one-hour file (small frames)"
    )
    args = parser.parse_args()

    minutes, size, vfr_seconds, vfr_size = (
        (1, (1280, 720), 30, (960, 540)) if args.quick else (10, (1920, 1080), 120, (1280, 720))
    )
    with tempfile.TemporaryDirectory(prefix="vfcoach-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        cfr = folder / f"cfr-{minutes}min-{size[1]}p30.mp4"
        vfr = folder / f"vfr-{vfr_seconds}s-{vfr_size[1]}p.mp4"
        if not cfr.exists():
            ms, _ = timed(
                lambda: make_counter_video(
                    cfr,
                    frames=minutes * 60 * 30,
                    fps=30,
                    size=size,
                    gop=60,
                    preset="ultrafast",
                    crf=23,
                )
            )
            print(f"generated {cfr.name} in {ms / 1000:.0f} s")
        if not vfr.exists():
            frames = vfr_seconds * 1000 * 3 // 123  # the 33/50/40 ms pattern: 3 frames per 123 ms
            ms, _ = timed(
                lambda: make_counter_video(
                    vfr, frames=frames, size=vfr_size, gop=60, vfr=True, preset="ultrafast", crf=23
                )
            )
            print(f"generated {vfr.name} in {ms / 1000:.0f} s")
        bench_file("CFR", cfr, args.samples, args.seed)
        bench_file("VFR", vfr, args.samples, args.seed)
        if args.hour:
            bench_hour_probe(folder)


def bench_hour_probe(folder: Path) -> None:
    """Probe cost grows with the packet count, not the picture size, so small frames do."""
    hour = folder / "hour-180p30.mp4"
    if not hour.exists():
        ms, _ = timed(
            lambda: make_counter_video(
                hour, frames=3600 * 30, fps=30, size=(320, 180), gop=60, preset="ultrafast"
            )
        )
        print(f"\ngenerated {hour.name} in {ms / 1000:.0f} s")
    clear_probe_cache()
    ms, info = timed(partial(probe, hour))
    print(f"\n== one hour: {info.frame_count} frames, {hour.stat().st_size / 1e6:.0f} MB")
    print(f"probe (demux only, cold)          {ms:9.1f} ms")
    ms, _ = timed(partial(probe, hour))
    print(f"probe again (cached)              {ms:9.3f} ms")


if __name__ == "__main__":
    main()
