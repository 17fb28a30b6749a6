"""The coder that gets killed: codes annotations through the UI's own storage path, forever.

    python -m tests.storage.crash_worker DBURL LOGFILE PASS_ID           # code until killed
    python -m tests.storage.crash_worker DBURL LOGFILE PASS_ID --serve   # fork one per "go"

Each round opens `Database.open(url)`, then loops: one `AnnotationChange` (open a new FTL
state and close the previous one, as the ME&E rule does) applied in its own unit of work
and committed, exactly as `AnnotationStore.apply` does for a keypress. Only after
`commit()` has returned does it append the new id to LOGFILE and fsync it, so every id in
the log is an edit the UI would have reported as saved.

`--serve` exists for speed: importing SQLAlchemy, Alembic and NumPy costs most of a second,
which 20+ fresh interpreters would pay again each time. The server imports once and forks
a fresh child per round that opens its own database, so nothing is shared across a kill.
Protocol on stdout: "ready PID" once the child is coding, "exit PID STATUS" when it is gone.
"""

from __future__ import annotations

import os
import sys
import traceback
from dataclasses import replace

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine


def code_until_killed(url: str, log_path: str, pass_id: PassId) -> None:
    """Code until SIGKILL; return only if the parent process went away."""
    db = Database.open(url)
    with db.uow() as uow:
        frame = uow.annotations.count_for_pass(pass_id)
    log_fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    print(f"ready {os.getpid()}", flush=True)
    previous: Annotation | None = None
    parent = os.getppid()
    while os.getppid() == parent:  # an orphan (its test gone) stops instead of coding forever
        frame += 1
        now = FrameTime(frame, frame * 40)
        opened = Annotation(new_annotation_id(), pass_id, "FTL", now, note=f"round {frame}")
        updated = () if previous is None else ((previous, replace(previous, offset=now)),)
        with db.uow() as uow:
            uow.annotations.apply(AnnotationChange(added=(opened,), updated=updated))
            uow.commit()
        os.write(log_fd, f"{opened.id.hex}\n".encode())
        os.fsync(log_fd)
        previous = opened


def serve(url: str, log_path: str, pass_id: PassId) -> None:
    make_engine(url).dispose()  # imports the driver once; connects nowhere before the fork
    for line in sys.stdin:
        if line.strip() != "go":
            continue
        pid = os.fork()
        if pid == 0:
            try:
                code_until_killed(url, log_path, pass_id)
            except BaseException:
                traceback.print_exc()
            finally:
                sys.stderr.flush()
                os._exit(1)  # never fall back into the server loop
        _, status = os.waitpid(pid, 0)
        print(f"exit {pid} {status}", flush=True)


def main(argv: list[str]) -> None:
    url, log_path, pass_id = argv[0], argv[1], PassId(int(argv[2]))
    if "--serve" in argv[3:]:
        serve(url, log_path, pass_id)
    else:
        code_until_killed(url, log_path, pass_id)


if __name__ == "__main__":
    main(sys.argv[1:])
