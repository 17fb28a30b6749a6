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

from vfcoach.coding.ids import FamilyId
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
