"""Import one video file as a recording of a family's visit.

Probing and fingerprinting read the whole file and can take a while, so they happen first
and outside any transaction; a broken file raises its `MediaError` (naming the file) before
anything is written. Family, visit, scheme and recording are then written in ONE unit of
work, so a failure half-way never leaves a family without its visit or a visit without the
recording the coach meant to add. The family, visit and recording it creates are written
to the audit log by id in that same unit of work (`store_recording`, shared with the
add-videos dialog through `add.py`), and a new recording is labelled with its file name.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from vfcoach.coding.audit import CHILD_ADDED, FAMILY_ADDED, RECORDING_ADDED, VISIT_ADDED
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId
from vfcoach.coding.project import MediaFacts, Recording, Visit
from vfcoach.coding.pseudonym import neutral_label
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.text_rules import InvalidText, check_name
from vfcoach.services.access import Actor
from vfcoach.services.schemes import default_actor
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.probe import probe

log = logging.getLogger(__name__)

DEFAULT_SCHEME = "abc-style"
PROGRAMME_OF_SCHEME = {"abc-style": "ABC", "abc-toddler-style": "ABC", "vipp-sd-style": "VIPP-SD"}


class InvalidImport(VfcoachError):
    """Import arguments a person typed wrong (empty family code, visit number below 1)."""


def checked_family_code(family_code: str) -> str:
    """The code stripped, or `InvalidImport` in the words `session add --family` uses."""
    code = family_code.strip()
    if not code:
        raise InvalidImport("the family code is empty")
    try:
        return check_name(code, "a family code")
    except InvalidText as exc:
        raise InvalidImport(str(exc)) from None


def _checked_inputs(family_code: str, visit_number: int | None) -> str:
    code = checked_family_code(family_code)
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
    actor: str | None = None,
) -> Visit:
    """The visit with `number` if it exists, else a new one (the next number if none given);
    with an `actor`, a new visit is written to the audit log under that name."""
    if number is not None:
        existing = uow.visits.by_number(family_id, number)
        if existing is not None:
            return existing
    chosen = number if number is not None else uow.visits.next_number(family_id)
    visit = uow.visits.add(family_id, chosen, date=date, programme=programme)
    if actor is not None:
        detail = {
            "family": family_id,
            "number": chosen,
            "date": None if date is None else date.isoformat(),
        }
        uow.audit.record(actor, VISIT_ADDED, f"visit:{visit.id}", detail)
    return visit


def store_recording(
    uow: UnitOfWork,
    path: Path,
    facts: MediaFacts,
    family_code: str,
    visit_number: int | None,
    visit_date: dt.date | None,
    *,
    actor: str,
    scheme_name: str = DEFAULT_SCHEME,
    label: str = "",
    child: str = "",
) -> Recording:
    """Write one probed file into the caller's unit of work (which commits): its family and
    visit made when new, the child added to the family when named and new, each audit-logged
    by id. Labels default to a neutral "recording N" (its place in the visit), never the file's
    name, which often holds a family's real name (issue 14 §6; `coding/pseudonym.py`)."""
    programme = PROGRAMME_OF_SCHEME.get(scheme_name, "ABC")
    family = uow.families.by_code(family_code)
    if family is None:
        family = uow.families.add(family_code, programme=programme)
        uow.audit.record(actor, FAMILY_ADDED, f"family:{family.id}", {"programme": programme})
    child_id = None  # the audit log names the child by id, never by pseudonym (issue 14 §4)
    if child.strip():
        name = check_name(child, "a child's pseudonym")
        kid = next((c for c in uow.children.for_family(family.id) if c.pseudonym == name), None)
        if kid is None:
            kid = uow.children.add(family.id, name)
            uow.audit.record(actor, CHILD_ADDED, f"child:{kid.id}", {"family": family.id})
        child_id = kid.id
    visit = visit_for(uow, family.id, visit_number, visit_date, programme, actor)
    stored_scheme = uow.schemes.ensure(builtin_scheme(scheme_name))
    earlier = [r.id for r in uow.recordings.by_fingerprint(facts.fingerprint)]
    label = label or neutral_label(len(uow.recordings.for_visit(visit.id)) + 1)
    recording = uow.recordings.add(
        visit.id, str(path), facts, scheme_id=stored_scheme.id, label=label
    )
    detail = {"visit": visit.id, "copy_of": earlier, "child": child_id}
    uow.audit.record(actor, RECORDING_ADDED, f"recording:{recording.id}", detail)
    return recording


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
        actor: Actor | None = None,
    ) -> None:
        self.db = db
        self.video_path = Path(video_path)
        self.family_code = family_code
        self.visit_number = visit_number
        self.visit_date = visit_date
        self.scheme_name = scheme_name
        self.label = label
        self.actor = actor.name if actor is not None else default_actor()  # the audit name

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> Recording:
        code = _checked_inputs(self.family_code, self.visit_number)
        builtin_scheme(self.scheme_name)  # a bad name fails before the slow part
        path = self.video_path.expanduser().absolute()
        facts = read_media_facts(path, lambda done, msg: progress(0.9 * done, msg), token)
        progress(0.9, "Saving the recording")
        with self.db.uow() as uow:
            recording = store_recording(
                uow,
                path,
                facts,
                code,
                self.visit_number,
                self.visit_date,
                actor=self.actor,
                scheme_name=self.scheme_name,
                label=self.label,
            )
            uow.commit()
        log.info("imported recording %s into visit %s", recording.id, recording.visit_id)
        progress(1.0, "Imported")
        return recording
