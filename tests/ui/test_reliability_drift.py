"""The Drift tab: each coder's κ against the master coder, with the dashed warning line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.actors import who
from tests.services.reliability_world import (
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from tests.ui.reliability_view_world import open_view
from vfcoach.services.reliability.irr import DriftOperation, IrrSettings
from vfcoach.storage.database import Database


def test_drift_chart_has_the_warning_line_and_marks_the_points_under_it(
    qtbot, sqlite_db: Database, video_120s: Path
):
    slid = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, slid, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, slid, "Ben", list(EXAMPLE3_B))  # κ = .18 against Ana
    same = import_video(sqlite_db, video_120s, "F-1", 2)
    code(sqlite_db, same, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, same, "Ben", list(EXAMPLE3_A))  # κ = 1 against Ana
    with sqlite_db.uow() as uow:
        ana = uow.coders.by_name("Ana")
        assert ana is not None
        uow.coders.set_master(ana.id, True)
        uow.commit()
    v = open_view(qtbot, sqlite_db, slid)
    drift = v.dialog.drift
    v.dialog.tabs.setCurrentWidget(drift)
    qtbot.mouseClick(drift.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(drift.points), timeout=20_000)

    expected = DriftOperation(sqlite_db, None, IrrSettings(), who(sqlite_db, "Sue")).run()
    assert drift.points == expected
    assert sorted(p.kappa for p in drift.points["Ben"]) == pytest.approx([2 / 11, 1.0])
    line = drift.chart.threshold_series
    assert line is not None
    assert [pt.y() for pt in line.points()] == [pytest.approx(0.60)] * 2
    assert line.pen().style() == Qt.PenStyle.DashLine
    assert [(coder, p.recording_id) for coder, p in drift.chart.below] == [("Ben", slid)]
    assert drift.chart.coder_series["Ben"].count() == 2
    assert (
        "Below the warning line κ 0.60: Ben on F-1 visit 1 recording 1 (0.18)"
        in drift.summary.text()
    )
    v.dialog.grab().save("/tmp/e2/reliability_drift.png")
    v.window.player.unload()


def test_drift_without_a_master_coder_says_so(qtbot, sqlite_db: Database, video_120s: Path):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    v = open_view(qtbot, sqlite_db, rec)
    drift = v.dialog.drift
    qtbot.mouseClick(drift.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "no coder is the master coder" in drift.summary.text(), timeout=20_000)
    assert drift.points == {} and drift.chart.below == []
    v.window.player.unload()
