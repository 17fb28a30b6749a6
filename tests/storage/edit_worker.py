"""One person's edit in a process of its own, for the lost-update tests (issue 13 §3).

    python -m tests.storage.edit_worker DBURL pass|reel|scheme ID WHO

Reads the thing (the first event of pass ID, reel ID, or scheme ID) as a window would show
it, prints "ready", waits for one line on stdin (the test releases both people together,
after both have read), then saves WHO's edit made against what it read. Prints "saved", or
"refused MESSAGE" for an `EditConflict`; anything else escapes as a crash (exit 1).
"""

from __future__ import annotations

import dataclasses
import sys

from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.ids import PassId, SchemeId
from vfcoach.coding.reels import ReelId
from vfcoach.services.reels.clip_edits import EditClipTextOperation
from vfcoach.services.schemes import save_edited_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.errors import EditConflict


def main(url: str, kind: str, ident: int, who: str) -> None:
    db = Database.open(url)
    with db.uow() as uow:  # what the person sees, read in a transaction that then ends
        if kind == "pass":
            seen = uow.annotations.for_pass(PassId(ident))[0]
        elif kind == "reel":
            reel = uow.reels.get(ReelId(ident))
        else:
            scheme = uow.schemes.get(SchemeId(ident))
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        if kind == "pass":
            change = AnnotationChange(updated=((seen, dataclasses.replace(seen, note=who)),))
            with db.uow() as uow:
                uow.annotations.apply(change)
                uow.commit()
        elif kind == "reel":
            clip = reel.clips[0].id
            EditClipTextOperation(
                db, ReelId(ident), clip, caption=who, seen_revision=reel.revision
            ).run()
        else:
            save_edited_scheme(db, dataclasses.replace(scheme, description=who))
    except EditConflict as refused:
        print(f"refused {refused}", flush=True)
    else:
        print("saved", flush=True)
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
