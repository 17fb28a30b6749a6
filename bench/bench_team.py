"""Twenty coaches coding at once on one team database, and a supervisor's live view (issue 13).

A real PostgreSQL server (the suite's own starter, `tests/fixtures_db.PgServer`) gets
`team init`, one supervisor and 20 coaches, each with a family on their caseload and a
recording. Then 20 processes, one per coach, each connected as that coach's own login
(row-level security in force), place 500 codes one by one through the same write the coding
window makes (`uow.annotations.apply` + commit, one transaction per key press). Meanwhile the
supervisor's `ChangeFeed` (what an open window listens to) hears each change, and the
supervisor reads the new code back through their own connection, as the event list does.

Two runs, both printed:
- at coding pace: each coach presses a key after a random pause (exponential, mean
  `PACE_S`, i.e. four codes a second each; a coach coding a visit places one every few
  seconds at most, so this is a hard burst, not a typical minute). This is the run the
  issue's targets are judged on: p99 commit < 50 ms, live view < 1 s.
- flat out: every coach places the next code the moment the last one is committed. All 20
  client processes then share this machine's two cores with the server (on a team each
  coach's own computer does its client work), so commit latency there is mostly waiting
  for a core: it measures throughput, and the cost of the rules against the same writes
  made as the owner (no row-level security) in the same run.
Printed: codes per second over all coaches, each commit's latency (median, p99, worst), the
delay from a coach's commit to the supervisor holding that code (median, p99, worst), and the
rows counted at the end (lost or duplicated must be zero). Nothing is asserted
(architecture.md §4).
Run: .venv/bin/python bench/bench_team.py [coaches] [codes]
"""

from __future__ import annotations

import json
import multiprocessing as mp
import queue
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.fixtures_db import PG_USER, PgServer, find_pg_bindir, run_as_prefix
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId
from vfcoach.services.access import actor_named
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.team import admin
from vfcoach.storage.changes import Change, ChangeFeed
from vfcoach.storage.database import Database
from vfcoach.video.synth import make_counter_video

COACHES, CODES = 20, 500
PACE_S = 0.25  # mean pause between one coach's key presses in the paced run
SUPERVISOR = "bench_sup"


def login_url(server: PgServer, name: str, login: str) -> str:
    return f"postgresql+psycopg://{login}@127.0.0.1:{server.port}/{name}"


def coach(
    url: str,
    pass_id: int,
    codes: int,
    ready: mp.Queue,  # type: ignore[type-arg]
    go: Any,
    out: mp.Queue,  # type: ignore[type-arg]
    pace_s: float,
    first: int,
) -> None:
    """One coach's key presses: each code its own transaction, as in the window; after a
    random pause of mean `pace_s` each (none when 0)."""
    db = Database.open(url)
    with db.uow() as uow:  # connected and warm before the clock starts
        uow.annotations.for_pass(PassId(pass_id))
    ready.put(pass_id)
    go.wait()
    latencies: list[float] = []
    committed: dict[str, float] = {}
    pauses = random.Random(pass_id)
    try:
        for i in range(first, first + codes):
            if pace_s:
                time.sleep(pauses.expovariate(1 / pace_s))
            a = Annotation(
                id=AnnotationId(uuid.uuid4()),
                pass_id=PassId(pass_id),
                code_key="DEL",
                onset=FrameTime(i, i * 40),
            )
            start = time.perf_counter()
            with db.uow() as uow:
                uow.annotations.apply(AnnotationChange(added=(a,), description="bench"))
                uow.commit()
            done = time.perf_counter()
            latencies.append(done - start)
            committed[str(a.id)] = time.time()
    finally:
        db.dispose()
    out.put((latencies, committed, time.perf_counter()))


Results = list[tuple[list[float], dict[str, float], float]]


def code_all(
    who: list[tuple[str, int]], codes: int, pace_s: float, first: int
) -> tuple[float, Results]:
    """Every coach at once, one process each; the clock starts when all are connected."""
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    ready: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    go = ctx.Event()
    workers = [
        ctx.Process(target=coach, args=(url, p, codes, ready, go, out, pace_s, first))
        for url, p in who
    ]
    for w in workers:
        w.start()
    for _ in workers:
        ready.get()
    began = time.perf_counter()
    go.set()
    results = [out.get() for _ in workers]
    for w in workers:
        w.join()
    return max(r[2] for r in results) - began, results


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    coaches = int(sys.argv[1]) if len(sys.argv) > 1 else COACHES
    codes = int(sys.argv[2]) if len(sys.argv) > 2 else CODES
    bindir, prefix = find_pg_bindir(), run_as_prefix()
    if bindir is None or isinstance(prefix, str):
        print(f"no PostgreSQL server can run here: {prefix or 'binaries not found'}")
        return
    root = Path(tempfile.mkdtemp(prefix="vfcoach-bench-pg-"))
    if prefix:
        import os
        import pwd

        record = pwd.getpwnam(PG_USER)
        os.chown(root, record.pw_uid, record.pw_gid)
    server = PgServer(bindir, root, prefix)
    server.init()
    server.start()
    try:
        run(server, coaches, codes)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


