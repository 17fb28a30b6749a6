"""Importing a recording: one transaction, visits numbered or reused, bad media writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vfcoach.coding.cancel import Cancelled, CancelToken
from vfcoach.services.recordings.import_recording import ImportRecordingOperation, InvalidImport
from vfcoach.storage.database import Database
from vfcoach.video.errors import MediaError
from vfcoach.video.sealed import is_sealed


def test_import_creates_family_visit_scheme_and_recording(
    sqlite_db: Database, cfr_video: Path
) -> None:
    date = dt.date(2024, 5, 6)
    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-0417", visit_date=date).run()
    with sqlite_db.uow() as uow:
        family = uow.families.by_code("F-0417")
        assert family is not None and family.programme == "ABC"
        (visit,) = uow.visits.for_family(family.id)
        assert visit.number == 1 and visit.date == date and rec.visit_id == visit.id
        stored = uow.recordings.get(rec.id)
        # by default an encrypted copy in the media store; the label names the original
        assert stored.media_path.endswith(".vfm") and is_sealed(stored.media_path)
        assert stored.label == "recording 1" and uow.media_keys.get(rec.id) is not None
        assert stored.scheme_id is not None
        assert uow.schemes.get(stored.scheme_id).name == "abc-style"
        assert uow.recordings.frame_map(rec.id).frame_count == stored.facts.frame_count > 0


def test_visit_numbers_follow_on_or_are_reused(sqlite_db: Database, cfr_video: Path) -> None:
    first = ImportRecordingOperation(sqlite_db, cfr_video, "F-1").run()
    second = ImportRecordingOperation(sqlite_db, cfr_video, "F-1").run()
    again = ImportRecordingOperation(sqlite_db, cfr_video, "F-1", visit_number=1).run()
    fifth = ImportRecordingOperation(sqlite_db, cfr_video, "F-1", visit_number=5).run()
    with sqlite_db.uow() as uow:
        number = {
            r: uow.visits.get(uow.recordings.get(r).visit_id).number
            for r in (first.id, second.id, again.id, fifth.id)
        }
        assert len(uow.families.list()) == 1
    assert [number[r.id] for r in (first, second, again, fifth)] == [1, 2, 1, 5]
    assert again.visit_id == first.visit_id


@pytest.mark.parametrize(
    "broken", ["truncated_video", "garbage_video", "empty_video", "text_as_video", "missing_video"]
)
def test_broken_media_writes_nothing(
    sqlite_db: Database, broken: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(broken)
    try:
        ImportRecordingOperation(sqlite_db, path, "F-BAD").run()
    except MediaError as exc:
        assert path.name in str(exc)
    else:  # a file damaged only inside may still import: then it must be whole
        assert broken == "garbage_video"
        return
    with sqlite_db.uow() as uow:
        assert uow.families.list() == [] and uow.recordings.list() == []


def test_bad_arguments_and_cancel(sqlite_db: Database, cfr_video: Path) -> None:
    with pytest.raises(InvalidImport):
        ImportRecordingOperation(sqlite_db, cfr_video, "  ").run()
    with pytest.raises(InvalidImport):
        ImportRecordingOperation(sqlite_db, cfr_video, "F-1", visit_number=0).run()
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        ImportRecordingOperation(sqlite_db, cfr_video, "F-1").run(token=token)
    with sqlite_db.uow() as uow:
        assert uow.families.list() == []
