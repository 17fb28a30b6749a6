"""Long jobs run off the UI thread; results, errors and cancel come back on the UI thread."""

from __future__ import annotations

import threading
import time

from vfcoach.coding.cancel import CancelToken
from vfcoach.coding.errors import VfcoachError
from vfcoach.ui.runner import TaskRunner


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
