"""The two extras a consent record carries reach the export (issue 14 §1, §5, §6): a clean
take-home copy only while the caregiver-viewing consent in force says so; faces unblurred in
training only while the training consent in force says so. Withdrawal takes both back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.consent_helpers import agree
from vfcoach.coding.consent import ConsentRecord, Scope
from vfcoach.coding.reels import Audience, ReelId
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.watermark import reel_watermark, training_faces_agreed
from vfcoach.storage.database import Database


def _record(db: Database, scope: Scope, **extras: bool) -> None:
    with db.uow() as uow:
        family = uow.families.by_code("F-0700")
        assert family is not None
        uow.consents.add(
            ConsentRecord(
                family_id=family.id, scope=scope, consented_by="caregiver (test)",
                recorded_by="test", recorded_at=dt.datetime.now(dt.UTC), document="form",
                **extras,
            )
        )  # fmt: skip
        uow.commit()


def test_clean_copy_and_unblurred_faces_come_from_the_consent_in_force(
    db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(db, source, "F-0700").run()
    agree(db, "F-0700")
    reel = CreateReelOperation(db, rec.visit_id, audience=Audience.CAREGIVER).run().reel
    assert reel.id is not None
    AddClipOperation(db, reel.id, None, rec.id, 10, 30, "", "").run()
    reel_id = ReelId(reel.id)

    mark = reel_watermark(db, reel_id, None)
    assert mark is not None and "F-0700" in mark.text  # agreed to viewing, not to a clean copy
    assert not training_faces_agreed(db, reel_id)
    _record(db, Scope.CAREGIVER_VIEWING, clean_take_home=True)
    _record(db, Scope.TRAINING, unblurred=True)
    assert reel_watermark(db, reel_id, None) is None  # the clean take-home copy agreed
    assert reel_watermark(db, reel_id, "Group B", training=True) is not None  # never in training
    assert training_faces_agreed(db, reel_id)
    with db.uow() as uow:  # the family withdraws both: every copy is marked, faces blurred
        family = uow.families.by_code("F-0700")
        assert family is not None
        for scope in (Scope.CAREGIVER_VIEWING, Scope.TRAINING):
            uow.consents.withdraw(family.id, scope, "test", dt.datetime.now(dt.UTC))
        uow.commit()
    assert reel_watermark(db, reel_id, None) is not None
    assert not training_faces_agreed(db, reel_id)
