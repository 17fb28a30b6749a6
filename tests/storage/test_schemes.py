"""Scheme versions round-trip exactly, refuse duplicates and load built-ins idempotently."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.storage.conftest import World
from vfcoach.coding.ids import SchemeId
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Polarity, Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound, SchemeLocked


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


def detailed_scheme(version: int = 1) -> Scheme:
    return Scheme(
        "detailed",
        version,
        (
            Code("CUE", "Cue", CodeKind.POINT, "c", polarity=Polarity.NEUTRAL),
            Code(
                "RESP",
                "Response",
                CodeKind.POINT,
                "r",
                includes="picking up; soothing",
                excludes="late comfort",
                link_to=("CUE",),
                polarity=Polarity.STRENGTH,
                modifiers=(
                    ModifierDef("parts", ModifierKind.SET, ("a", "b", "c"), "Parts"),
                    ModifierDef("fit", ModifierKind.CHOICE, ("good", "poor")),
                ),
            ),
            Code("BAD", "Concern", CodeKind.POINT, "x", polarity=Polarity.CONCERN),
            Code("REV", "Review", CodeKind.STATE, "v", segment="REVIEW"),
        ),
    )


def test_new_code_fields_round_trip(db: Database):
    with db.uow() as uow:
        added = uow.schemes.add(detailed_scheme())
        uow.commit()
    with db.uow() as uow:
        stored = uow.schemes.get(added.id)
    assert stored == added
    resp = stored.code("RESP")
    assert resp.link_to == ("CUE",) and resp.polarity is Polarity.STRENGTH
    assert resp.includes == "picking up; soothing" and resp.excludes == "late comfort"
    assert resp.modifier("parts") == ModifierDef(
        "parts", ModifierKind.SET, ("a", "b", "c"), "Parts"
    )
    assert stored.code("REV").segment == "REVIEW"
    assert stored.segment_code("REVIEW") == stored.code("REV")


@pytest.mark.parametrize("name", ["abc-style", "abc-toddler-style", "vipp-sd-style"])
def test_every_builtin_round_trips(db: Database, name: str):
    builtin = builtin_scheme(name)
    with db.uow() as uow:
        added = uow.schemes.add(builtin)
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.get(added.id) == replace(builtin, id=added.id)


def test_update_rewrites_an_unlocked_version_in_place(db: Database):
    with db.uow() as uow:
        added = uow.schemes.add(detailed_scheme())
        uow.commit()
    first, *rest = added.codes
    edited = replace(
        added,
        codes=(*rest, replace(first, label="Child cue", colour="#00aa00")),
        description="edited",
    )
    with db.uow() as uow:
        assert uow.schemes.update(edited) == edited
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.get(added.id) == edited
        assert len(uow.schemes.list()) == 1


def test_update_refuses_a_locked_version(db: Database):
    with db.uow() as uow:
        added = uow.schemes.add(detailed_scheme())
        uow.schemes.lock(added.id)
        uow.commit()
    with db.uow() as uow, pytest.raises(SchemeLocked, match="new version"):
        uow.schemes.update(replace(added, description="changed"))
    with db.uow() as uow:
        assert uow.schemes.get(added.id).description == ""


def test_update_cannot_rename_or_renumber(db: Database):
    with db.uow() as uow:
        added = uow.schemes.add(detailed_scheme())
        uow.commit()
    with db.uow() as uow, pytest.raises(Conflict, match="cannot rename"):
        uow.schemes.update(replace(added, version=2))
    with db.uow() as uow, pytest.raises(NotFound):
        uow.schemes.update(detailed_scheme())


def test_find_and_usage(db: Database, world: World):
    with db.uow() as uow:
        found = uow.schemes.find("abc-style", world.scheme.version)
        assert found == replace(world.scheme, locked=True)  # the world's pass locked it
        assert uow.schemes.find("abc-style", 99) is None
        assert uow.schemes.usage(world.scheme.id) == 1
        other = uow.schemes.add(detailed_scheme())
        assert uow.schemes.usage(other.id) == 0
        with pytest.raises(NotFound):
            uow.schemes.usage(SchemeId(4242))


def test_ensure_gives_a_stored_builtin_the_plain_labels_it_lacked(db: Database):
    shipped = builtin_scheme("abc-style")
    bare = replace(
        shipped,
        codes=tuple(
            replace(c, modifiers=tuple(replace(m, label="", value_labels=()) for m in c.modifiers))
            for c in shipped.codes
        ),
    )
    with db.uow() as uow:
        uow.schemes.add(bare)  # as stored before modifiers had labels
        uow.commit()
    with db.uow() as uow:
        filled = uow.schemes.ensure(shipped)
        uow.commit()
    target = filled.code("ITM").modifier("target")
    assert target is not None and target.title == "Target"
    assert target.value_label("FTL") == "following the lead"
    with db.uow() as uow:
        assert uow.schemes.ensure(shipped).codes == shipped.codes


def test_modifier_value_labels_round_trip(db: Database):
    scheme = replace(
        small_scheme(),
        codes=(
            Code(
                "A",
                "Alpha",
                CodeKind.POINT,
                "a",
                modifiers=(
                    ModifierDef("who", ModifierKind.CHOICE, ("P1", "P2"), "Addressed to",
                                (("P1", "first caregiver"), ("P2", "second caregiver"))),
                ),
            ),
        ),
    )  # fmt: skip
    with db.uow() as uow:
        stored = uow.schemes.add(scheme)
        uow.commit()
    with db.uow() as uow:
        assert uow.schemes.get(stored.id).codes == scheme.codes
