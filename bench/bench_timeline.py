"""How long the timeline takes to paint with 5,000 events (and to rebuild its lanes).

Prints figures; nothing is asserted. A frame budget of 16 ms keeps scrubbing fluid.
Run: .venv/bin/python bench/bench_timeline.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
from PySide6.QtWidgets import QApplication

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.ui.timeline.lanes import build_lanes
from vfcoach.ui.timeline.timeline_view import TimelineView


def main() -> None:
    app = QApplication.instance() or QApplication([])
    scheme = builtin_scheme("abc-style")
    fmap = FrameMap.constant(60 * 60 * 30, 30)  # one hour at 30 fps
    rng = np.random.default_rng(1)
    points = [c.key for c in scheme.codes if c.kind.value == "point"]
    events = []
    for f in rng.integers(0, fmap.frame_count - 100, 4600):
        events.append(
            Annotation(new_annotation_id(), PassId(1), str(rng.choice(points)), fmap.moment(int(f)))
        )
    starts = np.sort(rng.integers(0, fmap.frame_count - 400, 400))
    for s in starts:
        events.append(
            Annotation(
                new_annotation_id(),
                PassId(1),
                "FTL",
                fmap.moment(int(s)),
                fmap.moment(int(s) + int(rng.integers(30, 300))),
            )
        )
    t0 = time.perf_counter()
    lanes = build_lanes(scheme, events, 0)
    build_ms = (time.perf_counter() - t0) * 1000
    view = TimelineView()
    view.resize(1400, 220)
    view.set_duration(fmap.duration_ms)
    view.set_lanes(lanes)
    view.grab()
    whole, zoomed, cursor = [], [], []
    for i in range(30):
        view.set_cursor(i * 60_000)
        t = time.perf_counter()
        view.grab()
        cursor.append((time.perf_counter() - t) * 1000)
    for _ in range(30):
        view.set_lanes(lanes)  # as after an edit: the lane picture is redrawn
        t = time.perf_counter()
        view.grab()
        whole.append((time.perf_counter() - t) * 1000)
    view._view_span = 60_000  # a one-minute window, as when coding closely
    for i in range(30):
        view._view_start = i * 60_000
        view.set_lanes(lanes)
        t = time.perf_counter()
        view.grab()
        zoomed.append((time.perf_counter() - t) * 1000)
    print(f"events: {len(events)} in {len(lanes)} lanes")
    print(f"build lanes: {build_ms:.1f} ms")
    print(f"cursor move during playback: median {statistics.median(cursor):.1f} ms")
    print(f"paint whole hour: median {statistics.median(whole):.1f} ms, max {max(whole):.1f} ms")
    print(
        f"paint 1-minute window: median {statistics.median(zoomed):.1f} ms, "
        f"max {max(zoomed):.1f} ms (budget 16 ms)"
    )
    del app


if __name__ == "__main__":
    main()
