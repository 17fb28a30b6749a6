"""Keeping recordings in order from the browser: rename, edit a visit, move, archive, remove.

Each use case is one short transaction that writes its change and an audit row together
(domain.md §7 rule 9), so the log never says something happened that did not, or misses
something that did. Each returns what the change replaced, which is all the window's undo
needs: undoing a rename is renaming back, through the same checks.

Rules a coach would expect:
- a family code stays unique and is checked as the CLI checks one; the audit row names the
  family by id only, because a code typed by mistake (a real name) must not be kept forever
  in an append-only log;
- a visit number is unique within its family; its date is not in the future; its programme
  is one of `visit_rules.PROGRAMMES`;
- moving a recording keeps its passes and codes (they hang on the recording, not the visit),
  but a recording already cut into a reel of its visit cannot leave that visit: the reel
  would then show another visit's (or family's) video;
- archiving hides a recording from the browser's default view and keeps everything;
- removing deletes the recording's passes, codes and reel clips, never the video file, and
  is refused while its blind double coding is under way, for everyone alike: the count of
  codes the confirmation must name would tell a coder what the other coder has done.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId, RecordingId, VisitId
from vfcoach.coding.visit_rules import check_visit
from vfcoach.services.access import Actor
from vfcoach.services.blind_view import BlindView
from vfcoach.services.recordings.store import media_store_folder
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound
from vfcoach.storage.uow import UnitOfWork
from vfcoach.video.sealed import SUFFIX

FAMILY_RENAMED = "family.renamed"
VISIT_EDITED = "visit.edited"
RECORDING_MOVED = "recording.moved"
RECORDING_ARCHIVED = "recording.archived"
RECORDING_UNARCHIVED = "recording.unarchived"
RECORDING_REMOVED = "recording.removed"


class OrganiseRefused(VfcoachError):
    """A browser change that would break something a coach relies on; nothing was changed."""


@dataclass(frozen=True, slots=True)
class VisitFields:
    number: int
    date: dt.date | None
    programme: str


@dataclass(frozen=True, slots=True)
class RemovalSummary:
    """What removing one recording deletes, said the way the confirmation says it."""

    recording_id: RecordingId
    coders: int  # coders with a pass on it
    events: int  # codes in all those passes
    reel_clips: int
    store_copy: bool = False  # its video is vfcoach's encrypted copy, deleted with it

    @property
    def message(self) -> str:
        parts: list[tuple[str, bool]] = []  # (words, plural)
        who = "1 coder's" if self.coders == 1 else f"{self.coders} coders'"
        if self.coders and self.events:
            ev = "1 event" if self.events == 1 else f"{self.events} events"
            parts.append((f"{who} codes ({ev})", True))
        elif self.coders:
            parts.append((f"{who} coding (no events yet)", False))
        if self.reel_clips:
            n = self.reel_clips
            parts.append((f"{n} reel clip{'s' if n != 1 else ''}", n != 1))
        tail = (
            "so is vfcoach's encrypted copy of its video (the file it was added from is not "
            "touched)."
            if self.store_copy
            else "the video file itself is not touched."
        )
        if not parts:
            return f"It has no codes and no reel clips; {tail}"
        plural = len(parts) > 1 or parts[0][1]
        what = " and ".join(words for words, _p in parts)
        return f"{what} {'are' if plural else 'is'} deleted with it; {tail}"


def rename_family(db: Database, family_id: FamilyId, code: str, actor: Actor) -> str:
    """Give the family a new pseudonymous code; returns the code it had."""
    with db.uow() as uow:
        old = uow.families.get(family_id).code
        new = uow.families.rename(family_id, code).code
        if new != old:
            uow.audit.record(actor.name, FAMILY_RENAMED, f"family:{family_id}", {})
        uow.commit()
    return old


def edit_visit(
    db: Database, visit_id: VisitId, fields: VisitFields, actor: Actor, today: dt.date | None = None
) -> VisitFields:
    """Change a visit's number, date and programme; returns what it had."""
    check_visit(fields.number, fields.date, fields.programme, today or dt.date.today())
    with db.uow() as uow:
        v = uow.visits.get(visit_id)
        old = VisitFields(v.number, v.date, v.programme)
        uow.visits.update(visit_id, fields.number, fields.date, fields.programme)
        if old != fields:
            detail = {
                "number": [old.number, fields.number],
                "date": [_iso(old.date), _iso(fields.date)],
                "programme": [old.programme, fields.programme],
            }
            uow.audit.record(actor.name, VISIT_EDITED, f"visit:{visit_id}", detail)
        uow.commit()
    return old


