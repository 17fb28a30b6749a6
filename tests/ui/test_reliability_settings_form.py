"""Settable reliability settings in the view: overlap matching, code filter, organisation defaults,
and the drift tab's coder choice and warning line. Recordings are imported generated videos.
"""

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
from tests.ui.reliability_view_world import compute, open_view
from vfcoach.coding.audit import SETTING_CHANGED
from vfcoach.coding.project import CoderRole
from vfcoach.services.reliability.irr import (
    DriftOperation,
    IrrOperation,
    IrrSettings,
    load_irr_settings,
)
from vfcoach.services.reliability.plan import set_role
from vfcoach.services.reliability.settings import SETTING_KEY
from vfcoach.storage.database import Database

# Following the lead as states: B starts each run 4 s after A (beyond ±2 s), spans overlap.
LATE_A = [("FTL", 10.0, 30.0), ("FTL", 50.0, 70.0), ("NUR", 90.0)]
LATE_B = [("FTL", 14.0, 30.0), ("FTL", 54.0, 70.0), ("NUR", 90.5)]


def figures(view) -> dict[str, str]:
    return {line.label: line.value for line in view.dialog.figures.lines}


def test_overlap_matching_changes_the_figures_as_the_operation_says(
    qtbot, sqlite_db: Database, video_120s: Path
):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", LATE_A)
    code(sqlite_db, rec, "Ben", LATE_B)
    onset = (
        IrrOperation(sqlite_db, [rec], "Ana", "Ben", IrrSettings(), who(sqlite_db, "Sue"))
        .run()
        .event
    )
    overlap_settings = IrrSettings(by_overlap=True)
    overlap = (
        IrrOperation(sqlite_db, [rec], "Ana", "Ben", overlap_settings, who(sqlite_db, "Sue"))
        .run()
        .event
    )
    assert onset is not None and overlap is not None
    assert (onset.stats.n, overlap.stats.n) == (5, 3)  # two misses and two extras become pairs
    view = open_view(qtbot, sqlite_db, rec)
    try:
        compute(qtbot, view)
        assert figures(view)["n (alignment rows)"] == "5"
        assert len(view.dialog.irr.disagreements) == 4
        view.dialog.form.by_overlap.setChecked(True)
        compute(qtbot, view)
        assert view.dialog.irr.settings.by_overlap
        assert figures(view)["n (alignment rows)"] == str(overlap.stats.n) == "3"
        assert view.dialog.irr.disagreements == ()
        view.dialog.form.method.setCurrentIndex(1)  # time-unit: overlap means nothing there
        assert not view.dialog.form.by_overlap.isEnabled()
    finally:
        view.window.player.unload()


def test_the_code_filter_narrows_the_comparison_and_refuses_unknown_keys(
    qtbot, sqlite_db: Database, video_120s: Path
):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    only = IrrSettings(codes=("NUR", "DEL"))
    expected = IrrOperation(sqlite_db, [rec], "Ana", "Ben", only, who(sqlite_db, "Sue")).run().event
    assert expected is not None
    view = open_view(qtbot, sqlite_db, rec)
    try:
        view.dialog.form.codes.setText(" NUR, DEL ,NUR")
        compute(qtbot, view)
        assert view.dialog.irr.settings.codes == ("NUR", "DEL")
        assert (
            figures(view)["n (alignment rows)"] == str(expected.stats.n) == "2"
        )  # NUR pair, DEL miss
        view.dialog.form.codes.setText("NUR, XYZ")
        compute(qtbot, view)
        assert view.dialog.irr is None
        assert "no code scheme has the code(s) XYZ" in view.dialog.message.text()
        assert view.dialog.figures.lines == []  # no stale figure beside the refusal
    finally:
        view.window.player.unload()


