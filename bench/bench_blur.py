"""Face blur throughput at 720p: a reel exported with and without blur, in the same run.

The source is the astronaut of scikit-image (a real face) gliding across a busy wall, a
1280×720 25 fps H.264 + AAC file generated once into a cache folder. The same clip is
exported exactly without blur (the reference) and with blur, and the bench prints each as
frames per second and as a multiple of the video's own frame rate ("× realtime"), the CPU
time each took per second of video (2 cores give 2 s per second: a figure that holds when the
machine is busy with other work), and the
detector's share of the blurred export's wall time (its time summed on the decoding
worker, which runs alongside the encoder). Target (issue 14 §5): ≥ 1× realtime on 2 cores.

Run: .venv/bin/python bench/bench_blur.py [--seconds 10] [--every 1] [--width 512]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests/

import numpy as np
import numpy.typing as npt

from tests.video.face_media import make_face_video
from vfcoach.video.export import ClipSpec, ExportOptions, render_reel
from vfcoach.video.faces import FaceBlurOptions, FaceDetector
from vfcoach.video.faces.detector import Boxes

FPS = 25
SIZE = (1280, 720)


class _Timed:
    """Sums the time spent in `FaceDetector.detect` across the export."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._detect = FaceDetector.detect

    def __enter__(self) -> _Timed:
        detect = self._detect

        def timed(det: FaceDetector, rgb: npt.NDArray[np.uint8]) -> Boxes:
            t0 = time.perf_counter()
            try:
                return detect(det, rgb)
            finally:
                self.seconds += time.perf_counter() - t0
                self.calls += 1

        FaceDetector.detect = timed  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        FaceDetector.detect = self._detect  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--every", type=int, default=FaceBlurOptions().every)
    parser.add_argument("--width", type=int, default=FaceBlurOptions().width)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "vfcoach-bench")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    frames = args.seconds * FPS
    source = args.cache / f"bench-blur-720p-{args.seconds}s.mp4"
    if not source.exists():
        part = source.with_suffix(".part.mp4")
        make_face_video(part, size=SIZE, frames=frames, photo_px=400)
        part.replace(source)
    clip = [ClipSpec(source, 0, frames - 1)]
    blur = FaceBlurOptions(width=args.width, every=args.every)
    with tempfile.TemporaryDirectory() as out:
        base = {"width": SIZE[0], "height": SIZE[1], "fps": FPS, "captions": "none"}
        t0, c0 = time.perf_counter(), time.process_time()
        render_reel(clip, Path(out) / "plain.mp4", ExportOptions(**base))  # type: ignore[arg-type]
        plain_s, plain_cpu = time.perf_counter() - t0, time.process_time() - c0
        with _Timed() as timed:
            t0, c0 = time.perf_counter(), time.process_time()
            options = ExportOptions(face_blur=blur, **base)  # type: ignore[arg-type]
            render_reel(clip, Path(out) / "blurred.mp4", options)
            blur_s, blur_cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"720p, {frames} frames at {FPS} fps; detector width {blur.width}, every {blur.every}")
    for name, secs, cpu in (("without blur", plain_s, plain_cpu), ("with blur", blur_s, blur_cpu)):
        fps = frames / secs
        print(
            f"  {name:13s} {secs:6.2f} s  {fps:6.1f} frames/s  {fps / FPS:5.2f}× realtime"
            f"  (CPU {cpu / args.seconds:4.2f} s per second of video)"
        )
    per = timed.seconds / max(timed.calls, 1) * 1000
    print(os.getloadavg() and f"  load average while measuring: {os.getloadavg()[0]:.1f}")
    print(
        f"  detector: {timed.calls} searches, {per:.1f} ms each, "
        f"{timed.seconds / blur_s:.0%} of the blurred export's wall time (target ≥ 1× realtime)"
    )


if __name__ == "__main__":
    main()