def move_recording(
    db: Database, recording_id: RecordingId, visit_id: VisitId, actor: Actor
) -> VisitId:
    """Put the recording under another visit, codes and all; returns the visit it was in."""
    with db.uow() as uow:
        rec = uow.recordings.get(recording_id)
        target = uow.visits.get(visit_id)
        if rec.visit_id == target.id:
            return rec.visit_id
        clips = uow.reels.clip_visits_of_recording(recording_id)
        if clips:
            n = len(clips)
            raise OrganiseRefused(
                f"this recording is used in {n} reel clip{'s' if n != 1 else ''} of its "
                "visit; remove it from those reels before moving it to another visit"
            )
        uow.recordings.set_visit(recording_id, visit_id)
        detail = {"from_visit": rec.visit_id, "to_visit": target.id}
        uow.audit.record(actor.name, RECORDING_MOVED, f"recording:{recording_id}", detail)
        uow.commit()
    return rec.visit_id


def set_archived(db: Database, recording_id: RecordingId, archived: bool, actor: Actor) -> bool:
    """Archive (or bring back) a recording; returns whether it was archived before."""
    with db.uow() as uow:
        before = uow.recordings.get(recording_id).archived
        if before != archived:
            uow.recordings.set_archived(recording_id, archived)
            action = RECORDING_ARCHIVED if archived else RECORDING_UNARCHIVED
            uow.audit.record(actor.name, action, f"recording:{recording_id}", {})
        uow.commit()
    return before


def _summary(uow: UnitOfWork, recording_id: RecordingId, actor: Actor) -> RemovalSummary:
    uow.recordings.get(recording_id)  # NotFound for a recording removed meanwhile
    view = BlindView(uow, actor)
    if view.held(recording_id):
        raise OrganiseRefused(
            "this recording is being double-coded blind; it can be removed once every coder "
            "of it has submitted (archive it to hide it meanwhile)"
        )
    passes = uow.passes.for_recording(recording_id)
    events = sum(uow.annotations.count_for_pass(p.id) for p in passes)
    coders = Counter(p.coder_id for p in passes)
    clips = len(uow.reels.clip_visits_of_recording(recording_id))
    copy = _store_copy(uow, recording_id) is not None
    return RemovalSummary(recording_id, len(coders), events, clips, copy)


def removal_summary(db: Database, recording_id: RecordingId, actor: Actor) -> RemovalSummary:
    """What `remove_recording` would delete, for the confirmation; refused while held."""
    with db.uow() as uow:
        return _summary(uow, recording_id, actor)


def remove_recording(db: Database, recording_id: RecordingId, actor: Actor) -> RemovalSummary:
    """Delete the recording with its passes, codes and reel clips. The coach's own video file
    stays on disk; vfcoach's encrypted copy in its media store goes once the delete is
    committed (its key went with the row: kept, it would be unreadable bytes on the disk)."""
    with db.uow() as uow:
        summary = _summary(uow, recording_id, actor)
        rec = uow.recordings.get(recording_id)
        copy = _store_copy(uow, recording_id)
        uow.recordings.delete(recording_id)
        detail = {
            "visit": rec.visit_id,
            "coders": summary.coders,
            "events": summary.events,
            "reel_clips": summary.reel_clips,
            "fingerprint": rec.facts.fingerprint,
        }
        uow.audit.record(actor.name, RECORDING_REMOVED, f"recording:{recording_id}", detail)
        uow.commit()
    if copy is not None:
        with contextlib.suppress(FileNotFoundError):
            copy.unlink()
    return summary


def _store_copy(uow: UnitOfWork, recording_id: RecordingId) -> Path | None:
    """The recording's sealed file in this computer's media store, if no other recording
    uses it; None for a video kept where the coach had it."""
    paths = dict(uow.recordings.media_paths())
    path = Path(paths[recording_id])
    if path.suffix != SUFFIX or path.parent.resolve() != media_store_folder().resolve():
        return None
    shared = any(p == paths[recording_id] for rid, p in paths.items() if rid != recording_id)
    return None if shared else path


def locate(db: Database, recording_id: RecordingId) -> tuple[str, int] | None:
    """The family code and visit number a recording is filed under now; None once removed."""
    with db.uow() as uow:
        try:
            visit = uow.visits.get(uow.recordings.get(recording_id).visit_id)
        except NotFound:
            return None
        return uow.families.get(visit.family_id).code, visit.number


def _iso(date: dt.date | None) -> str | None:
    return None if date is None else date.isoformat()
