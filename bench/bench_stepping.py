"""How long the UI thread stalls while a coder steps and seeks through 1080p video (issue 11).

Generates a 1080p H.264 clip with the frame index burned in (PyAV), drives a
`PlayerController` offscreen and measures the longest gap between ticks of a 1 ms QTimer on
the UI thread (the watchdog) over 100 arrow-key steps (one every 33 ms, as auto-repeat) and
20 random seeks (one every 150 ms). The same drive is run through the old synchronous path
(grab on the UI thread, then show), in the same process on the same file. It also checks
that the picture left on screen carries the index asked last. Prints figures; asserts nothing.
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_stepping.py [--frames 240]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vfcoach.video.source import MediaSource

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from vfcoach.ui.player.frame_view import rgb_to_qimage
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.synth import make_counter_video, read_frame_index

TARGET_MS = 16.0


def image_index(image: QImage) -> int:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = rgb.width(), rgb.height(), rgb.bytesPerLine()
    data = np.frombuffer(rgb.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return read_frame_index(data[:, : 3 * w].reshape(h, w, 3))


class Watchdog:
    """Records the gaps between ticks of a 1 ms timer: a gap is the UI thread being busy."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.gaps: list[float] = []
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.gaps.clear()
        self.clock.start()
        self._last = self.clock.nsecsElapsed() / 1e6
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.gaps.append(now - self._last)
        self._last = now


def wait_ms(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def drive(
    step: Callable[[int], None],
    seek: Callable[[int], None],
    settle: Callable[[], None],
    frames: int,
    rng: random.Random,
) -> list[int]:
    """100 steps (first forward, then back), then 20 random seeks; returns the asked frames."""
    asked, frame = [], 0
    for i in range(100):
        delta = 1 if i < 70 else -1
        frame = min(max(frame + delta, 0), frames - 1)
        step(delta)
        asked.append(frame)
        wait_ms(33)
    for _ in range(20):
        frame = rng.randrange(frames)
        seek(frame)
        asked.append(frame)
        wait_ms(150)
    settle()
    return asked


def run_async(path: Path, frames: int, dog: Watchdog) -> tuple[list[float], int, int]:
    player = PlayerController()
    shown: list[QImage] = []
    player.image_changed.connect(shown.append)
    player.load(MediaSource.of_file(path))

    def settle() -> None:
        while player.decoding:
            wait_ms(5)

    settle()
    calls: list[float] = []  # how long each UI-thread call into video took, ms

    def timed(fn: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object) -> None:
            t0 = time.perf_counter()
            fn(*args)
            calls.append((time.perf_counter() - t0) * 1000)

        return call

    worker = player._worker  # the bench peeks inside to time the drain's hand-over too
    worker._on_result = timed(worker._on_result)
    dog.start()
    asked = drive(timed(player.step), timed(player.seek_frame), settle, frames,
                  random.Random(11))  # fmt: skip
    dog.stop()
    print(f"    (new path: longest UI-thread call into video {max(calls):.1f} ms over "
          f"{len(calls)} calls: steps, seeks and showing decoded frames)")  # fmt: skip
    last = image_index(shown[-1])
    player.shutdown()
    return list(dog.gaps), asked[-1], last


def run_idle(dog: Watchdog) -> list[float]:
    """The watchdog alone for 3 s: the noise floor of this machine (other processes)."""
    dog.start()
    wait_ms(3000)
    dog.stop()
    return list(dog.gaps)


def run_sync(path: Path, frames: int, dog: Watchdog) -> tuple[list[float], int, int]:
    """The path before issue 11: `grab` then show, both on the UI thread, per step."""
    grabber = FrameGrabber(path)
    state = {"frame": 0}
    shown: list[QImage] = []

    def seek(frame: int) -> None:
        state["frame"] = min(max(frame, 0), frames - 1)
        shown.append(rgb_to_qimage(grabber.grab(state["frame"])))

    seek(0)
    dog.start()
    asked = drive(lambda d: seek(state["frame"] + d), seek, lambda: None, frames,
                  random.Random(11))  # fmt: skip
    dog.stop()
    grabber.close()
    return list(dog.gaps), asked[-1], image_index(shown[-1])


def report(name: str, gaps: list[float], asked: int, shown: int) -> None:
    worst = max(gaps)
    verdict = "ok" if worst <= TARGET_MS else "OVER TARGET"
    p99 = float(np.percentile(gaps, 99))
    print(f"{name:<34} longest stall {worst:7.1f} ms  p99 {p99:6.1f} ms  median "
          f"{statistics.median(gaps):4.1f} ms  target <= {TARGET_MS:.0f} ms  {verdict};"
          f"  last asked {asked}, shown {shown}")  # fmt: skip
    top = sorted(range(len(gaps)), key=lambda i: -gaps[i])[:5]
    at = np.cumsum(gaps)
    print("    longest five: " + ", ".join(f"{gaps[i]:.0f} ms at {at[i]:.0f} ms" for i in top))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=240)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench-1080p.mp4"
        t0 = time.perf_counter()
        make_counter_video(path, frames=args.frames, fps=30, size=(1920, 1080), gop=60,
                           audio=False)  # fmt: skip
        print(f"1080p H.264, {args.frames} frames at 30 fps, keyframe every 60 "
              f"(made in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        print("100 steps (one per 33 ms, as a held arrow key) + 20 random seeks (one per 150 ms)")
        dog = Watchdog()
        idle = run_idle(dog)
        print(f"  idle event loop, nothing to do     longest gap {max(idle):7.1f} ms  p99 "
              f"{float(np.percentile(idle, 99)):6.1f} ms  (machine noise floor)")  # fmt: skip
        report("  old: decode on the UI thread", *run_sync(path, args.frames, dog))
        report("  new: decode on the frame worker", *run_async(path, args.frames, dog))
    del app


if __name__ == "__main__":
    main()
