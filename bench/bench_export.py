"""Reel export throughput: seconds of output per second of wall time, exact and fast mode.

Generates its own source in a temporary folder (a 720p30 H.264 file with a 2-s GOP, B-frames
and a beeping sound track), then exports the same reel of clips in both modes and prints
output seconds, wall seconds and the ratio ("× realtime"). Figures only, nothing asserted.

Run: .venv/bin/python bench/bench_export.py [--seconds 60] [--clips 6] [--clip-seconds 8]
         [--height 720] [--keep DIR]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from vfcoach.video.export import ClipSpec, ExportOptions, ExportReport, render_reel
from vfcoach.video.probe import probe
from vfcoach.video.synth import make_counter_video


def make_source(folder: Path, seconds: int, height: int) -> Path:
    width = height * 16 // 9
    path = folder / f"bench-export-{height}p30-{seconds}s.mp4"
    if not path.exists():
        t0 = time.perf_counter()
        make_counter_video(
            path, frames=seconds * 30, fps=30, size=(width, height), gop=60, preset="ultrafast"
        )
        print(f"generated {path.name} in {time.perf_counter() - t0:.1f} s")
    return path


def clip_specs(source: Path, clips: int, clip_seconds: float) -> list[ClipSpec]:
    info = probe(source)
    length = round(clip_seconds * 30)
    step = (info.frame_count - length) // max(clips, 1)
    return [
        ClipSpec(source, 7 + i * step, 7 + i * step + length - 1, caption=f"Moment {i + 1}")
        for i in range(clips)
    ]


def run(label: str, specs: list[ClipSpec], target: Path, options: ExportOptions) -> None:
    t0 = time.perf_counter()
    report: ExportReport = render_reel(specs, target, options)
    wall = time.perf_counter() - t0
    out_s = report.duration_ms / 1000
    drift = max(abs(c.drift_ms) for c in report.clips)
    print(
        f"{label:34s} {out_s:7.1f} s out  {wall:7.2f} s wall  {out_s / wall:8.1f}× realtime"
        f"  ({report.width}x{report.height}, max drift {drift:.1f} ms,"
        f" {target.stat().st_size / 1e6:.1f} MB)"
    )
    for warning in report.warnings[:2]:
        print(f"{'':34s} note: {warning}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="source length")
    parser.add_argument("--clips", type=int, default=6)
    parser.add_argument("--clip-seconds", type=float, default=8.0)
    parser.add_argument("--height", type=int, default=720, help="source height (16:9)")
    parser.add_argument("--keep", type=Path, help="generate into DIR and reuse what is there")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        source = make_source(folder, args.seconds, args.height)
        specs = clip_specs(source, args.clips, args.clip_seconds)
        print(f"reel: {len(specs)} clips × {args.clip_seconds:g} s from {source.name}")
        out = Path(tmp)
        run("fast (stream copy)", specs, out / "fast.mp4", ExportOptions(mode="fast"))
        run("exact 1280x720 25 fps, burned", specs, out / "exact.mp4", ExportOptions())
        run(
            "exact 1280x720 25 fps, no captions",
            specs,
            out / "exact-plain.mp4",
            ExportOptions(captions="none"),
        )


if __name__ == "__main__":
    main()
