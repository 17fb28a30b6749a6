"""Feeding the register of files written for a family from the one output writer.

An operation that writes a family's file wraps the write in `registered_writes(db, ids,
kind)`; the writer announces the target before writing (`output/register.py`) and this
records it, committed at once, so an erase can delete it (inside vfcoach's data folder) or
name it for the coach to delete by hand (anywhere else).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from vfcoach.coding.ids import FamilyId, RecordingId
from vfcoach.output.register import writing_for
from vfcoach.storage.database import Database


@contextlib.contextmanager
def registered_writes(db: Database, family_ids: Iterable[FamilyId], kind: str) -> Iterator[None]:
    families = tuple(dict.fromkeys(family_ids))

    def note(path: Path) -> None:
        with db.uow() as uow:
            for family_id in families:
                uow.retention.note_written(family_id, path, kind)
            uow.commit()

    with writing_for(note):
        yield


@contextlib.contextmanager
def registered_for_recordings(
    db: Database, recording_ids: Iterable[RecordingId], kind: str
) -> Iterator[None]:
    """`registered_writes` for every family whose recording a file shows (a reliability
    report names several families' recordings: each family's erase must find it)."""
    wanted = set(recording_ids)
    with db.uow() as uow:
        visits = {r.visit_id for r in uow.recordings.list() if r.id in wanted}
        families = [uow.visits.get(v).family_id for v in sorted(visits)]
    with registered_writes(db, families, kind):
        yield
