"""Saving a scheme edit that changes a code's kind needs a supervisor, on both backends.

The scheme editor and `vfcoach scheme import` share the rule (`check_kind_changes`): a
version (new or edited in place) that makes a concern code caregiver-visible, changes a
polarity or turns a point into a state is refused unless a supervisor confirms it with a
reason, and the confirmation is audit-logged with every change it covers.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.actors import who
from tests.storage.conftest import World
from vfcoach.coding.audit import SCHEME_KIND_CHANGED
from vfcoach.coding.project import CoderRole
from vfcoach.coding.scheme import CodeKind, Polarity, Scheme
from vfcoach.coding.scheme_guard import KindChangeConfirmation, KindChangeRefused
from vfcoach.services.schemes import save_edited_scheme
from vfcoach.storage.database import Database

REASON = "the licence holder redefined this code"


def fr_as_strength(scheme: Scheme) -> Scheme:
    codes = tuple(
        replace(c, caregiver_visible=True, polarity=Polarity.STRENGTH) if c.key == "FR" else c
        for c in scheme.codes
    )
    return replace(scheme, codes=codes)


def make_supervisor(db: Database, name: str) -> None:
    with db.uow() as uow:
        coder = uow.coders.get_or_create(name)
        uow.coders.set_role(coder.id, CoderRole.SUPERVISOR)
        uow.commit()


def test_an_edit_turning_fr_into_a_strength_needs_a_supervisor(db: Database, world: World):
    edited = fr_as_strength(world.scheme)
    with pytest.raises(KindChangeRefused, match="FR: polarity concern -> strength"):
        save_edited_scheme(db, edited, actor=who(db, "ana"))
    with pytest.raises(KindChangeRefused, match="'ana' is not a supervisor"):
        save_edited_scheme(db, edited, who(db, "ana"), KindChangeConfirmation(REASON, "ana"))
    with db.uow() as uow:
        assert [s.version for s in uow.schemes.list()] == [world.scheme.version]
        assert uow.audit.list() == []
    make_supervisor(db, "Sue")
    saved = save_edited_scheme(db, edited, who(db, "ana"), KindChangeConfirmation(REASON, "Sue"))
    assert saved.version == world.scheme.version + 1
    with db.uow() as uow:
        (event,) = uow.audit.list(action=SCHEME_KIND_CHANGED)
        old = uow.schemes.get(world.scheme.id)  # type: ignore[arg-type]
    assert event.actor == "Sue" and event.detail["saved_by"] == "ana"
    assert event.detail["changes"] == ["FR: polarity concern -> strength, made caregiver-visible"]
    assert not old.code("FR").caregiver_visible  # the coded version keeps its meaning


def test_an_in_place_edit_changing_a_kind_is_refused_too(db: Database, world: World):
    with db.uow() as uow:  # a version no pass uses yet is edited in place
        unused = uow.schemes.add(replace(world.scheme, version=9, locked=False))
        uow.commit()
    codes = tuple(replace(c, kind=CodeKind.STATE) if c.key == "DEL" else c for c in unused.codes)
    with pytest.raises(KindChangeRefused, match="DEL: kind point -> state"):
        save_edited_scheme(db, replace(unused, codes=codes), who(db, "ana"))
    relabelled = tuple(replace(c, label="Joy") if c.key == "DEL" else c for c in unused.codes)
    assert save_edited_scheme(db, replace(unused, codes=relabelled), who(db, "ana")).version == 9
