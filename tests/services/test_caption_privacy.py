"""No path, address or other family's name reaches an exported reel (issue 12 §5).

Family DEMO-01 (child Mia) has the reel; DEMO-02 (child Noah) and HOLD-01 share the
database. Every hostile caption is refused when a coach adds it, and again at export when it
was written into the database by hand, before any file is made; the report carries the check
the caregiver window runs once more.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import update

from tests.coding.reels.hostile_captions import (
    HOSTILE,
    OTHER_CHILD,
    OTHER_FAMILIES,
    OWN_CHILD,
    OWN_FAMILY,
)
from tests.consent_helpers import agree
from vfcoach.coding.reels import ReelRefused
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clip_edits import EditClipTextOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import ExportReelOperation
from vfcoach.storage.database import Database
from vfcoach.storage.rows import ReelClipRow
from vfcoach.video.export import ExportOptions

FAST = ExportOptions(mode="fast", width=320, height=240, captions="burn")
SAFE = "You waited, and Mia showed you her toy."


def _world(db: Database, cfr_video: Path, tmp_path: Path) -> tuple[int, int]:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(db, source, OWN_FAMILY).run()
    agree(db, OWN_FAMILY)  # caregiver reels: the family agreed to caregiver viewing
    with db.uow() as uow:
        own = uow.families.by_code(OWN_FAMILY)
        assert own is not None
        uow.children.add(own.id, OWN_CHILD)
        for code in OTHER_FAMILIES:
            other = uow.families.add(code)
        uow.children.add(other.id, OTHER_CHILD)
        uow.commit()
    reel = CreateReelOperation(db, rec.visit_id).run().reel
    assert reel.id is not None
    reel = AddClipOperation(db, reel.id, None, rec.id, 10, 30, SAFE).run().reel
    assert reel.id is not None
    return reel.id, rec.id


def test_hostile_captions_never_reach_an_exported_file(
    db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    reel_id, rec_id = _world(db, cfr_video, tmp_path)
    with db.uow() as uow:
        clip_id = uow.reels.get(reel_id).clips[0].id
    for n, caption in enumerate(HOSTILE):
        with pytest.raises(ReelRefused, match="take it out"):
            AddClipOperation(db, reel_id, None, rec_id, 40, 50, caption).run()
        with pytest.raises(ReelRefused, match="take it out"):
            EditClipTextOperation(db, reel_id, clip_id, caption=caption).run()
        with db.engine.begin() as conn:  # written past the editor, straight into the database
            conn.execute(
                update(ReelClipRow).where(ReelClipRow.id == clip_id).values(caption=caption)
            )
        target = tmp_path / f"reel-{n}.mp4"
        with pytest.raises(ReelRefused, match="take it out"):
            ExportReelOperation(db, reel_id, target, FAST).run()
        assert not target.exists(), caption
    with db.uow() as uow:
        assert [c.caption for c in uow.reels.get(reel_id).clips] == [HOSTILE[-1]]


def test_the_export_report_carries_the_check_for_the_reels_family(
    db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    reel_id, _rec_id = _world(db, cfr_video, tmp_path)
    report = ExportReelOperation(db, reel_id, tmp_path / "ok.mp4", FAST).run()
    assert [c.caption for c in report.clips] == [SAFE]  # the own child's name is fine
    lint = report.caption_lint
    assert lint.reason(SAFE) is None and lint.reason(f"{OWN_FAMILY} visit") is None
    for caption in HOSTILE:
        assert lint.shown_caption(caption) == "", caption
