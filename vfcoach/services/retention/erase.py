"""Erasing a family: its video and files inside vfcoach's data folder, and its identifying rows.

`plan_erase` says what would go (the dialog and the terminal show it before asking for the
typed family code). `EraseFamilyOperation.run` refuses a family on legal hold, then commits a
*pending* deletion record holding the plan, then runs steps that may each run again: delete
the files (a missing one is already gone), delete the rows (nothing when the family is gone),
scrub SQLite's free pages and log, and mark the record done with the counts. A crash anywhere
after the pending record leaves it pending; `resume_pending` (run at every start of the app
and of the CLI, before anything opens a family) finishes it.

Files are deleted only inside the data folder. A recording whose video is the coach's own file
elsewhere, and reels or exports vfcoach wrote elsewhere, are listed for the coach to delete.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.ids import FamilyId
from vfcoach.coding.retention import RetentionRefused, check_reason
from vfcoach.services.access import Actor, audit_name
from vfcoach.services.retention.rules import family_id_of
from vfcoach.storage.database import Database
from vfcoach.storage.engine import data_folder
from vfcoach.storage.erasure import Erasure, scrub
from vfcoach.storage.errors import AccessRefused

log = logging.getLogger(__name__)

FAMILY_ERASED = "family.erased"
#: What a file left outside the data folder is, in the coach's words (by register kind).
KIND_WORDS = {
    "video": "the family's video: your own file, not copied into vfcoach",
    "reel": "a reel exported by vfcoach",
    "annotations": "codes exported by vfcoach",
    "report": "a reliability report written by vfcoach",
}
#: Tests only: "STEP:FILE" makes the erase create FILE and wait when it reaches STEP
#: ("pending": the record committed; "rows": the rows deleted, not yet scrubbed), so a test
#: can kill the process at a known point.
PAUSE_ENV = "VFCOACH_TEST_ERASE_PAUSE"


@dataclass(frozen=True, slots=True)
class ErasePlan:
    family_code: str
    programme: str
    keep_codes: bool
    counts: dict[str, int]
    delete: tuple[str, ...]  # files inside the data folder
    outside: tuple[str, ...]  # files vfcoach wrote, or the coach's own videos, elsewhere
    hold_reason: str | None = None
    kinds: dict[str, str] = field(default_factory=dict)  # outside path -> what it is

    def summary(self) -> list[str]:
        """What goes, in plain words, for the dialog and the terminal."""
        c = self.counts
        codes = (
            "the codes are kept under a new random family code, with no notes or captions"
            if self.keep_codes
            else f"{_n(c.get('codes', 0), 'code')} placed on its videos"
        )
        return [
            f"{_n(len(self.delete), 'file')} vfcoach keeps for it (videos, reels, reports)",
            f"{_n(c.get('recordings', 0), 'recording')}, {_n(c.get('visits', 0), 'visit')} "
            f"and {_n(c.get('children', 0), 'child record')}",
            f"{_n(c.get('reels', 0), 'reel')} with their captions, and every note",
            codes,
        ]


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True, slots=True)
class EraseResult:
    family_code: str
    counts: dict[str, int]
    files_deleted: int
    outside: tuple[str, ...] = ()
    resumed: bool = False
    kinds: dict[str, str] = field(default_factory=dict)

    def outside_lines(self) -> list[str]:
        """Each file left outside the data folder, with what it is, for the coach to delete."""
        return [f"{p}  ({KIND_WORDS.get(self.kinds.get(p, ''), 'a file')})" for p in self.outside]


def _inside(path: Path, folder: Path) -> bool:
    try:
        return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
    except OSError:
        return False


def plan_erase(db: Database, code: str) -> ErasePlan:
    """What erasing `code` would delete; raises `RetentionRefused` for an unknown family."""
    folder = data_folder()
    with db.uow() as uow:
        family_id = family_id_of(uow, code)
        family = uow.families.get(family_id)
        rule = uow.retention.rule_for(family.programme)
        hold = uow.retention.hold(family_id)
        counts = uow.erasures.count_rows(family_id)
        own = uow.retention.family_media(family_id)
        paths = [(p, "video") for p in own]
        paths += [(w.path, w.kind) for w in uow.retention.written_files(family_id)]
        everyone = [Path(p) for _rid, p in uow.recordings.media_paths() if p]
    # A video another family's recording also uses stays: no video of theirs is ever lost.
    shared = {str(p) for p in set(everyone) if everyone.count(p) > own.count(p)}
    delete: list[str] = []
    outside: list[str] = []
    kinds: dict[str, str] = {}
    for path, kind in paths:
        if str(path) in shared:
            continue
        if _inside(path, folder):  # the real file: a link elsewhere is not the video
            delete.append(os.path.realpath(path))
        else:
            outside.append(str(path))
            kinds.setdefault(str(path), kind)
    return ErasePlan(
        family.code,
        family.programme,
        rule is not None and rule.keeps_codes,
        counts,
        tuple(dict.fromkeys(delete)),
        tuple(dict.fromkeys(outside)),
        None if hold is None else hold.reason,
        kinds,
    )


def _pause_for_tests(step: str) -> None:
    at, _, flag = os.environ.get(PAUSE_ENV, "").partition(":")
    if at == step and flag:
        Path(flag).write_text(f"{step}\n", "utf-8")
        while True:  # the test kills the process here
            time.sleep(0.05)


class EraseFamilyOperation:
    def __init__(self, db: Database, code: str, reason: str, actor: Actor | None) -> None:
        self.db = db
        self.code = code.strip()
        self.reason = reason
        self.actor = actor

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> EraseResult:
        reason = check_reason(self.reason, "erasing a family")
        plan = plan_erase(self.db, self.code)
        if plan.hold_reason is not None:
            raise RetentionRefused(
                f"family {plan.family_code} is on legal hold ({plan.hold_reason}); nothing was "
                "erased. A supervisor must release the hold first (vfcoach retention release)"
            )
        if token is not None:
            token.check()  # the last moment a cancel changes nothing
        family_id = self._dry_run(plan)
        with self.db.uow() as uow:
            erasure = uow.erasures.start(
                family_id, plan.family_code, reason, audit_name(self.actor), plan.keep_codes,
                {"delete": list(plan.delete), "outside": list(plan.outside), "kinds": plan.kinds,
                 "counts": plan.counts},
            )  # fmt: skip
            uow.commit()
        progress(0.1, "Erase recorded; deleting files")
        _pause_for_tests("pending")
        return _complete(self.db, erasure, progress)

    def _dry_run(self, plan: ErasePlan) -> FamilyId:
        """Delete the rows and roll back: a refusal of the server's rules comes now, before
        anything is deleted for good."""
        try:
            with self.db.uow() as uow:
                family_id = family_id_of(uow, plan.family_code)
                uow.erasures.erase_rows(family_id, plan.keep_codes, plan.family_code)
        except AccessRefused:
            keep = (
                f" (programme {plan.programme} keeps codes without the family: on a team "
                "database only an admin may do that)"
                if plan.keep_codes
                else ""
            )
            raise RetentionRefused(
                f"the database does not let you erase family {plan.family_code}{keep}; "
                "nothing was erased"
            ) from None
        return family_id


def _complete(
    db: Database, erasure: Erasure, progress: Progress, resumed: bool = False
) -> EraseResult:
    """The idempotent steps after the pending record: files, rows, scrub, record done."""
    deleted = 0
    for name in erasure.plan.get("delete", []):
        path = Path(name)
        try:
            path.unlink()
            deleted += 1
        except FileNotFoundError:
            pass  # already gone (a resumed erase)
    progress(0.4, "Deleting the family's records")
    if erasure.family_id is not None:
        with db.uow() as uow:
            uow.erasures.erase_rows(erasure.family_id, erasure.keep_codes, erasure.family_code)
            uow.commit()
    _pause_for_tests("rows")
    progress(0.6, "Clearing deleted data from the database file")
    scrub(db.engine)
    counts = dict(erasure.plan.get("counts", {}))
    counts["files_deleted"] = len(erasure.plan.get("delete", []))
    counts["files_outside"] = len(erasure.plan.get("outside", []))
    with db.uow() as uow:
        uow.erasures.finish(erasure.id, counts)
        detail = {
            "family": erasure.family_code,  # a pseudonymous code; names were never stored
            "family_id": erasure.family_id,
            "counts": counts,
            "codes_kept": erasure.keep_codes,
            "reason": erasure.reason,
        }
        uow.audit.record(erasure.actor, FAMILY_ERASED, f"erasure:{erasure.id}", detail)
        uow.commit()
    scrub(db.engine, vacuum=False)  # the plan's paths, overwritten by `finish`, leave the log
    progress(1.0, f"Family {erasure.family_code} erased")
    outside = tuple(erasure.plan.get("outside", []))
    log.info("erasure %s done (%d files)", erasure.id, deleted)
    kinds = dict(erasure.plan.get("kinds", {}))
    return EraseResult(erasure.family_code, counts, deleted, outside, resumed, kinds)


def resume_pending(db: Database) -> list[EraseResult]:
    """Finish every erase a crash left pending; run at start, before a family is opened."""
    with db.uow() as uow:
        pending = uow.erasures.pending()
    return [_complete(db, e, no_progress, resumed=True) for e in pending]
