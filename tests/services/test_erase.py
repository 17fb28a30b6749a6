"""Erasing a family leaves no byte of it in vfcoach's data folder, and nothing of another.

The scan reads every file under the data folder (the database, its -wal and -journal) for a
word planted in the family's notes, captions and video; a legal hold refuses, and the
deletion record says what went (kinds and counts), who, when and why, but nothing it held.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.services.erase_world import MARKERS, ErasedWorld, data_world, files_with, plant
from tests.storage.conftest import media_facts
from vfcoach.coding.retention import CodesAfter, RetentionRefused, RetentionRule
from vfcoach.output.register import announce
from vfcoach.services.access import Actor
from vfcoach.services.annotations.io import ExportAnnotationsOperation
from vfcoach.services.retention.erase import (
    FAMILY_ERASED,
    EraseFamilyOperation,
    plan_erase,
    resume_pending,
)
from vfcoach.services.retention.register import registered_writes
from vfcoach.services.retention.rules import place_hold, release_hold, set_rule
from vfcoach.storage.database import Database

REASON = "the family asked for it"


@pytest.fixture
def world(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cfr_video: Path
) -> Iterator[tuple[Database, ErasedWorld]]:
    data, url = data_world(tmp_path, monkeypatch)
    db = Database.open(url)
    try:
        yield db, plant(db, data, cfr_video)
    finally:
        db.dispose()


def test_every_marker_is_planted_before_the_erase(world: tuple[Database, ErasedWorld]):
    db, w = world
    db.dispose()  # everything checkpointed into the files the scan reads
    for code, marker in MARKERS.items():
        assert set(files_with(w.data, marker)) == {w.videos[code], w.data / "vfcoach.sqlite"}


def test_erase_leaves_no_byte_of_the_family_and_keeps_the_other(
    world: tuple[Database, ErasedWorld],
):
    db, w = world
    result = EraseFamilyOperation(db, "F-0001", REASON, Actor("coach-a")).run()
    assert result.files_deleted == 1 and result.outside == ()
    assert not w.videos["F-0001"].exists() and w.videos["F-0002"].exists()
    assert files_with(w.data, MARKERS["F-0001"]) == []
    with db.uow() as uow:
        assert uow.families.by_code("F-0001") is None
        assert uow.families.by_code("F-0002") is not None
        (record,) = uow.erasures.list()
        (event,) = uow.audit.list(action=FAMILY_ERASED)
    assert (record.status, record.family_code, record.reason) == ("done", "F-0001", REASON)
    assert record.plan == {} and record.counts["codes"] == 1 and record.counts["reels"] == 1
    assert event.actor == "coach-a" and event.detail["codes_kept"] is False
    db.dispose()
    assert files_with(w.data, MARKERS["F-0001"]) == []
    assert files_with(w.data, MARKERS["F-0002"])  # the other family: untouched


def test_codes_kept_de_identified_have_no_notes_captions_or_code(
    world: tuple[Database, ErasedWorld],
):
    db, w = world
    set_rule(db, RetentionRule("ABC", 24, 12, CodesAfter.DEIDENTIFY), None)
    assert plan_erase(db, "F-0001").keep_codes
    EraseFamilyOperation(db, "F-0001", REASON, None).run()
    with db.uow() as uow:
        codes = [f.code for f in uow.families.list()]
        kept = next(f for f in uow.families.list() if f.code.startswith("ERASED-"))
        (visit,) = uow.visits.for_family(kept.id)
        (rec,) = uow.recordings.for_visit(visit.id)
        passes = uow.passes.for_recording(rec.id)
        notes = [a.note for p in passes for a in uow.annotations.for_pass(p.id)]
        children = uow.children.for_family(kept.id)
    assert "F-0001" not in codes and len(codes) == 2
    assert notes == [""] and children == [] and rec.media_path == "" and visit.date is None
    db.dispose()
    assert files_with(w.data, MARKERS["F-0001"]) == []


def test_a_legal_hold_refuses_and_changes_nothing(world: tuple[Database, ErasedWorld]):
    db, w = world
    place_hold(db, "F-0001", "court order 2026/17", Actor("coach-a"))
    with pytest.raises(RetentionRefused, match="legal hold"):
        EraseFamilyOperation(db, "F-0001", REASON, None).run()
    assert w.videos["F-0001"].exists()
    with db.uow() as uow:
        assert uow.families.by_code("F-0001") is not None and uow.erasures.list() == []
    assert release_hold(db, "F-0001", None)
    EraseFamilyOperation(db, "F-0001", REASON, None).run()
    assert not w.videos["F-0001"].exists()


def test_a_reason_is_required_and_an_unknown_family_named(world: tuple[Database, ErasedWorld]):
    db, _w = world
    with pytest.raises(RetentionRefused, match="reason"):
        EraseFamilyOperation(db, "F-0001", " ", None).run()
    with pytest.raises(RetentionRefused, match="no family 'F-9'"):
        EraseFamilyOperation(db, "F-9", REASON, None).run()


def test_erase_on_both_databases_keeps_codes_apart_from_the_family(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cfr_video: Path
):
    data, _url = data_world(tmp_path, monkeypatch)
    w = plant(db, data, cfr_video)
    set_rule(db, RetentionRule("ABC", 24, 12, CodesAfter.DEIDENTIFY), None)
    EraseFamilyOperation(db, "F-0001", REASON, None).run()
    assert not w.videos["F-0001"].exists() and w.videos["F-0002"].exists()
    with db.uow() as uow:
        families = {f.code: f for f in uow.families.list()}
        notes = [
            a.note
            for r in uow.recordings.list()
            for p in uow.passes.for_recording(r.id)
            for a in uow.annotations.for_pass(p.id)
        ]
        (record,) = uow.erasures.list()
        chain = uow.audit.verify()
    assert chain.intact, chain.describe()  # the erase changed no audit entry, added its own
    assert "F-0001" not in families and "F-0002" in families and len(families) == 2
    assert sorted(notes) == ["", f"{MARKERS['F-0002']} note at the mat"]
    assert record.status == "done" and record.keep_codes


def _recording_of(db: Database, code: str) -> int:
    with db.uow() as uow:
        family = uow.families.by_code(code)
        assert family is not None
        (visit,) = uow.visits.for_family(family.id)
        (rec,) = uow.recordings.for_visit(visit.id)
        return rec.id


def test_files_written_for_the_family_go_inside_and_are_listed_outside(
    world: tuple[Database, ErasedWorld], tmp_path: Path
):
    db, w = world
    outside = tmp_path / "exports" / "codes.csv"
    outside.parent.mkdir()
    ExportAnnotationsOperation(db, _recording_of(db, "F-0001"), out=outside).run()  # the writer
    inside = w.data / "renders" / "F-0001-reel.mp4"  # as a render into vfcoach's own store
    inside.parent.mkdir()
    with db.uow() as uow:
        family = uow.families.by_code("F-0001")
        assert family is not None
    with registered_writes(db, [family.id], "reel"):
        announce(inside)
        inside.write_bytes(f"{MARKERS['F-0001']} rendered".encode())
    plan = plan_erase(db, "F-0001")
    assert set(plan.delete) == {str(w.videos["F-0001"]), str(inside)}
    assert plan.outside == (str(outside),)
    assert plan_erase(db, "F-0002").outside == ()
    result = EraseFamilyOperation(db, "F-0001", REASON, None).run()
    assert result.outside == (str(outside),) and outside.exists()  # never deleted outside
    assert not inside.exists() and result.files_deleted == 2
    with db.uow() as uow:
        (record,) = uow.erasures.list()
    assert record.counts["files_outside"] == 1 and record.plan == {}
    db.dispose()
    assert files_with(w.data, MARKERS["F-0001"]) == []


def test_a_video_another_family_also_uses_is_kept(world: tuple[Database, ErasedWorld]):
    db, w = world
    with db.uow() as uow:
        other = uow.families.by_code("F-0002")
        assert other is not None
        visit = uow.visits.add(other.id, 2)
        uow.recordings.add(visit.id, str(w.videos["F-0001"]), media_facts("sha256:x", 75))
        uow.commit()
    assert plan_erase(db, "F-0001").delete == ()
    EraseFamilyOperation(db, "F-0001", REASON, None).run()
    assert w.videos["F-0001"].exists()  # F-0002's recording still plays it


def test_links_are_judged_by_the_file_they_reach(
    world: tuple[Database, ErasedWorld], tmp_path: Path
):
    """A link inside the data folder to the coach's own video: the video stays, listed. A
    link elsewhere to a video inside the data folder: that video goes."""
    db, w = world
    own = tmp_path / "coach" / "own.mp4"
    own.parent.mkdir()
    own.write_bytes(b"the coach's own copy")
    inside_link = w.data / "media" / "linked.mp4"
    inside_link.symlink_to(own)
    outside_link = tmp_path / "coach" / "shortcut.mp4"
    outside_link.symlink_to(w.videos["F-0001"])
    with db.uow() as uow:
        family = uow.families.by_code("F-0001")
        assert family is not None
        visit = uow.visits.add(family.id, 2)
        for n, path in enumerate((inside_link, outside_link)):
            uow.recordings.add(visit.id, str(path), media_facts(f"sha256:l{n}", 75))
        uow.commit()
    plan = plan_erase(db, "F-0001")
    assert str(inside_link) in plan.outside and own.exists()
    EraseFamilyOperation(db, "F-0001", REASON, None).run()
    assert own.read_bytes() == b"the coach's own copy"
    assert not w.videos["F-0001"].exists()


def test_a_resumed_erase_never_touches_a_family_that_took_the_freed_id(
    world: tuple[Database, ErasedWorld],
):
    db, _w = world
    plan = plan_erase(db, "F-0002")
    with db.uow() as uow:  # killed right after its rows went: pending, family gone
        family = uow.families.by_code("F-0002")
        assert family is not None
        gone = family.id
        uow.erasures.start(gone, "F-0002", REASON, "coach-a", False, {"counts": plan.counts})
        assert uow.erasures.erase_rows(gone, False, "F-0002")
        uow.commit()
    with db.uow() as uow:
        newcomer = uow.families.add("F-0003")
        uow.visits.add(newcomer.id, 1)
        uow.commit()
    assert newcomer.id == gone  # SQLite gave the freed id out again
    (result,) = resume_pending(db)
    assert result.resumed and result.family_code == "F-0002"
    with db.uow() as uow:
        assert uow.families.by_code("F-0003") is not None
        assert uow.erasures.pending() == []