def run(server: PgServer, coaches: int, codes: int) -> None:
    name = "vfcoach_bench"
    maintenance = create_engine(server.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with maintenance.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    maintenance.dispose()
    url = server.url(name)
    admin.init_team(url)
    admin.add_person(url, SUPERVISOR, "supervisor", None)
    video = make_counter_video(Path(tempfile.mkdtemp()) / "visit.mp4", frames=50)
    passes: dict[str, int] = {}
    for i in range(coaches):
        login = f"bench_coach{i:02d}"
        admin.add_person(url, login, "coach", None, supervisor=SUPERVISOR)
        admin.caseload_add(url, login, f"FAM-{i:02d}")
        db = Database.open(login_url(server, name, login))
        rec = ImportRecordingOperation(db, video, f"FAM-{i:02d}").run()
        actor = actor_named(db, None)
        assert actor is not None
        opened = start_coding(db, RecordingId(rec.id), actor)
        assert opened.coding_pass is not None
        passes[login] = int(opened.coding_pass.id)
        db.dispose()

    supervisor = Database.open(login_url(server, name, SUPERVISOR))
    heard: queue.SimpleQueue[tuple[Change, float]] = queue.SimpleQueue()
    feed = ChangeFeed(supervisor.engine, lambda c: heard.put((c, time.time())), lambda *_: None)
    feed.start()
    seen: dict[str, float] = {}
    stop = threading.Event()

    def follow() -> None:
        """The supervisor's window: like `ui/live_refresh.py`, take every notice waiting,
        then read the codes they name in one query."""
        while not stop.is_set() or not heard.empty():
            try:
                batch = [heard.get(timeout=0.2)]
            except queue.Empty:
                continue
            while True:
                try:
                    batch.append(heard.get_nowait())
                except queue.Empty:
                    break
            ids = [
                str(c.ids.get("id", ""))
                for c, _at in batch
                if c.table == "annotation" and str(c.ids.get("id", "")) not in seen
            ]
            if not ids:
                continue
            with supervisor.engine.connect() as conn:
                rows = conn.execute(
                    text("SELECT id FROM annotation WHERE id = ANY(CAST(:ids AS uuid[]))"),
                    {"ids": ids},
                ).fetchall()
            now = time.time()
            for (row_id,) in rows:
                seen.setdefault(str(row_id), now)

    follower = threading.Thread(target=follow, daemon=True)
    follower.start()
    time.sleep(1.0)  # the listener is connected before the first code

    who = [(login_url(server, name, login), p) for login, p in passes.items()]
    total = coaches * codes
    ms = 1000.0
    print(f"{coaches} coaches x {codes} codes, each its own transaction, row-level security on")
    runs: list[tuple[str, float, Results]] = []
    for label, pace_s, first in (
        (f"at coding pace (a key every {PACE_S * ms:.0f} ms on average per coach)", PACE_S, 0),
        ("flat out (the next key as soon as the last code is saved)", 0.0, codes),
    ):
        elapsed, results = code_all(who, codes, pace_s, first)
        runs.append((label, elapsed, results))
        committed = {k: v for _l, c, _t in results for k, v in c.items()}
        deadline = time.time() + 10
        while time.time() < deadline and any(k not in seen for k in committed):
            time.sleep(0.1)
        latencies = [x for lat, _c, _t in results for x in lat]
        delays = [seen[k] - t for k, t in committed.items() if k in seen]
        print(f"  {label}:")
        print(
            f"    codes per second, all coaches together: {total / elapsed:,.0f} ({elapsed:.1f} s)"
        )
        print(
            f"    commit latency: median {statistics.median(latencies) * ms:.1f} ms, "
            f"p99 {percentile(latencies, 0.99) * ms:.1f} ms, worst {max(latencies) * ms:.1f} ms"
            "  (target p99 < 50 ms)"
        )
        if delays:
            print(
                f"    supervisor's live view holds the code after: median "
                f"{statistics.median(delays) * ms:.0f} ms, p99 "
                f"{percentile(delays, 0.99) * ms:.0f} ms, worst {max(delays) * ms:.0f} ms"
                f"  (target < 1 s); {len(delays)} of {len(committed)} seen"
            )
    stop.set()
    follower.join()
    feed.stop()

    placed = sum(len(c) for _label, _e, results in runs for _l, c, _t in results)
    with create_engine(server.url(name), poolclass=NullPool).connect() as conn:
        stored, distinct = conn.execute(
            text("SELECT count(*), count(DISTINCT id) FROM annotation")
        ).one()
    print(
        f"  rows: {placed} placed, {stored} stored, {distinct} distinct, "
        f"{placed - stored} lost, {stored - distinct} duplicated"
    )
    # Reference, same run and server: the flat-out writes by the database owner, whom
    # row-level security does not bind (a superuser), so the ratio is the rules' cost.
    flat = [x for lat, _c, _t in runs[1][2] for x in lat]
    owner = server.url(name)
    ref_elapsed, ref = code_all([(owner, p) for p in passes.values()], codes, 0.0, 2 * codes)
    ref_lat = [x for lat, _c, _t in ref for x in lat]
    print(
        f"  reference, the flat-out writes as the owner (no row-level security): "
        f"{total / ref_elapsed:,.0f} codes/s, commit median "
        f"{statistics.median(ref_lat) * ms:.1f} ms, p99 {percentile(ref_lat, 0.99) * ms:.1f} ms"
        f"  -> rules cost x{percentile(flat, 0.99) / percentile(ref_lat, 0.99):.2f} at p99"
    )
    print(json.dumps({"codes_per_s_flat_out": round(total / runs[1][1]), "stored": stored}))
    supervisor.dispose()


if __name__ == "__main__":
    main()
