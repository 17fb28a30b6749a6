"""Runs real `vfcoach` commands side by side, released together, for the race tests.

    python -m tests.storage.race_worker DBURL     # then one JSON round per stdin line

Each stdin line is a round: {"round": N, "jobs": [{"argv": [...], "delay": s, "out": path,
"err": path}, ...]}; a job with "code": PASS_ID instead of "argv" is a coder at the window
(`code_until_refused`). The server forks one child per job; every child blocks on one shared
pipe until all are forked, then sleeps its `delay` and runs `vfcoach.cli.main(argv)` exactly
as `python -m vfcoach` would, with stdout and stderr going to its two files. The server
answers "done N RC1 RC2 ..." once every child has exited.

Why a forking server: importing SQLAlchemy, Alembic and NumPy costs most of a second, which
dozens of fresh interpreters would pay again each time and, worse, at different speeds, so
the commands would hardly overlap. Forked children share nothing but the imported code: no
connection exists before the fork (the engine made here is disposed unused), and each child
opens its own database the way the command does. A child that escapes `main` with an
exception prints the traceback to its stderr file and exits 99, which the tests treat as a
bug: a person must only ever see one line.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback

import vfcoach.services.annotations.io
import vfcoach.services.annotations.submit  # noqa: F401  (import once, before forking)
from vfcoach.cli import main as vfcoach_main
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.errors import PassLocked

CRASHED = 99
KEYPRESS_GAP_S = 0.01  # a hundred keys a second: far faster than any coder, never a tight loop


def code_until_refused(url: str, pass_id: PassId) -> int:
    """Code one keypress per transaction, as `AnnotationStore.apply` does, until refused.

    Prints each id after its commit returned (what the window would show as saved), then
    the refusal's message once the pass stops being a draft. Any other error escapes.
    """
    db = Database.open(url)
    frame = 0
    while True:
        frame += 1
        moment = FrameTime(frame, frame * 40)
        placed = Annotation(new_annotation_id(), pass_id, "NUR", moment, note="keypress")
        try:
            with db.uow() as uow:
                uow.annotations.apply(AnnotationChange(added=(placed,)))
                uow.commit()
        except PassLocked as refused:
            print(f"refused {refused}", flush=True)
            return 0
        print(f"saved {placed.id.hex}", flush=True)
        time.sleep(KEYPRESS_GAP_S)


def _child(job: dict[str, object], gate: int) -> None:
    """Wait at the gate, then run one command; never returns."""
    code = CRASHED
    try:
        out = os.open(str(job["out"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        err = os.open(str(job["err"]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.read(gate, 1)  # the barrier: one byte per child, written once all exist
        delay = job.get("delay", 0.0)
        assert isinstance(delay, int | float)
        time.sleep(float(delay))
        if "code" in job:
            code = code_until_refused(str(job["url"]), PassId(int(str(job["code"]))))
        else:
            argv = job["argv"]
            assert isinstance(argv, list)
            code = vfcoach_main([str(a) for a in argv])
    except BaseException:
        traceback.print_exc()
        code = CRASHED
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_round(jobs: list[dict[str, object]]) -> list[int]:
    read_end, write_end = os.pipe()
    pids = []
    for job in jobs:
        pid = os.fork()
        if pid == 0:
            os.close(write_end)
            _child(job, read_end)
        pids.append(pid)
    os.close(read_end)
    os.write(write_end, b"x" * len(jobs))  # release them all at once
    os.close(write_end)
    codes = []
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        codes.append(os.waitstatus_to_exitcode(status))
    return codes


def serve(url: str) -> None:
    make_engine(url).dispose()  # imports the driver once; connects nowhere before a fork
    print("ready", flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        codes = run_round(request["jobs"])
        print("done", request["round"], *codes, flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
