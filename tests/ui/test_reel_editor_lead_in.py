"""The reel editor on phone-like video (keyframes 10 s apart): Fast is announced, then safe.

Choosing Fast tells the coach at once which clip a copy would show a moment of concern on (its
keyframe lead-in) and that it is cut exactly; the export then writes none of those frames.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.services.test_reel_written_frames import FR_FRAME, NUR_FRAME, make_world, shown_frames
from tests.ui.reel_world import shown_editor
from vfcoach.storage.database import Database


def test_fast_mode_is_announced_and_never_shows_the_lead_in_concern(
    qtbot: QtBot, sqlite_db: Database, long_gop_video: Path, tmp_path: Path
) -> None:
    world = make_world(sqlite_db, long_gop_video, tmp_path)
    world.code(FR_FRAME, "FR")
    world.code(NUR_FRAME, "NUR")
    dialog = shown_editor(qtbot, sqlite_db, world.visit_id)
    dialog.suggest()
    assert dialog.model.rowCount() == 1
    dialog.bar.mode.setCurrentIndex(dialog.bar.mode.findData("fast"))
    # worked out off the UI thread: "checking…" first, then the answer
    qtbot.waitUntil(lambda: "frames" in dialog.bar.status.text(), timeout=20_000)
    said = dialog.bar.status.text()
    assert said.startswith("Fast: fast mode not possible (clip 1 would show frames 250..")
    assert "FR at 00:00:10.400" in said and "re-encoded exactly" in said
    target = tmp_path / "reel.mp4"
    dialog.export_to(target, "fast")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    assert "re-encoded exactly" in dialog.bar.status.text()
    frames = shown_frames(target)
    assert FR_FRAME not in frames and NUR_FRAME in frames
    dialog.bar.mode.setCurrentIndex(dialog.bar.mode.findData("exact"))
    assert str(target) in dialog.bar.status.text()  # the export's message stays
    dialog.dispose()
