"""How long ITM tallies and trends take (issue 4: one recording < 50 ms, all trends < 1 s).

Prints figures against the targets; nothing is asserted (architecture.md §4). Three runs:
the pure tally of one recording with 5,000 events (whole recording and fidelity clips, with
the JSON the panel reads), the pure trend over 200 tallied recordings, and the same trend
through `TrendOperation` on a SQLite database: with nothing stored (every pass loaded and
tallied, as after each pass changed) and from the stored per-pass tallies (issue 11).
Run: .venv/bin/python bench/bench_tally.py
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np
from sqlalchemy import delete

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.coding.project import MediaFacts
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import TrendPoint, itm_tally, to_json_dict, trend_series
from vfcoach.coding.tally.coded_time import ClipName
from vfcoach.services.tally.tally import TrendOperation
from vfcoach.storage.database import Database
from vfcoach.storage.rows import PassTallyRow

FPS = 30
MIN = 60_000


def events(scheme: Scheme, fmap: FrameMap, count: int, seed: int, pass_id: int) -> list[Annotation]:
    """A plausible hour: 60 % comments, behaviour points, LEAD states, clips, uncodable."""
    rng = np.random.default_rng(seed)
    last = fmap.frame_count - 1
    points = [c.key for c in scheme.codes if c.kind.value == "point" and c.key != "ITM"]
    out: list[Annotation] = []
    pid = PassId(pass_id)
    for i in range(0, min(fmap.duration_ms - 5 * MIN, 50 * MIN), 10 * MIN):
        f = fmap.at_ms(i)
        out.append(Annotation(new_annotation_id(), pid, "FIDELITY_CLIP", fmap.moment(f),
                              fmap.moment(fmap.at_ms(i + 5 * MIN))))  # fmt: skip
    u = fmap.at_ms(fmap.duration_ms // 3)
    out.append(Annotation(new_annotation_id(), pid, "UNCODABLE", fmap.moment(u),
                          fmap.moment(min(u + 60 * FPS, last))))  # fmt: skip
    behaviours: list[Annotation] = []
    for _ in range(count // 4):
        f = int(rng.integers(0, last - 300))
        if rng.random() < 0.3:
            a = Annotation(new_annotation_id(), pid, "FTL", fmap.moment(f),
                           fmap.moment(f + int(rng.integers(30, 300))))  # fmt: skip
        else:
            a = Annotation(new_annotation_id(), pid, str(rng.choice(points)), fmap.moment(f))
        behaviours.append(a)
    out += behaviours
    while len(out) < count:
        b = behaviours[int(rng.integers(len(behaviours)))]
        lag = int(rng.integers(0, 240)) if rng.random() > 0.01 else -15  # 1 % coding errors
        f = min(b.onset.frame + lag, last)
        mods = (
            ("components", "describes_behaviour+links_target"),
            ("on_target", "yes" if rng.random() < 0.8 else "no"),
            ("target", str(rng.choice(["NUR", "FTL", "DEL"]))),
            ("valence", "positive" if rng.random() < 0.7 else "scaffolding"),
        )
        out.append(Annotation(new_annotation_id(), pid, "ITM", fmap.moment(max(f, 0)), None,
                              mods, "", b.id))  # fmt: skip
    return out


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(median, worst) in ms, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def report(name: str, median_ms: float, worst_ms: float, target_ms: float) -> None:
    verdict = "ok" if median_ms < target_ms else "OVER TARGET"
    print(f"{name:<52} median {median_ms:8.1f} ms  worst {worst_ms:8.1f} ms"
          f"  target < {target_ms:.0f} ms  {verdict}")  # fmt: skip


def bench_one(scheme: Scheme) -> None:
    fmap = FrameMap.constant(60 * 60 * FPS, FPS)
    evs = events(scheme, fmap, 5_000, 1, 1)
    itms = sum(a.code_key == "ITM" for a in evs)
    print(f"one recording: 1 h, {len(evs)} events ({itms} ITMs)")
    clips: tuple[ClipName, ...] = ("all", "fidelity")
    for clip in clips:
        med, worst = timed(partial(tally_json, evs, scheme, fmap.duration_ms, clip), 30)
        report(f"  itm_tally + to_json_dict, clip={clip}", med, worst, 50)


def tally_json(evs: list[Annotation], scheme: Scheme, duration_ms: int, clip: ClipName) -> object:
    return to_json_dict(itm_tally(evs, scheme, duration_ms, clip))


def bench_trends_pure(scheme: Scheme) -> None:
    fmap = FrameMap.constant(40 * 60 * FPS, FPS)
    recordings = [events(scheme, fmap, 400, seed, seed) for seed in range(200)]
    start = dt.date(2024, 1, 1)

    def run() -> object:
        points = [
            TrendPoint(
                f"visit {i}",
                start + dt.timedelta(days=7 * i),
                itm_tally(evs, scheme, fmap.duration_ms),
            )
            for i, evs in enumerate(recordings)
        ]
        return trend_series(points)

    print("trends: 200 recordings of 40 min, 400 events each")
    med, worst = timed(run, 5)
    report("  200 tallies + trend_series (pure)", med, worst, 1000)


def bench_trends_db(scheme: Scheme) -> None:
    fmap = FrameMap.constant(40 * 60 * FPS, FPS)
    with tempfile.TemporaryDirectory() as folder:
        db = Database.open(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        with db.uow() as uow:
            stored = uow.schemes.ensure(scheme)
            assert stored.id is not None
            family = uow.families.add("F-BENCH")
            coder = uow.coders.get_or_create("Bench coach")
            for i in range(200):
                visit = uow.visits.add(
                    family.id, i + 1, date=dt.date(2024, 1, 1) + dt.timedelta(days=7 * i)
                )
                facts = MediaFacts(uuid.uuid4().hex, fmap.duration_ms, float(FPS), fmap.frame_count,
                                   160, 120, 0, False, fmap.to_bytes())  # fmt: skip
                rec = uow.recordings.add(visit.id, f"/bench/{i}.mp4", facts, stored.id)
                p = uow.passes.get_or_create(rec.id, coder.id, stored.id)
                uow.annotations.apply(
                    AnnotationChange(added=tuple(events(scheme, fmap, 400, i, p.id)))
                )
            uow.commit()

        def uncached() -> object:
            with db.engine.begin() as connection:  # as if every pass had just changed
                connection.execute(delete(PassTallyRow))
            return TrendOperation(db, family_code="F-BENCH").run()

        med, worst = timed(uncached, 3)
        report("  TrendOperation, 200 visits, nothing stored (SQLite)", med, worst, 1000)
        TrendOperation(db, family_code="F-BENCH").run()  # stores the 200 tallies
        med, worst = timed(lambda: TrendOperation(db, family_code="F-BENCH").run(), 5)
        report("  TrendOperation, 200 visits, stored tallies (SQLite)", med, worst, 1000)

        def load_only() -> object:
            with db.uow() as uow:
                return [
                    uow.annotations.for_pass(p.id)
                    for r in uow.recordings.list()
                    for p in uow.passes.for_recording(r.id)
                ]

        med, worst = timed(load_only, 3)
        report("    loading the 200 passes alone (storage)", med, worst, 1000)
        db.dispose()


def main() -> None:
    scheme = builtin_scheme("abc-style")
    bench_one(scheme)
    bench_trends_pure(scheme)
    bench_trends_db(scheme)


if __name__ == "__main__":
    main()
