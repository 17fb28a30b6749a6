"""Flag and unflag bystander spans (domain.md §7.4): the use cases the window and CLI share.

A span is given in milliseconds (the window's in/out marks, the CLI's times) and snapped to
the frames shown then, so it covers exactly what the coach saw. Flagging and unflagging are
audited (§7 rule 9): an unflag lets a span back into reels, so who did it and when is kept.
Nothing here checks reels: the reel rule reads the flags again at every add, trim and
export, so a span flagged after a clip was made keeps that clip out of the next export.
"""

from __future__ import annotations

from vfcoach.coding.bystanders import BystanderSpan
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.ids import RecordingId
from vfcoach.services.access import Actor, audit_name
from vfcoach.storage.database import Database

FLAGGED = "bystander.flagged"
UNFLAGGED = "bystander.unflagged"


def _detail(span: BystanderSpan) -> dict[str, object]:
    # times only: a note may describe the person, and the audit log is read by admins
    return {"start_ms": span.start.pts_ms, "end_ms": span.end.pts_ms, "noted": bool(span.note)}


class FlagBystanderOperation:
    """Flag [start_ms, end_ms] of a recording as showing someone who has not consented."""

    def __init__(
        self,
        db: Database,
        recording_id: RecordingId,
        start_ms: int,
        end_ms: int,
        note: str = "",
        actor: Actor | None = None,
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.start_ms, self.end_ms = start_ms, end_ms
        self.note = note.strip()
        self.actor = actor

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> BystanderSpan:
        if self.end_ms < self.start_ms:
            self.start_ms, self.end_ms = self.end_ms, self.start_ms  # marks set either way
        with self.db.uow() as uow:
            fmap = uow.recordings.frame_map(self.recording_id)  # NotFound for a wrong id
            if self.start_ms < 0 or self.start_ms > fmap.duration_ms:
                raise InvalidTime(
                    f"the span starts outside the recording (0 to {fmap.duration_ms} ms)"
                )
            end_ms = min(self.end_ms, fmap.duration_ms)  # to the end: clamped, not refused
            span = BystanderSpan(
                self.recording_id,
                fmap.moment_at_ms(self.start_ms),
                fmap.moment_at_ms(end_ms),
                self.note,
                audit_name(self.actor),
            )
            stored = uow.bystanders.add(span)
            uow.audit.record(
                audit_name(self.actor), FLAGGED, f"recording:{self.recording_id}", _detail(stored)
            )
            uow.commit()
        return stored


class UnflagBystanderOperation:
    """Remove a flag: the span may appear in reels again. Audited."""

    def __init__(self, db: Database, span_id: int, actor: Actor | None = None) -> None:
        self.db = db
        self.span_id = span_id
        self.actor = actor

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> BystanderSpan:
        with self.db.uow() as uow:
            span = uow.bystanders.remove(self.span_id)
            uow.audit.record(
                audit_name(self.actor),
                UNFLAGGED,
                f"recording:{span.recording_id}",
                _detail(span),
            )
            uow.commit()
        return span


def bystander_spans(db: Database, recording_id: RecordingId) -> list[BystanderSpan]:
    """The recording's flagged spans in time order (the timeline draws them)."""
    with db.uow() as uow:
        return uow.bystanders.for_recording(recording_id)