def test_saved_defaults_are_audited_and_load_when_the_window_opens_again(
    qtbot, sqlite_db: Database, video_120s: Path
):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    set_role(sqlite_db, "Sue", CoderRole.SUPERVISOR, None, who(sqlite_db, "Sue"))
    view = open_view(qtbot, sqlite_db, rec)
    form = view.dialog.form
    form.tolerance.setValue(3.5)
    form.slice.setValue(0.5)
    form.tolerance_slices.setValue(2)
    form.by_overlap.setChecked(True)
    form.kappa_criterion.setValue(0.8)
    form.icc_criterion.setValue(0.9)
    form.drift_warning.setValue(0.5)
    form.min_events.setValue(30)
    form.min_clips.setValue(8)
    form.pabak_share.setValue(85)
    form.codes.setText("NUR")  # a question for this view, not saved as a default
    assert view.dialog.save_defaults_button.isEnabled()
    qtbot.mouseClick(view.dialog.save_defaults_button, Qt.MouseButton.LeftButton)
    assert view.dialog.message.text() == "Saved as the organisation's reliability settings."
    line = view.dialog.drift.chart.threshold_series
    assert line is not None and [p.y() for p in line.points()] == [pytest.approx(0.5)] * 2
    view.dialog.grab().save("/tmp/reliability_settings_saved.png")
    view.window.player.unload()

    wanted = IrrSettings(
        tolerance_ms=3500,
        slice_ms=500,
        tolerance_slices=2,
        by_overlap=True,
        kappa_criterion=0.8,
        icc_criterion=0.9,
        drift_warning=0.5,
        min_events=30,
        min_clips=8,
        pabak_share=0.85,
    )
    with sqlite_db.uow() as uow:
        assert load_irr_settings(uow) == wanted
        (event,) = uow.audit.list(action=SETTING_CHANGED, subject=f"setting:{SETTING_KEY}")
    assert event.actor == "Sue" and event.detail["new"]["tolerance_ms"] == 3500
    assert event.detail["old"] is None and event.detail["new"]["codes"] == []

    again = open_view(qtbot, sqlite_db, rec)
    try:
        f = again.dialog.form
        values = (f.tolerance.value(), f.slice.value(), f.tolerance_slices.value())
        assert values == (3.5, 0.5, 2) and f.by_overlap.isChecked()
        assert (f.kappa_criterion.value(), f.drift_warning.value()) == (0.8, 0.5)
        assert (f.min_events.value(), f.min_clips.value(), f.pabak_share.value()) == (30, 8, 85)
        assert f.codes.text() == ""
        assert f.request().settings == wanted
    finally:
        again.window.player.unload()


def test_drift_plots_only_the_coders_ticked(qtbot, sqlite_db: Database, video_120s: Path):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Mara", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    code(sqlite_db, rec, "Cleo", list(EXAMPLE3_A))
    set_role(sqlite_db, "Mara", None, True, who(sqlite_db, "Sue"))
    view = open_view(qtbot, sqlite_db, rec)
    try:
        drift = view.dialog.drift
        view.dialog.tabs.setCurrentWidget(drift)
        ticked = [drift.coder_list.item(i).text() for i in range(drift.coder_list.count())]
        assert ticked == ["Ben", "Cleo"] and drift.chosen_coders() == ["Ben", "Cleo"]
        drift.coder_list.item(1).setCheckState(Qt.CheckState.Unchecked)
        qtbot.mouseClick(drift.compute_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(drift.points), timeout=20_000)
        assert (
            drift.points
            == DriftOperation(sqlite_db, ["Ben"], IrrSettings(), who(sqlite_db, "Sue")).run()
        )
        assert list(drift.chart.coder_series) == ["Ben"]
        view.dialog.grab().save("/tmp/reliability_drift_filtered.png")
        drift.coder_list.item(0).setCheckState(Qt.CheckState.Unchecked)
        qtbot.mouseClick(drift.compute_button, Qt.MouseButton.LeftButton)
        assert drift.summary.text() == "Tick at least one coder to plot."
    finally:
        view.window.player.unload()
