"""Scheme versions round-trip exactly, refuse duplicates and load built-ins idempotently."""

from __future__ import annotations

from dataclasses import replace

import pytest

from vfcoach.coding.ids import SchemeId
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound


def small_scheme(version: int = 1, name: str = "mini") -> Scheme:
    return Scheme(
        name,
        version,
        (
            Code("B", "Beta", CodeKind.STATE, "b", "#123456", "Caregiver", me_set="LEAD"),
            Code(
                "A",
                "Alpha",
                CodeKind.POINT,
                "a",
                category="Child",
                modifiers=(
                    ModifierDef("valence", ModifierKind.CHOICE, ("pos", "neg"), "Valence"),
                    ModifierDef("sure", ModifierKind.FLAG),
                    ModifierDef("why", ModifierKind.TEXT, label="Why"),
                ),
                caregiver_visible=True,
                definition="Ünïcode definition — with a dash.",
            ),
        ),
        description=f"version {version}",
    )


def test_add_returns_the_scheme_with_its_id_and_get_returns_it_exactly(db: Database):
    with db.uow() as uow:
        added = uow.schemes.add(small_scheme())
        uow.commit()
    assert added.id is not None
    assert added == replace(small_scheme(), id=added.id)
    with db.uow() as uow:
        stored = uow.schemes.get(added.id)
    assert stored == added
    assert [c.key for c in stored.codes] == ["B", "A"]  # the scheme's own order, not sorted
    assert stored.code("A").modifier("valence") == ModifierDef(
        "valence", ModifierKind.CHOICE, ("pos", "neg"), "Valence"
    )


def test_builtin_scheme_round_trips(db: Database):
    builtin = builtin_scheme("abc-style")
    with db.uow() as uow:
        added = uow.schemes.add(builtin)
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.get(added.id) == replace(builtin, id=added.id)


def test_same_name_and_version_is_a_conflict(db: Database):
    with db.uow() as uow:
        uow.schemes.add(small_scheme())
        uow.commit()
    with db.uow() as uow, pytest.raises(Conflict, match="'mini' v1"):
        uow.schemes.add(small_scheme())


def test_latest_and_list(db: Database):
    with db.uow() as uow:
        v2 = uow.schemes.add(small_scheme(2))
        v1 = uow.schemes.add(small_scheme(1))
        other = uow.schemes.add(small_scheme(1, name="aaa"))
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.latest("mini") == v2
        assert uow.schemes.latest("nothing") is None
        assert uow.schemes.list() == [other, v1, v2]


def test_lock_freezes_the_version(db: Database):
    with db.uow() as uow:
        added = uow.schemes.add(small_scheme())
        uow.schemes.lock(added.id)
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.get(added.id).locked


def test_ensure_is_idempotent(db: Database):
    builtin = builtin_scheme("abc-style")
    with db.uow() as uow:
        first = uow.schemes.ensure(builtin)
        uow.commit()
    with db.uow() as uow:
        again = uow.schemes.ensure(builtin)
        uow.commit()
    assert again == first
    with db.uow() as uow:
        assert len(uow.schemes.list()) == 1


def test_ensure_keeps_the_stored_version(db: Database):
    with db.uow() as uow:
        stored = uow.schemes.add(small_scheme())
        uow.commit()
    edited = replace(small_scheme(), codes=small_scheme().codes[:1])
    with db.uow() as uow:
        assert uow.schemes.ensure(edited) == stored


def test_missing_scheme_is_not_found(db: Database):
    with db.uow() as uow:
        with pytest.raises(NotFound):
            uow.schemes.get(SchemeId(4242))
        with pytest.raises(NotFound):
            uow.schemes.lock(SchemeId(4242))
