"""Annotations: exact round trips, one change per transaction, undo by inverse, locked passes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.storage.conftest import World, annotation, moment
from vfcoach.coding import changes
from vfcoach.coding.annotation import PassStatus
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.ids import PassId, new_annotation_id
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound, PassLocked


def stored(db: Database, world: World) -> list:
    with db.uow() as uow:
        return uow.annotations.for_pass(world.cpass.id)


def test_every_field_round_trips_exactly(db: Database, world: World):
    behaviour = annotation(world.cpass.id, 40, "FTL", offset=90)
    comment = annotation(
        world.cpass.id,
        41,
        "ITM",
        modifiers=(("valence", "positive"), ("target", "FTL"), ("on_target", "yes")),
        note="Lovely — «following» her lead 👍",
        trigger=behaviour.id,
    )
    with db.uow() as uow:
        uow.annotations.add(behaviour)
        uow.annotations.add(comment)
        uow.commit()
    with db.uow() as uow:
        assert uow.annotations.get(comment.id) == comment
        assert uow.annotations.get(behaviour.id) == behaviour
        # Modifier order is part of equality; it must survive JSON storage unchanged.
        assert uow.annotations.get(comment.id).modifiers[0] == ("valence", "positive")


def test_for_pass_is_in_onset_order_and_counted(db: Database, world: World):
    late, early, same_frame = (
        annotation(world.cpass.id, 200),
        annotation(world.cpass.id, 3, "DEL"),
        annotation(world.cpass.id, 3, "C_LEAD"),
    )
    with db.uow() as uow:
        for a in (late, early, same_frame):
            uow.annotations.add(a)
        uow.commit()
    assert stored(db, world) == [same_frame, early, late]
    with db.uow() as uow:
        assert uow.annotations.count_for_pass(world.cpass.id) == 3
        assert uow.annotations.count_for_pass(PassId(4242)) == 0


def test_update_and_remove(db: Database, world: World):
    open_state = annotation(world.cpass.id, 10, "FTL")
    with db.uow() as uow:
        uow.annotations.add(open_state)
        uow.commit()
    closed = replace(open_state, offset=moment(60), note="closed")
    with db.uow() as uow:
        uow.annotations.update(closed)
        uow.commit()
    assert stored(db, world) == [closed]
    with db.uow() as uow:
        uow.annotations.remove(closed.id)
        uow.commit()
    assert stored(db, world) == []


def test_apply_then_inverse_restores_the_pass(db: Database, world: World):
    keep, edit, drop = (annotation(world.cpass.id, n) for n in (5, 10, 15))
    with db.uow() as uow:
        uow.annotations.apply(AnnotationChange(added=(keep, edit, drop)))
        uow.commit()
    before = stored(db, world)
    change = AnnotationChange(
        added=(annotation(world.cpass.id, 20, "FTL", offset=30),),
        removed=(drop,),
        updated=((edit, replace(edit, onset=moment(11), note="nudged")),),
        description="Code FTL",
    )
    with db.uow() as uow:  # as written: the versions its undo must name
        applied = uow.annotations.apply(change)
        uow.commit()
    after = stored(db, world)
    assert after == sorted([keep, change.updated[0][1], *change.added], key=lambda a: a.sort_key())
    with db.uow() as uow:
        undone = uow.annotations.apply(applied.inverse())
        uow.commit()
    assert stored(db, world) == before
    with db.uow() as uow:  # redo writes the very same rows again
        uow.annotations.apply(undone.inverse())
        uow.commit()
    assert stored(db, world) == after


def test_a_change_may_remove_and_add_back_the_same_id(db: Database, world: World):
    a = annotation(world.cpass.id, 5)
    with db.uow() as uow:
        uow.annotations.add(a)
        uow.commit()
    moved = replace(a, onset=moment(6))
    with db.uow() as uow:
        uow.annotations.apply(AnnotationChange(added=(moved,), removed=(a,)))
        uow.commit()
    assert stored(db, world) == [moved]


def test_a_failed_change_writes_nothing(db: Database, world: World):
    a = annotation(world.cpass.id, 5)
    ghost = annotation(world.cpass.id, 6)
    with db.uow() as uow:
        uow.annotations.add(a)
        uow.commit()
    with db.uow() as uow, pytest.raises(NotFound):
        uow.annotations.apply(
            AnnotationChange(added=(annotation(world.cpass.id, 7),), removed=(a, ghost))
        )
    assert stored(db, world) == [a]


def test_missing_annotations_are_not_found(db: Database, world: World):
    ghost = annotation(world.cpass.id, 5)
    with db.uow() as uow:
        with pytest.raises(NotFound):
            uow.annotations.get(ghost.id)
        with pytest.raises(NotFound):
            uow.annotations.update(ghost)
        with pytest.raises(NotFound):
            uow.annotations.remove(ghost.id)
        with pytest.raises(NotFound):
            uow.annotations.apply(changes.update(ghost, replace(ghost, note="x")))


def test_annotation_of_a_missing_pass_is_not_found(db: Database, world: World):
    with db.uow() as uow, pytest.raises(NotFound, match="pass"):
        uow.annotations.add(annotation(PassId(4242), 5))


def test_adding_an_existing_id_is_a_conflict(db: Database, world: World):
    a = annotation(world.cpass.id, 5)
    with db.uow() as uow:
        uow.annotations.add(a)
        uow.commit()
    with db.uow() as uow, pytest.raises(Conflict):
        uow.annotations.add(replace(a, note="again"))


@pytest.mark.parametrize("status", [PassStatus.SUBMITTED, PassStatus.LOCKED])
def test_a_pass_that_is_not_a_draft_refuses_every_edit(
    db: Database, world: World, status: PassStatus
):
    a = annotation(world.cpass.id, 5)
    with db.uow() as uow:
        uow.annotations.add(a)
        uow.passes.set_status(world.cpass.id, status)
        uow.commit()
    with db.uow() as uow:
        with pytest.raises(PassLocked, match=status.value):
            uow.annotations.apply(changes.add(annotation(world.cpass.id, 6)))
        with pytest.raises(PassLocked):
            uow.annotations.add(annotation(world.cpass.id, 7))
        with pytest.raises(PassLocked):
            uow.annotations.update(replace(a, note="edited"))
        with pytest.raises(PassLocked):
            uow.annotations.remove(a.id)
        uow.commit()
    assert stored(db, world) == [a]


def test_moving_an_annotation_into_a_locked_pass_is_refused(db: Database, world: World):
    with db.uow() as uow:
        other = uow.coders.get_or_create("coder-b")
        locked = uow.passes.get_or_create(world.recording.id, other.id, world.scheme.id)
        uow.passes.set_status(locked.id, PassStatus.LOCKED)
        a = annotation(world.cpass.id, 5)
        uow.annotations.add(a)
        uow.commit()
    with db.uow() as uow, pytest.raises(PassLocked):
        uow.annotations.update(replace(a, pass_id=locked.id))


def test_for_recording_covers_every_pass_or_one_coder(db: Database, world: World):
    with db.uow() as uow:
        other = uow.coders.get_or_create("coder-b")
        second = uow.passes.get_or_create(world.recording.id, other.id, world.scheme.id)
        mine = annotation(world.cpass.id, 10)
        theirs = annotation(second.id, 12)
        uow.annotations.add(mine)
        uow.annotations.add(theirs)
        uow.commit()
    with db.uow() as uow:
        assert uow.annotations.for_recording(world.recording.id) == [mine, theirs]
        assert uow.annotations.for_recording(world.recording.id, other.id) == [theirs]
        assert uow.annotations.for_recording(world.recording.id, world.coder.id) == [mine]


def test_many_annotations_in_one_change(db: Database, world: World):
    batch = tuple(
        replace(annotation(world.cpass.id, n), id=new_annotation_id()) for n in range(200)
    )
    with db.uow() as uow:
        uow.annotations.apply(AnnotationChange(added=batch))
        uow.commit()
    assert stored(db, world) == sorted(batch, key=lambda a: a.sort_key())
