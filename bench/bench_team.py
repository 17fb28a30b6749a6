"""Twenty coaches coding at once on one team database, and a supervisor's live view (issue 13).

A real PostgreSQL server (the suite's own starter, `tests/fixtures_db.PgServer`) gets
`team init`, one supervisor and 20 coaches, each with a family on their caseload and a
recording. Then 20 processes, one per coach, each connected as that coach's own login
(row-level security in force), place 500 codes one by one through the same write the coding
window makes (`uow.annotations.apply` + commit, one transaction per key press). Meanwhile the
supervisor's `ChangeFeed` (what an open window listens to) hears each change, and the
supervisor reads the new code back through their own connection, as the event list does.

Printed: codes per second over all coaches, each commit's latency (median, p99, worst), the
delay from a coach's commit to the supervisor holding that code (median, p99, worst), and the
rows counted at the end (lost or duplicated must be zero). Targets from the issue: p99 commit
< 50 ms, live view < 1 s. Nothing is asserted (architecture.md §4).
Run: .venv/bin/python bench/bench_team.py [coaches] [codes]
"""

from __future__ import annotations

import json
import multiprocessing as mp
import queue
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
) -> None:
    """One coach's key presses: each code its own transaction, as in the window."""
    db = Database.open(url)
    with db.uow() as uow:  # connected and warm before the clock starts
        uow.annotations.for_pass(PassId(pass_id))
    ready.put(pass_id)
    go.wait()
    latencies: list[float] = []
    committed: dict[str, float] = {}
    try:
        for i in range(codes):
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


def code_all(
    who: list[tuple[str, int]], codes: int
) -> tuple[float, list[tuple[list[float], dict[str, float], float]]]:
    """Every coach at once, one process each; the clock starts when all are connected."""
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    ready: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    go = ctx.Event()
    workers = [ctx.Process(target=coach, args=(url, p, codes, ready, go, out)) for url, p in who]
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

    elapsed, results = code_all(
        [(login_url(server, name, login), p) for login, p in passes.items()], codes
    )
    deadline = time.time() + 10
    total = coaches * codes
    while len(seen) < total and time.time() < deadline:
        time.sleep(0.1)
    stop.set()
    follower.join()
    feed.stop()

    latencies = [x for lat, _c, _t in results for x in lat]
    committed = {k: v for _l, c, _t in results for k, v in c.items()}
    delays = [seen[k] - t for k, t in committed.items() if k in seen]
    with create_engine(server.url(name), poolclass=NullPool).connect() as conn:
        stored, distinct = conn.execute(
            text("SELECT count(*), count(DISTINCT id) FROM annotation")
        ).one()
    ms = 1000.0
    print(f"{coaches} coaches x {codes} codes, each its own transaction, row-level security on")
    print(f"  codes per second, all coaches together: {total / elapsed:,.0f} ({elapsed:.1f} s)")
    print(
        f"  commit latency: median {statistics.median(latencies) * ms:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * ms:.1f} ms, worst {max(latencies) * ms:.1f} ms"
        "  (target p99 < 50 ms)"
    )
    if delays:
        print(
            f"  supervisor's live view holds the code after: median "
            f"{statistics.median(delays) * ms:.0f} ms, p99 {percentile(delays, 0.99) * ms:.0f} ms,"
            f" worst {max(delays) * ms:.0f} ms  (target < 1 s)"
        )
    print(
        f"  rows: {total} placed, {stored} stored, {distinct} distinct, "
        f"{total - stored} lost, {stored - distinct} duplicated; "
        f"{len(seen)} seen by the supervisor"
    )
    # Reference, same run and server: the same writes by the database owner, whom
    # row-level security does not bind (a superuser), so the ratio is the rules' cost.
    owner = server.url(name)
    ref_elapsed, ref = code_all([(owner, p) for p in passes.values()], codes)
    ref_lat = [x for lat, _c, _t in ref for x in lat]
    print(
        f"  reference, same writes as the owner (no row-level security): "
        f"{total / ref_elapsed:,.0f} codes/s, commit median "
        f"{statistics.median(ref_lat) * ms:.1f} ms, p99 {percentile(ref_lat, 0.99) * ms:.1f} ms"
        f"  -> rules cost x{percentile(latencies, 0.99) / percentile(ref_lat, 0.99):.2f} at p99"
    )
    print(json.dumps({"codes_per_s": round(total / elapsed), "stored": stored}))
    supervisor.dispose()


if __name__ == "__main__":
    main()
