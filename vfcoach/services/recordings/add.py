"""Adding several videos at once: look at each file first, then write the ones the coach keeps.

Two steps, because the first is slow and the second must be quick and all-or-nothing:
- `check_files` (a read: the runner's parallel lane) probes, fingerprints and decodes each
  file. It never raises for a bad file: a broken one comes back `refused` with the very
  message `vfcoach session add` prints, a copy of a video already stored names where it is
  ("F-0001, visit 2"), and a damaged one says which frames cannot be shown. Nothing is written.
- `AddRecordingsOperation` (a write: the serial lane) stores the placed files in ONE unit of
  work through `store_recording`, the same code `session add` runs, so the family, visit and
  recording rows and their audit entries are made the same way from the CLI and the window;
  a refused file or a wrong family code stops the whole batch before anything is written.
  Files not kept in place are first copied, encrypted, into the media store (`store.py`);
  a cancel or failure at any point deletes the copies made, so nothing is half added.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.project import MediaFacts, Recording
from vfcoach.services.access import Actor
from vfcoach.services.recordings.import_recording import (
    InvalidImport,
    checked_family_code,
    store_recording,
)
from vfcoach.services.recordings.store import kept_only_if_committed, media_key, seal_into_store
from vfcoach.storage.database import Database
from vfcoach.video.damage import describe, stretches, undecodable_frames
from vfcoach.video.errors import MediaError
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.probe import probe
from vfcoach.video.sealed import SealedFile


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What looking at one file found; `facts` is None exactly when it is `refused`."""

    path: Path
    facts: MediaFacts | None
    refused: str = ""  # one line, as the CLI prints it; nothing is made for this file
    duplicate_of: str = ""  # "F-0001, visit 2" (or "another file in this list")
    damage: str = ""  # "frames 42 and 44 cannot be shown"
    file_date: dt.date | None = None  # the file's modification date: the suggested visit date

    @property
    def usable(self) -> bool:
        return self.facts is not None


def _file_date(path: Path) -> dt.date | None:
    try:
        return dt.date.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return None


def check_file(
    db: Database,
    path: str | Path,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
    *,
    look_for_damage: bool = True,
) -> FileCheck:
    """Probe, fingerprint and (by default) decode `path`; see the module docstring."""
    p = Path(path).expanduser().absolute()
    progress(0.0, f"Reading {p.name}")
    try:
        info = probe(p)
        if token is not None:
            token.check()
        progress(0.3, f"Fingerprinting {p.name}")
        facts = info.media_facts(fingerprint(p))
    except MediaError as exc:
        return FileCheck(p, None, refused=str(exc), file_date=_file_date(p))
    damage = ""
    if look_for_damage:
        lost = undecodable_frames(info, lambda d, m: progress(0.4 + 0.6 * d, m), token)
        damage = describe(stretches(lost))
    return FileCheck(p, facts, duplicate_of=_stored_copy(db, facts), damage=damage,
                     file_date=_file_date(p))  # fmt: skip


def _stored_copy(db: Database, facts: MediaFacts) -> str:
    """Where the same video (same fingerprint) is already stored, in words, or ""."""
    with db.uow() as uow:
        found = uow.recordings.by_fingerprint(facts.fingerprint)
        places = []
        for rec in found[:3]:
            visit = uow.visits.get(rec.visit_id)
            family = uow.families.get(visit.family_id)
            places.append(f"{family.code}, visit {visit.number}")
    return " and ".join(places)


def check_files(
    db: Database,
    paths: Sequence[str | Path],
    progress: Progress = no_progress,
    token: CancelToken | None = None,
) -> list[FileCheck]:
    """`check_file` for each path in turn; the same video twice in the list is named too."""
    out: list[FileCheck] = []
    n = max(1, len(paths))
    for i, path in enumerate(paths):
        found = check_file(db, path, lambda d, m, i=i: progress((i + d) / n, m), token)
        if found.facts is not None and not found.duplicate_of:
            twin = next(
                (c for c in out if c.facts and c.facts.fingerprint == found.facts.fingerprint),
                None,
            )
            if twin is not None:
                found = FileCheck(found.path, found.facts, duplicate_of=twin.path.name,
                                  damage=found.damage, file_date=found.file_date)  # fmt: skip
        out.append(found)
    progress(1.0, "Done")
    return out


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the coach put one checked file: family code, visit number and date, child."""

    check: FileCheck
    family_code: str
    visit_number: int
    visit_date: dt.date | None
    child: str = ""
    keep_in_place: bool = False  # True: the video stays where it is, not encrypted by vfcoach


def next_visit_numbers(db: Database) -> dict[str, int]:
    """Each stored family code with the number its next visit would get."""
    with db.uow() as uow:
        return {f.code: uow.visits.next_number(f.id) for f in uow.families.list()}


class AddRecordingsOperation:
    """Store placed files, all or none, audit-logged under `actor`."""

    def __init__(self, db: Database, placements: Sequence[Placement], actor: Actor) -> None:
        self.db = db
        self.placements = tuple(placements)
        self.actor = actor

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> list[Recording]:
        for p in self.placements:  # every mistake is found before the first write
            if p.check.facts is None:
                raise InvalidImport(p.check.refused or f"{p.check.path.name} cannot be added")
            checked_family_code(p.family_code)
            if p.visit_number < 1:
                raise InvalidImport(f"visit number {p.visit_number} must be 1 or more")
        added: list[Recording] = []
        made: list[SealedFile] = []
        copies: dict[int, SealedFile] = {}
        n = max(1, len(self.placements))
        with kept_only_if_committed(made):
            for i, p in enumerate(self.placements):
                if p.keep_in_place:
                    continue
                assert p.check.facts is not None
                copies[i] = seal_into_store(
                    p.check.path,
                    p.check.facts.fingerprint,
                    _step(progress, i, n, f"Encrypting {p.check.path.name}"),
                    token,
                )
                made.append(copies[i])
        with kept_only_if_committed(made), self.db.uow() as uow:
            for i, p in enumerate(self.placements):
                progress(0.9 + 0.1 * i / n, f"Saving {p.check.path.name}")
                if token is not None:
                    token.check()  # cancelled: the unit of work rolls back, nothing is kept
                assert p.check.facts is not None
                copy = copies.get(i)
                added.append(
                    store_recording(
                        uow,
                        p.check.path,
                        p.check.facts,
                        checked_family_code(p.family_code),
                        p.visit_number,
                        p.visit_date,
                        actor=self.actor.name,
                        child=p.child,
                        sealed=None if copy is None else (copy.path, media_key(copy)),
                    )
                )
            uow.commit()
        progress(1.0, "Added")
        return added


def _step(progress: Progress, i: int, n: int, message: str) -> Progress:
    """Progress of sealing file `i` of `n`, in the first 90 % of the whole add."""
    return lambda done, _msg: progress(0.9 * (i + done) / n, message)


def suggest_visits(
    next_numbers: Mapping[str, int], rows: Sequence[tuple[str, dt.date | None]]
) -> list[int]:
    """The visit number to suggest for each (family code, file date) row.

    Files of one family from one day are one visit; each further day gets the next number
    after the family's last stored visit, earliest day first (undated files last).
    """
    numbers: dict[tuple[str, dt.date | None], int] = {}
    for family in dict.fromkeys(f for f, _ in rows):
        days = {d for f, d in rows if f == family}
        ordered = sorted(days, key=lambda d: (d is None, d or dt.date.min))
        first = next_numbers.get(family.strip(), 1)
        numbers.update({(family, d): first + i for i, d in enumerate(ordered)})
    return [numbers[row] for row in rows]
