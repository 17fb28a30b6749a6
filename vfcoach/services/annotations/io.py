"""Annotations in and out of a coding pass, as CSV (round-trips) or JSON (export only).

One file is one coder's pass: a recording coded by two coders for reliability must never
have both passes mixed into one file, so an export with several coders asks which one.
An import checks the whole file against the pass's scheme and the recording's frame map and
writes it in ONE transaction: a file with any problem imports nothing, and the coach gets
every problem by line number at once (`ImportRejected`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.annotation_csv import format_csv, parse_csv_into, to_json_records
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.errors import ImportRejected
from vfcoach.coding.ids import CoderId, PassId, RecordingId
from vfcoach.coding.project import Recording
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.output import CSV, JSON, write_text
from vfcoach.services.access import Actor, BlindGuard, PassNotChosen
from vfcoach.services.audit import log_export
from vfcoach.services.consent import require_for_recording
from vfcoach.services.consent_gates import require_export
from vfcoach.services.files import NotUtf8, read_text
from vfcoach.services.output_guard import check_output
from vfcoach.services.recordings.import_recording import DEFAULT_SCHEME
from vfcoach.services.retention.register import registered_writes
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

__all__ = ["ExportAnnotationsOperation", "ImportAnnotationsOperation", "PassNotChosen"]

log = logging.getLogger(__name__)

ExportFormat = Literal["csv", "json"]


@dataclass(frozen=True, slots=True)
class AnnotationExport:
    text: str
    count: int
    coder: str | None  # None when the recording has not been coded yet
    path: Path | None  # where it was written, if a path was given


@dataclass(frozen=True, slots=True)
class AnnotationImport:
    pass_id: PassId
    coder_id: CoderId
    count: int  # annotations added from the file
    replaced: int  # annotations removed first (only with replace=True)
    skipped: int = 0  # rows already in the pass, left out (only with skip_duplicates=True)


class ExportAnnotationsOperation:
    """One coder's annotations of a recording as text, written to `out` when given."""

    def __init__(
        self,
        db: Database,
        recording_id: RecordingId,
        fmt: ExportFormat = "csv",
        coder_name: str | None = None,
        out: str | Path | None = None,
        actor: Actor | None = None,
        replace: bool = False,
        purpose: str | None = None,
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.purpose = purpose  # "research": the family must have consented to research
        self.fmt = fmt
        self.replace = replace  # an existing file at `out` may go (--force)
        self.coder_name = coder_name
        self.out = None if out is None else Path(out)
        self.actor = actor  # who reads: blind double coding may hide other coders' passes

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> AnnotationExport:
        target = None
        if self.out is not None:  # judged first: a refused file costs no (audited) read
            target = check_output(self.db, self.out, CSV if self.fmt == "csv" else JSON,
                                  self.replace)  # fmt: skip
        with self.db.uow() as uow:
            recording = uow.recordings.get(self.recording_id)
            require_export(uow, recording.id, self.actor, self.purpose)  # consent
            family_id = uow.visits.get(recording.visit_id).family_id  # the register (issue 14)
            chosen = BlindGuard(uow, self.actor).choose(recording.id, self.coder_name)
            annotations: list[Annotation] = []
            if chosen is None:  # nothing coded yet: an empty file with the right header
                scheme = (
                    uow.schemes.get(recording.scheme_id)
                    if recording.scheme_id is not None
                    else builtin_scheme(DEFAULT_SCHEME)
                )
                coder = None
            else:
                coding_pass, coder = chosen
                scheme = uow.schemes.get(coding_pass.scheme_id)
                annotations = uow.annotations.for_pass(coding_pass.id)
            uow.commit()  # a supervisor's read under blind coding was audited
        if self.fmt == "csv":
            text = format_csv(annotations, scheme)
        else:
            document = {
                "recording_id": recording.id,
                "coder": coder,
                "scheme": {"name": scheme.name, "version": scheme.version},
                "annotations": to_json_records(annotations, scheme),
            }
            text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if target is not None:
            with registered_writes(self.db, [family_id], "annotations"):  # issue 14 §2
                write_text(target, text)
        detail = {
            "format": self.fmt,
            "annotations": len(annotations),
            "to_file": target is not None,
        }
        log_export(self.db, self.actor, "codes", f"recording:{recording.id}", detail)
        progress(1.0, f"Exported {len(annotations)} annotation(s)")
        return AnnotationExport(text, len(annotations), coder, self.out)


def _scheme_of(uow: UnitOfWork, recording: Recording) -> Scheme:
    """The recording's scheme; an old recording without one gets the built-in default."""
    if recording.scheme_id is not None:
        return uow.schemes.get(recording.scheme_id)
    scheme = uow.schemes.ensure(builtin_scheme(DEFAULT_SCHEME))
    assert scheme.id is not None
    uow.recordings.set_scheme(recording.id, scheme.id)
    return scheme


class ImportAnnotationsOperation:
    """Add the annotations of a CSV file to `coder_name`'s pass on a recording."""

    def __init__(
        self,
        db: Database,
        recording_id: RecordingId,
        csv_path: str | Path,
        coder_name: str,
        replace: bool = False,
        actor: Actor | None = None,
        skip_duplicates: bool = False,
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.csv_path = Path(csv_path)
        self.coder_name = coder_name.strip()
        self.replace = replace
        # Who imports: writing into a pass (and counting what --replace removes) is a read of
        # it, so under blind double coding only someone who may read that pass does it.
        self.actor = actor
        self.skip_duplicates = skip_duplicates

    def _read(self) -> str:
        try:
            return read_text(self.csv_path)  # OSError names the file; the CLI shows it
        except NotUtf8 as exc:
            problem = f"not UTF-8 text (byte {exc.offset}); save it as CSV UTF-8"
            raise ImportRejected(self.csv_path.name, [(1, problem)]) from None

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> AnnotationImport:
        if not self.coder_name:
            raise PassNotChosen("the coder name is empty")
        text = self._read()
        progress(0.1, f"Checking {self.csv_path.name}")
        with self.db.uow() as uow:
            recording = uow.recordings.get(self.recording_id)
            require_for_recording(uow, recording.id)  # consent: coding still in force
            scheme = _scheme_of(uow, recording)
            assert scheme.id is not None
            frame_map = uow.recordings.frame_map(recording.id)
            coder = uow.coders.get_or_create(self.coder_name)
            coding_pass = uow.passes.get_or_create(recording.id, coder.id, scheme.id)
            actor = None if self.actor is None else self.actor.became(coder)
            BlindGuard(uow, actor).check(coding_pass)
            pass_scheme = uow.schemes.get(coding_pass.scheme_id)
            # Lock before reading what "replace" removes and what duplicates are judged
            # against: a concurrent import or submission then either finished before this
            # point or waits until this one commits.
            uow.passes.lock(coding_pass.id)
            current = tuple(uow.annotations.for_pass(coding_pass.id))
            parsed = parse_csv_into(
                text,
                pass_scheme,
                frame_map,
                coding_pass.id,
                source=self.csv_path.name,
                existing=() if self.replace else current,
                skip_duplicates=self.skip_duplicates,
            )
            annotations = parsed.annotations
            if token is not None:
                token.check()
            old = current if self.replace else ()
            uow.annotations.apply(
                AnnotationChange(
                    added=tuple(annotations),
                    removed=old,
                    description=f"Import {self.csv_path.name}",
                )
            )
            uow.commit()
        log.info("imported %d annotation(s) into pass %s", len(annotations), coding_pass.id)
        progress(1.0, f"Imported {len(annotations)} annotation(s)")
        return AnnotationImport(
            coding_pass.id, coder.id, len(annotations), len(old), parsed.skipped
        )
