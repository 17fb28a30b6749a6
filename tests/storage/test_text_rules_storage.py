"""The text rules hold in storage, the same on SQLite and PostgreSQL.

PostgreSQL refuses a NUL in text and SQLite stores it; vfcoach decides once: refused on
both, with a message that says so, before anything is written. New family codes and coder
names are one printable line; a stored hostile value cannot come in through any door.
"""

from __future__ import annotations

import pytest

from tests.storage.conftest import World, annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.text_rules import InvalidText
from vfcoach.storage.database import Database


def test_a_nul_in_a_note_is_refused_on_both_backends(db: Database, world: World) -> None:
    bad = annotation(world.cpass.id, 10, note="said\x00nothing")
    with db.uow() as uow, pytest.raises(InvalidText, match="NUL"):
        uow.annotations.apply(AnnotationChange(added=(bad,)))
    with db.uow() as uow:
        assert uow.annotations.for_pass(world.cpass.id) == []
        good = annotation(world.cpass.id, 10, note="said «nothing» — عربي, 日本語\ttab")
        uow.annotations.apply(AnnotationChange(added=(good,)))
        uow.commit()
    with db.uow() as uow:
        assert [a.note for a in uow.annotations.for_pass(world.cpass.id)] == [good.note]


@pytest.mark.parametrize("code", ["F-1\nF-2", "F\u202e21", "F" * 65, "F\x00"])
def test_hostile_family_codes_are_refused(db: Database, code: str) -> None:
    with db.uow() as uow, pytest.raises(InvalidText):
        uow.families.add(code)
    with db.uow() as uow:
        assert uow.families.list() == []


def test_hostile_new_coder_names_are_refused(db: Database, world: World) -> None:
    with db.uow() as uow, pytest.raises(InvalidText, match="U\\+2066"):
        uow.coders.get_or_create("\u2066Ana")
    with db.uow() as uow:
        assert [c.name for c in uow.coders.list()] == [world.coder.name]
