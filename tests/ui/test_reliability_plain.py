"""What the Reliability window says when there is little to say (issue 12 §4).

A coder with no codes is named as such, not given "κ 0.00 · slight"; the Disagreements tab
names the recording it lists; an empty drift chart says why it is empty, before and after
Compute.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.services.reliability_world import EXAMPLE3_A, EXAMPLE3_B, code, import_video
from tests.ui.reliability_view_world import View, compute, open_view
from vfcoach.storage.database import Database


def _texts(view: View) -> str:
    f = view.dialog.figures
    return "\n".join(
        [f.heading.text(), f.figures.text(), f.icc.text(), *(ln.value for ln in f.lines)]
    )


def test_a_coder_with_no_codes_is_named_not_scored(
    qtbot: QtBot, sqlite_db: Database, video_120s: Path
) -> None:
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", [])  # a pass, but not one code in it
    view = open_view(qtbot, sqlite_db, rec)
    compute(qtbot, view)
    shown = _texts(view)
    assert "Ben has no codes" in shown
    assert "κ" not in view.dialog.figures.figures.text() and "slight" not in shown
    assert not view.dialog.figures.lines
    assert "F-1 visit 1" in shown  # which recording it is about
    assert not view.dialog.report.button.isEnabled()  # no report of κ against nothing
    view.dialog.figures.grab().save("/tmp/h-care-reliability-empty-coder.png")
    view.dialog.grab().save("/tmp/h-care-reliability-window-empty-coder.png")
    view.window.player.unload()


def test_the_disagreements_tab_names_its_recording(
    qtbot: QtBot, sqlite_db: Database, video_120s: Path
) -> None:
    rec = import_video(sqlite_db, video_120s, "F-7", 2)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    view = open_view(qtbot, sqlite_db, rec)
    compute(qtbot, view)
    assert view.dialog.irr is not None
    label = view.dialog.irr.recordings[0].label
    assert "F-7" in label
    assert label in view.dialog.disagreements.recording.text()
    view.dialog.tabs.setCurrentWidget(view.dialog.disagreements)
    view.dialog.grab().save("/tmp/h-care-reliability-disagreements.png")
    view.window.player.unload()


def test_an_empty_drift_chart_says_why(qtbot: QtBot, sqlite_db: Database, video_120s: Path) -> None:
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    view = open_view(qtbot, sqlite_db, rec)
    drift = view.dialog.drift
    view.dialog.tabs.setCurrentWidget(drift)
    assert drift.chart.empty_note.isVisible()
    assert "compute drift" in drift.chart.empty_note.text().lower()
    view.dialog.grab().save("/tmp/h-care-reliability-drift-before.png")
    drift.compute_button.click()  # no master coder: nothing can be plotted
    qtbot.waitUntil(lambda: "master coder" in drift.chart.empty_note.text(), timeout=20_000)
    assert drift.chart.empty_note.isVisible()
    view.dialog.grab().save("/tmp/h-care-reliability-drift-empty.png")
    view.window.player.unload()
