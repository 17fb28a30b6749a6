"""Encrypted media store: exact seek and single-frame steps on a sealed 10-minute 1080p file,
next to the same file unencrypted in the same run, and add-video throughput next to a copy.

Generates its own file with PyAV (1080p30, 1 s GOP, low bitrate, the frame index burned in
as a bit strip so every grab is checked), kept in /tmp/vfcoach-bench-sealed so a second run
starts at once. Seals it with the media store's own writer (the add-video path), then, with
the plain and the sealed file alternating in one loop so page cache and CPU clock favour
neither: exact seek to random frames, one step forward, one step back, each on a freshly
cleared frame cache. Target: sealed / plain <= 1.2 for seek and step. Figures are printed;
nothing is asserted.

Run: .venv/bin/python bench/bench_sealed.py [--minutes 10] [--samples 40] [--quick]
  --quick  a 1-minute 720p file (seconds in all)
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import av
import numpy as np

from vfcoach.video.bitstrip import draw_frame_index, read_frame_index
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.probe import probe
from vfcoach.video.sealed import SealedFile, remember_key, seal_file

T = TypeVar("T")
FOLDER = Path("/tmp/vfcoach-bench-sealed")
FPS = 30


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def make_video(path: Path, seconds: int, size: tuple[int, int]) -> Path:
    """A quick H.264 file: a plain picture with the frame index strip, 1 s GOP, low bitrate."""
    if path.is_file():
        return path
    part = path.with_name(f".{path.name}.part.mp4")
    w, h = size
    base = np.zeros((h, w, 3), np.uint8)
    base[:, :] = (36, 40, 52)
    base[h // 3 : 2 * h // 3, w // 4 : 3 * w // 4] = (180, 120, 60)
    with av.open(str(part), "w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        stream.bit_rate = 1_500_000
        stream.options = {"preset": "ultrafast", "g": str(FPS), "bf": "2", "tune": "zerolatency"}
        stream.thread_type = "AUTO"
        for i in range(seconds * FPS):
            rgb = base.copy()
            draw_frame_index(rgb, i)
            x = (i * 7) % (w - 64)  # something moving, so P-frames are not all empty
            rgb[h - 80 : h - 16, x : x + 64] = 230
            for packet in stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    part.replace(path)
    return path


def add_throughput(plain: Path, big_mb: int) -> SealedFile:
    """Seal the video (kept for the seek rows) and time sealing against a plain copy on a
    file of `big_mb` MB (a low-bitrate test video is too small to time), both fsynced."""
    store = FOLDER / "store"
    shutil.rmtree(store, ignore_errors=True)
    sealed = seal_file(plain, store)
    remember_key(sealed.file_id, sealed.key)
    big = FOLDER / f"throughput-{big_mb}MB.bin"
    if not big.is_file() or big.stat().st_size != big_mb << 20:
        block = os.urandom(1 << 20)
        with big.open("wb") as fh:
            for _ in range(big_mb):
                fh.write(block)
    copy = FOLDER / "copy.bin"
    copy.unlink(missing_ok=True)
    size_mb = big.stat().st_size / 1e6

    def plain_copy() -> None:
        shutil.copyfile(big, copy)
        with copy.open("rb+") as fh:
            os.fsync(fh.fileno())

    ms_copy, _ = timed(plain_copy)
    ms_seal, big_sealed = timed(lambda: seal_file(big, store))
    remember_key(big_sealed.file_id, big_sealed.key)
    ms_fp, _ = timed(lambda: fingerprint(big_sealed.path))
    copy.unlink()
    big_sealed.path.unlink()
    print(f"add-video throughput on a {size_mb:.0f} MB file (both fsynced):")
    print(f"  plain file copy                  {size_mb / (ms_copy / 1000):8.0f} MB/s")
    print(f"  add video (encrypt into store)   {size_mb / (ms_seal / 1000):8.0f} MB/s")
    print(f"  + fingerprint of the sealed copy {ms_fp:8.0f} ms")
    return sealed


def seek_and_step(plain: Path, sealed: Path, samples: int, seed: int) -> None:
    info = probe(plain)
    n = info.frame_count
    rng = random.Random(seed)
    targets = [rng.randrange(1, n - 1) for _ in range(samples)]
    results: dict[str, dict[str, list[float]]] = {}
    exact: list[bool] = []
    grabbers = {
        "plain": FrameGrabber(plain, cache_frames=4),
        "sealed": FrameGrabber(sealed, cache_frames=4),
    }
    for label, g in grabbers.items():
        ms, _ = timed(lambda g=g: g.grab(0))
        results[label] = {"open": [ms], "seek": [], "forward": [], "back": []}
    for k, target in enumerate(targets):
        order = list(grabbers.items()) if k % 2 else list(grabbers.items())[::-1]
        for label, g in order:
            g.cache.clear()
            ms, rgb = timed(lambda g=g, t=target: g.grab(t))
            results[label]["seek"].append(ms)
            exact.append(read_frame_index(rgb) == target)
            ms, rgb = timed(lambda g=g, t=target: g.grab(t + 1))
            results[label]["forward"].append(ms)
            exact.append(read_frame_index(rgb) == target + 1)
            g.cache.clear()
            ms, rgb = timed(lambda g=g, t=target: g.grab(t - 1))
            results[label]["back"].append(ms)
            exact.append(read_frame_index(rgb) == target - 1)
    for g in grabbers.values():
        g.close()
    print(f"\n{samples} random frames of {n}; each row: plain | sealed | sealed/plain (median)")
    for what, title in (
        ("seek", "exact seek (cold cache)"),
        ("forward", "step forward (+1)"),
        ("back", "step back (-1, cold cache)"),
    ):
        a = statistics.median(results["plain"][what])
        b = statistics.median(results["sealed"][what])
        pa = float(np.percentile(results["plain"][what], 90))
        pb = float(np.percentile(results["sealed"][what], 90))
        print(f"{title:28s} {a:7.1f} ms | {b:7.1f} ms | {b / a:5.2f}x   (p90 {pa:.1f} | {pb:.1f})")
    print(f"frames read back exactly: {100 * sum(exact) / len(exact):.1f} %")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=int, default=10)
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    FOLDER.mkdir(exist_ok=True)
    minutes, size = (1, (1280, 720)) if args.quick else (args.minutes, (1920, 1080))
    path = FOLDER / f"plain-{minutes}min-{size[1]}p.mp4"
    t0 = time.perf_counter()
    make_video(path, minutes * 60, size)
    print(
        f"== sealed vs plain: {path.name} (made or reused in {time.perf_counter() - t0:.0f} s), "
        f"{os.cpu_count()} cores"
    )
    sealed = add_throughput(path, 64 if args.quick else 512)
    seek_and_step(path, sealed.path, args.samples, seed=14)


if __name__ == "__main__":
    main()
