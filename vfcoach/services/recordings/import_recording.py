"""Import one video file as a recording of a family's visit.

Probing and fingerprinting read the whole file and can take a while, so they happen first
and outside any transaction; a broken file raises its `MediaError` (naming the file) before
anything is written. Family, visit, scheme and recording are then written in ONE unit of
work, so a failure half-way never leaves a family without its visit or a visit without the
recording the coach meant to add.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId
from vfcoach.coding.project import MediaFacts, Recording, Visit
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.probe import probe

log = logging.getLogger(__name__)

DEFAULT_SCHEME = "abc-style"
PROGRAMME_OF_SCHEME = {"abc-style": "ABC", "abc-toddler-style": "ABC", "vipp-sd-style": "VIPP-SD"}


class InvalidImport(VfcoachError):
    """Import arguments a person typed wrong (empty family code, visit number below 1)."""


def _checked_inputs(family_code: str, visit_number: int | None) -> str:
    code = family_code.strip()
    if not code:
        raise InvalidImport("the family code is empty")
    if visit_number is not None and visit_number < 1:
        raise InvalidImport(f"visit number {visit_number} must be 1 or more")
    return code


def read_media_facts(
    path: Path, progress: Progress = no_progress, token: CancelToken | None = None
) -> MediaFacts:
    """Probe and fingerprint a file: everything storage keeps about it, or a `MediaError`."""
    progress(0.0, f"Reading {path.name}")
    info = probe(path)
    if token is not None:
        token.check()
    progress(0.6, f"Fingerprinting {path.name}")
    facts = info.media_facts(fingerprint(path))
    if token is not None:
        token.check()
    return facts


def visit_for(
    uow: UnitOfWork,
    family_id: FamilyId,
    number: int | None,
    date: dt.date | None,
    programme: str,
) -> Visit:
    """The visit with `number` if it exists, else a new one (the next number if none given)."""
    if number is not None:
        existing = uow.visits.by_number(family_id, number)
        if existing is not None:
            return existing
    chosen = number if number is not None else uow.visits.next_number(family_id)
    return uow.visits.add(family_id, chosen, date=date, programme=programme)


class ImportRecordingOperation:
    """Add a video to a family's visit, creating the family and the visit when they are new."""

    def __init__(
        self,
        db: Database,
        video_path: str | Path,
        family_code: str,
        visit_number: int | None = None,
        visit_date: dt.date | None = None,
        scheme_name: str = DEFAULT_SCHEME,
        label: str = "",
    ) -> None:
        self.db = db
        self.video_path = Path(video_path)
        self.family_code = family_code
        self.visit_number = visit_number
        self.visit_date = visit_date
        self.scheme_name = scheme_name
        self.label = label

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> Recording:
        code = _checked_inputs(self.family_code, self.visit_number)
        scheme = builtin_scheme(self.scheme_name)  # a bad name fails before the slow part
        path = self.video_path.expanduser().absolute()
        facts = read_media_facts(path, lambda done, msg: progress(0.9 * done, msg), token)
        programme = PROGRAMME_OF_SCHEME.get(self.scheme_name, "ABC")
        progress(0.9, "Saving the recording")
        with self.db.uow() as uow:
            family = uow.families.by_code(code) or uow.families.add(code, programme=programme)
            visit = visit_for(uow, family.id, self.visit_number, self.visit_date, programme)
            stored_scheme = uow.schemes.ensure(scheme)
            recording = uow.recordings.add(
                visit.id, str(path), facts, scheme_id=stored_scheme.id, label=self.label
            )
            uow.commit()
        log.info("imported recording %s into visit %s", recording.id, visit.id)
        progress(1.0, "Imported")
        return recording
