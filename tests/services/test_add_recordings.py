"""Adding several videos: check each file (refused, copy, damaged), then write all or none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vfcoach.coding.audit import CHILD_ADDED, FAMILY_ADDED, RECORDING_ADDED, VISIT_ADDED
from vfcoach.coding.cancel import Cancelled, CancelToken
from vfcoach.services.access import Actor
from vfcoach.services.recordings.add import (
    AddRecordingsOperation,
    Placement,
    check_file,
    check_files,
    next_visit_numbers,
    suggest_visits,
)
from vfcoach.services.recordings.import_recording import ImportRecordingOperation, InvalidImport
from vfcoach.storage.database import Database
from vfcoach.video.damage import describe, stretches


def test_stretches_and_their_words() -> None:
    assert stretches([9, 3, 4, 5]) == [(3, 5), (9, 9)]
    assert describe([(141, 202)]) == "frames 141–202 cannot be shown"
    assert describe([(7, 7)]) == "frame 7 cannot be shown"
    assert describe([]) == ""


def test_checks_name_copies_damage_and_refusals(
    db: Database, cfr_video: Path, garbage_video: Path, text_as_video: Path, missing_video: Path
) -> None:
    ImportRecordingOperation(db, cfr_video, "F-0001", visit_number=2).run()
    good, damaged, text, gone = check_files(
        db, [cfr_video, garbage_video, text_as_video, missing_video]
    )
    assert good.usable and good.duplicate_of == "F-0001, visit 2" and good.damage == ""
    # the fixture's bytes hit frames after the middle keyframe; the decoder loses some of them
    assert damaged.usable and damaged.damage.endswith("cannot be shown")
    assert damaged.duplicate_of == ""
    for refused in (text, gone):
        assert not refused.usable and refused.path.name in refused.refused
        with pytest.raises(Exception) as cli_error:
            ImportRecordingOperation(db, refused.path, "F-0002").run()
        assert str(cli_error.value) == refused.refused  # the same words as the CLI
    assert good.file_date == dt.date.fromtimestamp(cfr_video.stat().st_mtime)


def test_same_video_twice_in_one_list_is_named(sqlite_db: Database, cfr_video: Path) -> None:
    first, second = check_files(sqlite_db, [cfr_video, cfr_video])
    assert first.duplicate_of == "" and second.duplicate_of == cfr_video.name


def test_batch_writes_all_with_audit_or_nothing(
    db: Database, cfr_video: Path, vfr_video: Path, text_as_video: Path
) -> None:
    a, b = (check_file(db, p, look_for_damage=False) for p in (cfr_video, vfr_video))
    when = dt.date(2026, 3, 4)
    with pytest.raises(InvalidImport):  # one refused file: nothing of the batch is written
        AddRecordingsOperation(
            db,
            [
                Placement(a, "F-NEW", 1, when),
                Placement(check_file(db, text_as_video), "F-NEW", 2, None),
            ],
            Actor("Ann"),
        ).run()
    with pytest.raises(InvalidImport):  # a code with a control character, as the CLI refuses
        AddRecordingsOperation(db, [Placement(a, "F-\x07", 1, when)], Actor("Ann")).run()
    with db.uow() as uow:
        assert uow.families.list() == [] and uow.audit.list() == []

    added = AddRecordingsOperation(
        db,
        [Placement(a, "F-NEW", 1, when, child="C1"), Placement(b, "F-NEW", 2, None)],
        Actor("Ann"),
    ).run()
    assert [r.label for r in added] == ["recording 1", "recording 1"]  # never the file's name
    assert next_visit_numbers(db) == {"F-NEW": 3}
    with db.uow() as uow:
        actions = [(e.actor, e.action) for e in uow.audit.list()]
        assert [c.pseudonym for c in uow.children.for_family(uow.families.list()[0].id)] == ["C1"]
        assert uow.visits.get(added[0].visit_id).date == when
    assert actions == [
        ("Ann", FAMILY_ADDED),
        ("Ann", CHILD_ADDED),
        ("Ann", VISIT_ADDED),
        ("Ann", RECORDING_ADDED),
        ("Ann", VISIT_ADDED),
        ("Ann", RECORDING_ADDED),
    ]


def test_cancel_writes_nothing(sqlite_db: Database, cfr_video: Path) -> None:
    token = CancelToken()
    token.cancel()
    check = check_file(sqlite_db, cfr_video, look_for_damage=False)
    with pytest.raises(Cancelled):
        AddRecordingsOperation(sqlite_db, [Placement(check, "F-1", 1, None)], Actor("Ann")).run(
            token=token
        )
    with sqlite_db.uow() as uow:
        assert uow.families.list() == []


def test_session_add_is_audit_logged(sqlite_db: Database, cfr_video: Path) -> None:
    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-9", actor=Actor("Bo")).run()
    with sqlite_db.uow() as uow:
        events = uow.audit.list()
    assert [e.action for e in events] == [FAMILY_ADDED, VISIT_ADDED, RECORDING_ADDED]
    assert events[-1].subject == f"recording:{rec.id}" and rec.label == "recording 1"


def test_visit_suggestions_group_by_family_and_day() -> None:
    d1, d2 = dt.date(2026, 1, 5), dt.date(2026, 2, 9)
    rows = [("F-1", d2), ("F-1", d1), ("F-2", d1), ("F-1", d1), ("F-1", None)]
    assert suggest_visits({"F-1": 4}, rows) == [5, 4, 1, 4, 6]
