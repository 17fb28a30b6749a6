"""Compare-and-set: an edit names the version of the row it was made against, or is refused.

So an undo made after someone else changed the same event refuses instead of overwriting
their change; and redo after undo still writes the very same rows.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.storage.conftest import World, annotation, moment
from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.storage.database import Database
from vfcoach.storage.errors import EditConflict, NotFound
from vfcoach.storage.migrate import downgrade_to, migrate_to_head


def _apply(db: Database, change: AnnotationChange) -> AnnotationChange:
    with db.uow() as uow:
        applied = uow.annotations.apply(change)
        uow.commit()
    return applied


def _get(db: Database, a: Annotation) -> Annotation:
    with db.uow() as uow:
        return uow.annotations.get(a.id)


def test_versions_count_every_write_and_travel_with_the_value(db: Database, world: World):
    a = annotation(world.cpass.id, 10, "FTL")
    added = _apply(db, AnnotationChange(added=(a,)))
    assert added.added[0].version == 1 == _get(db, a).version
    edit = _apply(db, AnnotationChange(updated=((a, replace(a, note="one")),)))
    (before, after) = edit.updated[0]
    assert (before.version, after.version) == (1, 2)
    assert _get(db, a).version == 2 and _get(db, a).note == "one"
    undone = _apply(db, edit.inverse())
    assert undone.updated[0][1].version == 3 and _get(db, a).note == ""
    _apply(db, undone.inverse())  # redo of what undo wrote
    assert _get(db, a).note == "one" and _get(db, a).version == 4


def test_an_edit_against_an_older_version_is_refused_and_writes_nothing(db: Database, world: World):
    a = annotation(world.cpass.id, 10, "NUR")
    _apply(db, AnnotationChange(added=(a,)))
    mine = _apply(db, AnnotationChange(updated=((a, replace(a, note="mine")),)))
    # someone else changes the same event in between
    theirs = _apply(
        db, AnnotationChange(updated=((mine.updated[0][1], replace(a, note="theirs")),))
    )
    keep = annotation(world.cpass.id, 20)
    with pytest.raises(EditConflict, match="changed elsewhere") as caught:
        _apply(db, AnnotationChange(added=(keep,), updated=(mine.inverse().updated[0],)))
    assert "NUR at 00:00:00.400" in str(caught.value)
    assert _get(db, a).note == "theirs" and _get(db, a).version == theirs.updated[0][1].version
    with db.uow() as uow:
        assert uow.annotations.count_for_pass(world.cpass.id) == 1  # `keep` rolled back too


def test_a_delete_against_an_older_version_is_refused(db: Database, world: World):
    a = annotation(world.cpass.id, 10)
    _apply(db, AnnotationChange(added=(a,)))
    _apply(db, AnnotationChange(updated=((a, replace(a, onset=moment(11))),)))
    with pytest.raises(EditConflict):
        _apply(db, AnnotationChange(removed=(a,)))  # still version 1: stale
    assert _get(db, a).onset == moment(11)


def test_undo_of_an_edit_to_an_event_removed_elsewhere_is_a_conflict(db: Database, world: World):
    a = annotation(world.cpass.id, 10)
    _apply(db, AnnotationChange(added=(a,)))
    mine = _apply(db, AnnotationChange(updated=((a, replace(a, note="x")),)))
    _apply(db, AnnotationChange(removed=(mine.updated[0][1],)))
    with pytest.raises(EditConflict, match="removed elsewhere") as caught:
        _apply(db, mine.inverse())
    assert isinstance(caught.value, NotFound)  # callers that caught NotFound still do


def test_undo_of_a_delete_restores_the_row_at_its_version(db: Database, world: World):
    a = annotation(world.cpass.id, 10)
    _apply(db, AnnotationChange(added=(a,)))
    edit = _apply(db, AnnotationChange(updated=((a, replace(a, note="x")),)))
    gone = _apply(db, AnnotationChange(removed=(edit.updated[0][1],)))
    _apply(db, gone.inverse())
    assert _get(db, a).version == 2
    _apply(db, edit.inverse())  # the older step's undo still fits the restored row
    assert _get(db, a).note == ""


def test_rows_written_before_0006_start_at_version_one(db: Database, world: World):
    a = annotation(world.cpass.id, 10)
    _apply(db, AnnotationChange(added=(a,)))
    _apply(db, AnnotationChange(updated=((a, replace(a, note="x")),)))
    downgrade_to(db.engine, "0005")
    migrate_to_head(db.engine)
    restored = _get(db, a)
    assert (restored.note, restored.version) == ("x", 1)
    _apply(db, AnnotationChange(updated=((restored, replace(restored, note="y")),)))
    assert _get(db, a).version == 2
