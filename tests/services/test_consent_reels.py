"""Consent gates of reels and of an upgraded database (both backends).

A caregiver reel needs caregiver viewing to be exported and to be shown; a reel exported by
anyone but the family's coach is a showing for other staff and needs training. Families that
were already in a database before consent existed keep coaching, dated at the upgrade.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.pool import NullPool

from tests.actors import who
from tests.consent_helpers import agree
from vfcoach.coding.consent import ConsentMissing, Scope
from vfcoach.coding.reels import Audience
from vfcoach.services.consent import withdraw_consent
from vfcoach.services.consent_gates import require_showing
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import ExportReelOperation
from vfcoach.storage.database import Database
from vfcoach.storage.engine import make_engine
from vfcoach.storage.migrate import downgrade_to, migrate_to_head
from vfcoach.video.export import ExportOptions

FAST = ExportOptions(mode="fast", width=320, height=240, captions="subtitles")


def _reel(db: Database, cfr_video: Path, audience: Audience) -> int:
    rec = ImportRecordingOperation(db, cfr_video, "F-0200", actor=who(db, "Ana")).run()
    reel = CreateReelOperation(db, rec.visit_id, audience=audience).run().reel
    assert reel.id is not None
    AddClipOperation(db, reel.id, None, rec.id, 10, 20, "You waited for him.").run()
    return reel.id


def test_caregiver_viewing_gates_caregiver_reel_export_and_showing(
    db: Database, cfr_video: Path, tmp_path: Path
):
    reel = _reel(db, cfr_video, Audience.CAREGIVER)
    target = tmp_path / "r.mp4"
    with pytest.raises(ConsentMissing, match="F-0200 has not consented to caregiver viewing"):
        ExportReelOperation(db, reel, target, FAST, who(db, "Ana")).run()
    with pytest.raises(ConsentMissing, match="caregiver viewing"):
        require_showing(db, reel)
    assert not target.exists() and not list(tmp_path.glob(".*.part"))
    agree(db, "F-0200", Scope.CAREGIVER_VIEWING)
    assert ExportReelOperation(db, reel, target, FAST, who(db, "Ana")).run().for_caregiver
    require_showing(db, reel)
    withdraw_consent(db, "F-0200", Scope.CAREGIVER_VIEWING, who(db, "Ana"))
    with pytest.raises(ConsentMissing, match="has withdrawn its consent to caregiver viewing"):
        require_showing(db, reel)


def test_training_gates_reels_for_other_staff(db: Database, cfr_video: Path, tmp_path: Path):
    reel = _reel(db, cfr_video, Audience.COACH)
    ExportReelOperation(db, reel, tmp_path / "mine.mp4", FAST, who(db, "Ana")).run()
    from vfcoach.services.recordings.open_for_coding import start_coding

    with db.uow() as uow:
        rec = uow.reels.get(reel).clips[0].recording_id
    start_coding(db, rec, who(db, "Ana"))  # Ana is the family's coach from her first pass
    other = tmp_path / "for-training.mp4"
    with pytest.raises(ConsentMissing, match="has not consented to training"):
        ExportReelOperation(db, reel, other, FAST, who(db, "Sue")).run()
    assert not other.exists()
    agree(db, "F-0200", Scope.TRAINING)
    ExportReelOperation(db, reel, other, FAST, who(db, "Sue")).run()


def test_families_of_an_upgraded_database_keep_coaching_dated_at_the_upgrade(
    db: Database, db_url: str
):
    with db.uow() as uow:
        uow.families.add("F-OLD")
        uow.commit()
    db.dispose()
    engine = make_engine(db_url, poolclass=NullPool)
    try:
        downgrade_to(engine, "0010")  # as a database from before consent existed
        migrate_to_head(engine)
    finally:
        engine.dispose()
    reopened = Database.open(db_url)
    try:
        with reopened.uow() as uow:
            family = uow.families.by_code("F-OLD")
            assert family is not None
            (record,) = uow.consents.for_family(family.id)
        assert record.scope is Scope.COACHING and record.recorded_by == "migration"
        assert record.withdrawn_at is None
    finally:
        reopened.dispose()


def test_withdrawn_coaching_stops_reels_too(db: Database, cfr_video: Path, tmp_path: Path):
    reel = _reel(db, cfr_video, Audience.COACH)
    with db.uow() as uow:
        rec = uow.reels.get(reel).clips[0].recording_id
    withdraw_consent(db, "F-0200", Scope.COACHING, who(db, "Ana"))
    with pytest.raises(ConsentMissing, match="withdrawn its consent to coaching"):
        AddClipOperation(db, reel, None, rec, 30, 40, "You smiled.").run()
    with pytest.raises(ConsentMissing, match="withdrawn its consent to coaching"):
        ExportReelOperation(db, reel, tmp_path / "r.mp4", FAST, who(db, "Ana")).run()
    with db.uow() as uow:
        assert len(uow.reels.get(reel).clips) == 1
