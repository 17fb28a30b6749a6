"""The reel export reports what it checked and rendered, so the editor joins nothing itself.

Issue 11 §4: the report carries the reel's audience as checked at export, the reel rules'
warnings, and per clip the caption actually rendered with its talking point, read in the
same transaction; and the export trusts only the stored media facts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.consent_helpers import agree
from vfcoach.coding.reels import Audience
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import (
    ExportReelOperation,
    ReelExportReport,
    fast_mode_notes,
)
from vfcoach.services.reels.resolved import load_reel_for_export
from vfcoach.storage.database import Database
from vfcoach.video.export import ExportOptions
from vfcoach.video.source import MediaChanged
from vfcoach.video.synth import make_counter_video

FAST = ExportOptions(mode="fast", width=320, height=240, captions="subtitles")


def _reel(db: Database, source: Path, audience: Audience, *, keep_in_place: bool = False) -> int:
    rec = ImportRecordingOperation(db, source, "F-0200", keep_in_place=keep_in_place).run()
    agree(db, "F-0200")  # caregiver reels: the family agreed to caregiver viewing
    reel = CreateReelOperation(db, rec.visit_id, audience=audience).run().reel
    assert reel.id is not None
    AddClipOperation(db, reel.id, None, rec.id, 10, 20, "You waited for him.", "ask: how?").run()
    AddClipOperation(db, reel.id, None, rec.id, 40, 50, "", "no caption on purpose").run()
    return reel.id


@pytest.mark.parametrize("audience", [Audience.CAREGIVER, Audience.COACH])
def test_report_carries_audience_warnings_and_captions_used(
    db: Database, cfr_video: Path, tmp_path: Path, audience: Audience
) -> None:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    reel_id = _reel(db, source, audience)
    report = ExportReelOperation(db, reel_id, tmp_path / "r.mp4", FAST).run()
    assert isinstance(report, ReelExportReport)
    assert report.audience is audience and report.for_caregiver is (audience is Audience.CAREGIVER)
    assert [c.caption for c in report.clips] == ["You waited for him.", ""]
    assert report.talking_points == ("ask: how?", "no caption on purpose")
    assert report.rule_warnings and all(not p.is_error for p in report.rule_warnings)
    assert any("caption" in p.message for p in report.rule_warnings)


def test_export_uses_the_stored_frame_map_and_refuses_another_file(
    db: Database, cfr_video: Path, tmp_path: Path
) -> None:
    source = tmp_path / "visit.mp4"
    source.write_bytes(cfr_video.read_bytes())
    reel_id = _reel(db, source, Audience.CAREGIVER, keep_in_place=True)  # replaced below
    exportable = load_reel_for_export(db, reel_id)
    with db.uow() as uow:
        stored = uow.recordings.frame_map(exportable.clips[0].clip.recording_id)
    first, second = exportable.clips
    assert first.media is second.media and first.frame_map == stored
    assert first.spec().source is first.media  # the typed spec carries the stored facts

    other = make_counter_video(tmp_path / "other.mp4", frames=80, fps=25, gop=10)
    source.write_bytes(other.read_bytes())
    with pytest.raises(MediaChanged):  # the editor's Fast notes say so too
        fast_mode_notes(db, reel_id)
    target = tmp_path / "r.mp4"
    with pytest.raises(MediaChanged, match=r"recording \d+ \(F-0200 visit 1\)"):
        ExportReelOperation(db, reel_id, target, FAST).run()
    assert not target.exists() and not list(tmp_path.glob(".*.part"))
