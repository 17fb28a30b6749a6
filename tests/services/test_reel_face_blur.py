"""A reel for a training showing leaves vfcoach only with every face blurred (issue 14 §5).

The export service asks `blur_required` with the showing and the family's training consent:
without blur such an export is refused before any file or audit entry exists; with blur (or
with the family's agreement to unblurred training use) it is exported and the audit entry
says who it was for and whether faces were blurred.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vfcoach.coding.face_blur import FacesMustBeBlurred, Showing, blur_required
from vfcoach.coding.reels import Audience
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import ExportReelOperation
from vfcoach.storage.database import Database
from vfcoach.video.export import ExportOptions
from vfcoach.video.faces import FaceBlurOptions

PLAIN = ExportOptions(mode="fast", width=320, height=240, captions="none")
BLURRED = ExportOptions(width=320, height=240, captions="none", face_blur=FaceBlurOptions())


def test_only_a_showing_outside_the_family_needs_blur() -> None:
    assert blur_required(Showing.TRAINING, unblurred_agreed=False)
    assert not blur_required(Showing.TRAINING, unblurred_agreed=True)
    assert not blur_required(Showing.CAREGIVER, unblurred_agreed=False)
    assert not blur_required(Audience.COACH, unblurred_agreed=False)  # a reel's own audience
    assert blur_required("conference", unblurred_agreed=True)  # unknown: outside, blurred


def _reel(db: Database, cfr_video: Path, tmp_path: Path) -> int:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(db, source, "F-0300").run()
    reel = CreateReelOperation(db, rec.visit_id, audience=Audience.COACH).run().reel
    assert reel.id is not None
    AddClipOperation(db, reel.id, None, rec.id, 10, 30, "", "").run()
    return reel.id


def _exports(db: Database) -> list[dict[str, object]]:
    with db.uow() as uow:
        return [e.detail for e in uow.audit.list(action="reel.exported")]


def test_training_showing_is_refused_without_blur_and_exported_with_it(
    db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    reel_id = _reel(db, cfr_video, tmp_path)
    target = tmp_path / "training.mp4"
    refused = ExportReelOperation(db, reel_id, target, PLAIN, showing=Showing.TRAINING)
    with pytest.raises(FacesMustBeBlurred, match=r"training showing.*Blur faces"):
        refused.run()
    assert not target.exists() and not list(tmp_path.glob(".*.part"))
    assert _exports(db) == []  # a refusal changes nothing

    report = ExportReelOperation(db, reel_id, target, BLURRED, showing=Showing.TRAINING).run()
    assert report.mode == "exact" and target.exists()
    assert any("found no face in clip 1: watch" in w for w in report.warnings)  # no face here
    (entry,) = _exports(db)
    assert entry["showing"] == "training" and entry["faces_blurred"] is True


def test_family_agreement_or_a_family_showing_needs_no_blur(
    db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    reel_id = _reel(db, cfr_video, tmp_path)
    agreed = ExportReelOperation(
        db, reel_id, tmp_path / "a.mp4", PLAIN, showing=Showing.TRAINING, unblurred_agreed=True
    )
    agreed.run()
    ExportReelOperation(db, reel_id, tmp_path / "b.mp4", PLAIN).run()  # the coach-view reel
    assert [(e["showing"], e["faces_blurred"]) for e in _exports(db)] == [
        ("training", False),
        ("coach", False),
    ]
