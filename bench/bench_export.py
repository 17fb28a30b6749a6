"""Reel export throughput, the issue's scenario: 10 clips × 15 s from a 1080p30 recording.

Generates its source once (a 1080p30 H.264 file with a 2-s GOP, B-frames and a beep each
second) into a temporary folder keyed by its parameters, so reruns start at once. Then it
exports the same reel in fast mode, in exact mode (no captions, then burned captions), and
runs the ffmpeg command line doing the same cuts (same size, frame rate, x264 preset and
CRF, AAC sound) in the same run, and prints seconds of output per second of wall time
("× realtime") and exact mode's time as a multiple of ffmpeg's. Figures only, nothing
asserted. Targets (issue 5): fast ≥ 300×, exact ≥ 3×, exact ≤ 1.1× ffmpeg.

Run: .venv/bin/python bench/bench_export.py [--seconds 240] [--clips 10] [--clip-seconds 15]
         [--height 1080] [--cache DIR] [--skip-ffmpeg]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from vfcoach.video.export import ClipSpec, ExportOptions, ExportReport, render_reel
from vfcoach.video.export.picture import SCALER
from vfcoach.video.export.sink import ENCODER_OPTIONS
from vfcoach.video.probe import probe
from vfcoach.video.synth import make_counter_video


def make_source(folder: Path, seconds: int, height: int) -> Path:
    width = height * 16 // 9
    path = folder / f"bench-export-{height}p30-{seconds}s-gop60.mp4"
    if not path.exists():
        t0 = time.perf_counter()
        part = path.with_suffix(".part.mp4")
        make_counter_video(
            part, frames=seconds * 30, fps=30, size=(width, height), gop=60, preset="ultrafast"
        )
        part.replace(path)
        print(f"generated {path.name} in {time.perf_counter() - t0:.1f} s")
    return path


def clip_specs(source: Path, clips: int, clip_seconds: float) -> list[ClipSpec]:
    info = probe(source)
    length = round(clip_seconds * 30)
    step = (info.frame_count - length) // max(clips, 1)
    return [
        ClipSpec(
            source, 7 + i * step, 7 + i * step + length - 1, caption=f"Très bien, moment {i + 1}"
        )
        for i in range(clips)
    ]


def cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds (all threads) used so far: the machine is shared, so wall time alone lies."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run(label: str, specs: list[ClipSpec], target: Path, options: ExportOptions) -> float:
    """Export once, print the figures; returns the × realtime (output seconds per wall second)."""
    c0, t0 = cpu_s(), time.perf_counter()
    report: ExportReport = render_reel(specs, target, options)
    wall, cpu = time.perf_counter() - t0, cpu_s() - c0
    out_s = report.duration_ms / 1000
    drift = max(abs(c.drift_ms) for c in report.clips)
    print(
        f"{label:36s} {out_s:7.1f} s out {wall:7.2f} s wall {cpu:7.1f} s cpu"
        f" {out_s / wall:8.1f}× realtime"
        f"  ({report.width}x{report.height}, max drift {drift:.1f} ms,"
        f" {target.stat().st_size / 1e6:.1f} MB, sound {report.clips[0].audio})"
    )
    for warning in report.warnings[:2]:
        print(f"{'':36s} note: {warning}")
    return out_s / wall


def ffmpeg_command(specs: list[ClipSpec], target: Path, opts: ExportOptions) -> list[str]:
    """The command line a video editor would type for the same reel (exact cuts, re-encoded)."""
    import imageio_ffmpeg

    cmd = [imageio_ffmpeg.get_ffmpeg_exe(), "-y", "-loglevel", "error"]
    graph, pads = [], []
    w, h = opts.width, opts.height
    for n, spec in enumerate(specs):
        info = probe(spec.path)
        start = info.frame_map.ms_at(spec.start_frame) / 1000
        end = info.frame_map.ms_at(spec.end_frame + 1) / 1000
        cmd += ["-ss", f"{start:.3f}", "-t", f"{end - start:.3f}", "-i", str(spec.path)]
        graph.append(
            f"[{n}:v]scale={w}:{h}:force_original_aspect_ratio=decrease:flags={SCALER.lower()},"
            f"pad={w}:{h}:(ow-iw)/2:(oh-ih)/2,fps={opts.fps},setsar=1[v{n}];"
            f"[{n}:a]aresample={opts.audio_rate},aformat=channel_layouts=stereo[a{n}]"
        )
        pads.append(f"[v{n}][a{n}]")
    graph.append(f"{''.join(pads)}concat=n={len(specs)}:v=1:a=1[v][a]")
    cmd += ["-filter_complex", ";".join(graph), "-map", "[v]", "-map", "[a]"]
    cmd += ["-c:v", "libx264", "-preset", ENCODER_OPTIONS["preset"], "-crf", ENCODER_OPTIONS["crf"]]
    cmd += ["-g", str(2 * opts.fps), "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "160k"]
    return [*cmd, "-movflags", "+faststart", str(target)]


def run_ffmpeg(specs: list[ClipSpec], target: Path, opts: ExportOptions) -> float | None:
    """Run the command line once and print its figures; returns its × realtime."""
    try:
        cmd = ffmpeg_command(specs, target, opts)
    except ImportError:
        print("ffmpeg command line: imageio-ffmpeg is not installed (pip install -e '.[dev]')")
        return None
    c0, t0 = cpu_s(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, check=True)
    wall, cpu = time.perf_counter() - t0, cpu_s(resource.RUSAGE_CHILDREN) - c0
    out_s = probe(target).duration_ms / 1000
    print(
        f"{'ffmpeg command line, same cuts':36s} {out_s:7.1f} s out {wall:7.2f} s wall"
        f" {cpu:7.1f} s cpu {out_s / wall:8.1f}× realtime  ({target.stat().st_size / 1e6:.1f} MB)"
    )
    return out_s / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=int, default=240, help="source length")
    parser.add_argument("--clips", type=int, default=10)
    parser.add_argument("--clip-seconds", type=float, default=15.0)
    parser.add_argument("--height", type=int, default=1080, help="source height (16:9)")
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(tempfile.gettempdir()) / "vfcoach-bench-export",
        help="where the generated source is kept between runs",
    )
    parser.add_argument("--skip-ffmpeg", action="store_true")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    source = make_source(args.cache, args.seconds, args.height)
    specs = clip_specs(source, args.clips, args.clip_seconds)
    exact = ExportOptions(captions="none")
    print(
        f"reel: {len(specs)} clips × {args.clip_seconds:g} s from {source.name};"
        f" exact: {exact.width}x{exact.height} {exact.fps} fps, x264 {ENCODER_OPTIONS}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        fast = run("fast (stream copy)", specs, out / "fast.mp4", ExportOptions(mode="fast"))
        # ffmpeg right after ours: the machine's load changes by the minute
        plain = run("exact, no captions", specs, out / "exact-plain.mp4", exact)
        ffmpeg = None if args.skip_ffmpeg else run_ffmpeg(specs, out / "ffmpeg.mp4", exact)
        run("exact, burned captions", specs, out / "exact.mp4", ExportOptions())
    print(f"summary: fast {fast:.0f}× realtime, exact {plain:.2f}× realtime", end="")
    if ffmpeg is not None:  # both made the same output: the ratio of speeds is that of times
        print(
            f", ffmpeg CLI {ffmpeg:.2f}× realtime, exact time / ffmpeg time = {ffmpeg / plain:.2f}"
        )
    else:
        print()


if __name__ == "__main__":
    main()
