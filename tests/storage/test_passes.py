"""Coders and coding passes: one pass per (recording, coder, scheme), and a used scheme locks."""

from __future__ import annotations

import pytest

from tests.storage.conftest import World, media_facts
from vfcoach.coding.annotation import CodingPass, PassStatus
from vfcoach.coding.ids import CoderId, PassId, RecordingId, SchemeId
from vfcoach.coding.project import Coder
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound, StorageError


def test_coders_are_created_once_by_name(db: Database):
    with db.uow() as uow:
        master = uow.coders.get_or_create("Mara", is_master=True)
        ben = uow.coders.get_or_create("Ben")
        uow.commit()
    assert master == Coder(master.id, "Mara", True)
    with db.uow() as uow:
        assert uow.coders.get_or_create("Mara") == master  # is_master kept as stored
        assert uow.coders.by_name("Ben") == ben
        assert uow.coders.by_name("Nobody") is None
        assert uow.coders.list() == [ben, master]


def test_coder_needs_a_name(db: Database):
    with db.uow() as uow, pytest.raises(StorageError):
        uow.coders.get_or_create(" ")


def test_pass_is_created_once_and_locks_its_scheme(db: Database):
    with db.uow() as uow:
        family = uow.families.add("F-0001")
        visit = uow.visits.add(family.id, 1)
        recording = uow.recordings.add(visit.id, "/v.mp4", media_facts())
        scheme = uow.schemes.add(builtin_scheme("abc-style"))
        coder = uow.coders.get_or_create("Ben")
        assert not scheme.locked
        cpass = uow.passes.get_or_create(recording.id, coder.id, scheme.id)
        uow.commit()
    assert cpass == CodingPass(cpass.id, recording.id, coder.id, scheme.id, PassStatus.DRAFT)
    assert cpass.editable
    with db.uow() as uow:
        assert uow.schemes.get(scheme.id).locked
        assert uow.passes.get_or_create(recording.id, coder.id, scheme.id) == cpass
        assert uow.passes.get(cpass.id) == cpass


def test_passes_per_recording(db: Database, world: World):
    with db.uow() as uow:
        second_coder = uow.coders.get_or_create("coder-b")
        second = uow.passes.get_or_create(world.recording.id, second_coder.id, world.scheme.id)
        uow.commit()
    with db.uow() as uow:
        assert uow.passes.for_recording(world.recording.id) == [world.cpass, second]
        assert uow.passes.for_recording(RecordingId(4242)) == []


@pytest.mark.parametrize("status", [PassStatus.SUBMITTED, PassStatus.LOCKED, PassStatus.DRAFT])
def test_set_status(db: Database, world: World, status: PassStatus):
    with db.uow() as uow:
        uow.passes.set_status(world.cpass.id, status)
        uow.commit()
    with db.uow() as uow:
        stored = uow.passes.get(world.cpass.id)
    assert stored.status is status
    assert stored.editable is (status is PassStatus.DRAFT)


def test_missing_parts_of_a_pass_are_not_found(db: Database, world: World):
    w = world
    with db.uow() as uow:
        with pytest.raises(NotFound, match="recording"):
            uow.passes.get_or_create(RecordingId(4242), w.coder.id, w.scheme.id)
        with pytest.raises(NotFound, match="coder"):
            uow.passes.get_or_create(w.recording.id, CoderId(4242), w.scheme.id)
        with pytest.raises(NotFound, match="scheme"):
            uow.passes.get_or_create(w.recording.id, w.coder.id, SchemeId(4242))
        with pytest.raises(NotFound):
            uow.passes.get(PassId(4242))
        with pytest.raises(NotFound):
            uow.passes.set_status(PassId(4242), PassStatus.SUBMITTED)
