"""Import, export and saving edits: versioning, conflicts and the audit trail, on both backends."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.actors import who
from tests.storage.conftest import World
from vfcoach.coding.audit import SCHEME_EDITED, SCHEME_IMPORTED, SCHEME_VERSIONED
from vfcoach.coding.scheme import Code, CodeKind, Scheme
from vfcoach.coding.scheme_json import SchemeRejected, builtin_scheme, scheme_to_json
from vfcoach.services.schemes import (
    ensure_builtin_schemes,
    export_scheme,
    import_scheme,
    list_schemes,
    save_edited_scheme,
    save_message,
    scheme_usage,
)
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound

ORG = Scheme(
    "org-list",
    1,
    (
        Code("A", "Alpha", CodeKind.POINT, "a"),
        Code("B", "Beta", CodeKind.STATE, "b", link_to=("A",)),
    ),
    description="licensed",
)


def write(tmp_path: Path, scheme: Scheme, name: str = "org.json") -> Path:
    path = tmp_path / name
    path.write_text(scheme_to_json(scheme), encoding="utf-8")
    return path


def relabel(scheme: Scheme, key: str, label: str) -> Scheme:
    return replace(
        scheme, codes=tuple(replace(c, label=label) if c.key == key else c for c in scheme.codes)
    )


def test_import_stores_and_audits(db: Database, tmp_path: Path):
    stored = import_scheme(db, write(tmp_path, ORG), actor=who(db, "admin"))
    assert stored == replace(ORG, id=stored.id)
    with db.uow() as uow:
        assert uow.schemes.get(stored.id) == stored
        (event,) = uow.audit.list(action=SCHEME_IMPORTED)
    assert (event.actor, event.subject) == ("admin", "scheme:org-list v1")
    assert event.detail == {"file": "org.json", "codes": 2}


def test_importing_the_same_file_twice_is_a_no_op(db: Database, tmp_path: Path):
    first = import_scheme(db, write(tmp_path, ORG))
    assert import_scheme(db, write(tmp_path, ORG)) == first
    with db.uow() as uow:
        assert len(uow.audit.list()) == 1


def test_same_version_with_other_content_asks_for_a_version_bump(db: Database, tmp_path: Path):
    import_scheme(db, write(tmp_path, ORG))
    changed = relabel(ORG, "A", "Changed")
    with pytest.raises(
        Conflict, match=r"already exists with different codes; set \"version\" to 2"
    ):
        import_scheme(db, write(tmp_path, changed))
    bumped = import_scheme(db, write(tmp_path, replace(changed, version=2)))
    assert bumped.version == 2


def test_a_malformed_file_is_refused_whole(db: Database, tmp_path: Path):
    doc = json.loads(scheme_to_json(ORG))
    doc["codes"][0]["shortcut"] = "b"
    doc["codes"][1]["link_to"] = ["Z"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SchemeRejected, match=r"^bad.json: 2 problem\(s\)") as info:
        import_scheme(db, path)
    assert len(info.value.problems) == 2
    with db.uow() as uow:
        assert uow.schemes.list() == [] and uow.audit.list() == []


def test_export_round_trips_and_defaults_to_the_newest(db: Database, tmp_path: Path):
    import_scheme(db, write(tmp_path, ORG))
    import_scheme(db, write(tmp_path, replace(ORG, version=2, description="two")))
    assert json.loads(export_scheme(db, "org-list"))["version"] == 2
    assert export_scheme(db, "org-list", 1) == scheme_to_json(ORG)
    with pytest.raises(NotFound, match=r"has no version 5 \(there is v1, v2\)"):
        export_scheme(db, "org-list", 5)
    with pytest.raises(NotFound, match="no scheme 'nope'"):
        export_scheme(db, "nope")


def test_builtins_are_stored_on_demand(db: Database):
    assert json.loads(export_scheme(db, "vipp-sd-style"))["name"] == "vipp-sd-style"
    names = [(r.name, r.version) for r in list_schemes(db)]
    assert names == [("abc-style", 2), ("abc-toddler-style", 1), ("vipp-sd-style", 1)]
    assert len(ensure_builtin_schemes(db)) == 3  # idempotent
    assert len(list_schemes(db)) == 3


def test_editing_an_unused_version_changes_it_in_place(db: Database, tmp_path: Path):
    stored = import_scheme(db, write(tmp_path, ORG))
    saved = save_edited_scheme(db, relabel(stored, "A", "Alpha, renamed"), actor=who(db, "ana"))
    assert (saved.id, saved.version) == (stored.id, 1)
    with db.uow() as uow:
        assert uow.schemes.get(stored.id).code("A").label == "Alpha, renamed"
        (event,) = uow.audit.list(action=SCHEME_EDITED)
    assert event.detail["changed"] == ["A"] and event.actor == "ana"
    assert save_message(stored, saved, 0) == "Saved org-list v1."


def test_editing_a_used_version_makes_the_next_one(db: Database, world: World):
    used = world.scheme
    assert used.id is not None
    edited = relabel(used, "FTL", "Following along")
    saved = save_edited_scheme(db, edited, actor=who(db, "ana"))
    assert saved.version == used.version + 1 and saved.id != used.id and not saved.locked
    with db.uow() as uow:
        old = uow.schemes.get(used.id)
        assert old.code("FTL").label == "Following the lead" and old.locked
        assert uow.schemes.get(saved.id).code("FTL").label == "Following along"
        assert uow.passes.get(world.cpass.id).scheme_id == used.id  # the pass keeps its version
        (event,) = uow.audit.list(action=SCHEME_VERSIONED)
    assert event.subject == f"scheme:abc-style v{saved.version}"
    assert event.detail["from_version"] == used.version and event.detail["recordings"] == 1
    usage = scheme_usage(db, used.id)
    assert save_message(used, saved, usage) == (
        f"v{used.version} is in use by 1 recording, so your changes are saved as "
        f"v{saved.version}. Recordings coded with v{used.version} keep it."
    )


def test_editing_an_old_version_goes_past_the_newest(db: Database, world: World):
    used = world.scheme
    second = save_edited_scheme(db, relabel(used, "FTL", "Two"))
    with db.uow() as uow:
        uow.schemes.lock(second.id)
        uow.commit()
    third = save_edited_scheme(db, relabel(used, "DEL", "Three"))
    assert third.version == second.version + 1


def test_saving_nothing_changed_writes_nothing(db: Database, world: World):
    assert save_edited_scheme(db, world.scheme).id == world.scheme.id
    with db.uow() as uow:
        assert uow.audit.list() == []
        assert len(uow.schemes.list()) == 1


def test_saving_a_scheme_never_stored_is_refused(db: Database):
    with pytest.raises(NotFound, match="import it"):
        save_edited_scheme(db, ORG)


def test_the_builtin_default_still_loads_after_an_edit(db: Database, world: World):
    save_edited_scheme(db, relabel(world.scheme, "FTL", "x"))
    with db.uow() as uow:
        assert uow.schemes.ensure(builtin_scheme("abc-style")).id == world.scheme.id
