"""Long jobs run off the UI thread; results, errors and cancel come back on the UI thread."""

from __future__ import annotations

import threading
import time

from vfcoach.coding.cancel import CancelToken
from vfcoach.coding.errors import VfcoachError
from vfcoach.ui.runner import Lane, TaskRunner


def test_job_runs_on_a_worker_and_reports_back(qtbot):
    runner = TaskRunner()
    ui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def job(progress, token):
        seen["thread"] = threading.get_ident()
        for i in range(5):
            progress(i / 5, f"step {i}")
        return 42

    runner.start(
        job,
        title="Working",
        on_done=lambda r: seen.update(result=r),
        on_error=lambda m: seen.update(error=m),
    )
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == 42 and seen["thread"] != ui_thread
    assert not runner.busy
    runner.shutdown()


def test_errors_come_back_as_messages(qtbot):
    runner = TaskRunner()
    errors: list[str] = []

    def job(progress, token):
        raise VfcoachError("visit2.mp4: the file is incomplete")

    runner.start(job, title="Working", on_done=lambda r: None, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors == ["visit2.mp4: the file is incomplete"]
    runner.shutdown()


def test_cancel_stops_the_job_at_its_next_progress_report(qtbot):
    runner = TaskRunner()
    outcome: list[str] = []
    steps: list[int] = []

    def job(progress, token: CancelToken):
        for i in range(1000):
            steps.append(i)
            progress(i / 1000, "")
            time.sleep(0.005)
        return "finished"

    token = runner.start(job, title="Working", on_done=outcome.append, on_error=outcome.append)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    token.cancel()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert outcome == ["Cancelled."] and len(steps) < 1000
    runner.shutdown()


def test_the_serial_lane_runs_one_job_at_a_time_in_order(qtbot):
    runner = TaskRunner()
    running, most, order = [0], [0], []
    lock = threading.Lock()

    def job(n):
        def run(progress, token):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            time.sleep(0.05)
            with lock:
                running[0] -= 1
                order.append(n)
            return n

        return run

    done: list[int] = []
    for n in range(4):
        runner.start_quiet(job(n), done.append, done.append, lane=Lane.SERIAL)
    qtbot.waitUntil(lambda: len(done) == 4, timeout=5000)
    assert order == [0, 1, 2, 3] and most[0] == 1
    runner.shutdown()


def test_the_parallel_lane_runs_reads_beside_a_long_write(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    outcome: list[str] = []
    runner.start_quiet(
        lambda p, t: release.wait(5) and "write", outcome.append, outcome.append, lane=Lane.SERIAL
    )
    runner.start_quiet(lambda p, t: "read", outcome.append, outcome.append)  # parallel
    qtbot.waitUntil(lambda: outcome == ["read"], timeout=5000)  # not stuck behind the write
    release.set()
    qtbot.waitUntil(lambda: outcome == ["read", "write"], timeout=5000)
    runner.shutdown()


def test_inline_lanes_run_the_job_at_once_and_deliver_on_drain(qtbot, inline_runner):
    ui_thread = threading.get_ident()
    seen: list[object] = []
    task = inline_runner.start_quiet(
        lambda p, t: threading.get_ident(), seen.append, seen.append, lane=Lane.SERIAL
    )
    assert seen == [] and not task.finished  # outcomes only ever arrive through the UI queue
    inline_runner.drain()
    assert seen == [ui_thread] and task.finished and not inline_runner.busy


def test_discard_stops_an_owners_jobs_and_never_calls_it_back(qtbot):
    runner = TaskRunner()
    owner, other = object(), object()
    started = threading.Event()
    calls: list[object] = []

    def long(progress, token: CancelToken):
        started.set()
        for _ in range(1000):
            progress(0, "")
            time.sleep(0.005)
        return "finished"

    runner.start_quiet(long, calls.append, calls.append, owner=owner)
    runner.start_quiet(lambda p, t: "other", calls.append, calls.append, owner=other)
    assert started.wait(5)
    runner.discard(owner)  # returns once the job stopped at its next progress report
    assert not runner.busy_for(owner)
    qtbot.waitUntil(lambda: calls == ["other"], timeout=5000)
    qtbot.wait(200)
    assert calls == ["other"]
    runner.shutdown()
