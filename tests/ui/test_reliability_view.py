"""The Reliability view on real imported recordings: figures, heatmap, navigator, blind rule.

Worked example 3 of domain.md §6 (±2 s): A 12.0 NUR, 30.5/47.0 C_LEAD, 80.2 DEL, 101.0 C_LEAD;
B 13.1 NUR, 30.0/52.0 C_LEAD, 79.0 C_LEAD, 102.5 C_LEAD. Three disagreements: a miss at 47.0,
an extra at 52.0 and a substitution DEL/C_LEAD at 80.2/79.0. The videos run at 10 fps and
burn each frame's index into the picture, so "where the player is" is read off the frame shown.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from tests.actors import who
from tests.services.reliability_world import (
    EXAMPLE2_A,
    EXAMPLE2_B,
    EXAMPLE3_A,
    EXAMPLE3_B,
    FPS,
    code,
    import_video,
)
from tests.ui.reliability_view_world import SUPERVISOR, View, compute, open_view
from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.services.reliability.irr import IrrOperation, IrrSettings
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database
from vfcoach.ui.reliability.confusion_model import ConfusionModel
from vfcoach.ui.reliability.figures import number, percent
from vfcoach.ui.reliability.navigator import PRE_ROLL_MS
from vfcoach.video.synth import read_frame_index


@pytest.fixture
def view(qtbot, sqlite_db: Database, video_120s: Path):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    v = open_view(qtbot, sqlite_db, rec)
    yield v
    v.window.player.unload()


def shown_frame(view: View) -> int:
    """The burned-in index of the picture on screen, once the decode thread delivered it."""
    deadline = time.monotonic() + 5
    while view.window.player.decoding and time.monotonic() < deadline:
        QTest.qWait(5)
    return read_frame_index(image_to_rgb(view.window.video.view.image))


def click_row(qtbot, view: View, row: int) -> None:
    table = view.dialog.disagreements.table
    rect = table.visualRect(table.model().index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_figures_shown_are_the_operations(qtbot, view: View, sqlite_db: Database):
    compute(qtbot, view)
    assert view.dialog.message.text() == ""
    expected = IrrOperation(
        sqlite_db, [view.rec], "Ana", "Ben", IrrSettings(), who(sqlite_db, SUPERVISOR)
    ).run()
    ev = expected.event
    assert ev is not None
    shown = {line.label: line.value for line in view.dialog.figures.lines}
    assert shown["n (alignment rows)"] == "6" == str(ev.stats.n)
    assert shown["Percent agreement"] == percent(ev.stats.po) == "50.0 %"
    assert (
        shown["Cohen's κ"]
        == f"{number(ev.stats.kappa)}  ·  too few to judge"
        == ("0.18  ·  too few to judge")
    )
    assert shown["Criterion"].startswith("too few to judge (n = 6 < 20)")
    assert shown["Gwet's AC1"] == number(ev.stats.ac1)
    assert shown["Same code among pairs"] == "75.0 %"
    assert "±2 s" in view.dialog.figures.heading.text()
    # the heatmap holds the operation's table, rows A and columns B, plus totals
    model: ConfusionModel = view.dialog.figures.confusion
    k = len(ev.table.categories)
    assert model.categories == ev.table.categories == ("C_LEAD", "DEL", "NUR", "nil")
    counts = [[model.count(r, c) for c in range(k)] for r in range(k)]
    assert counts == ev.table.matrix.tolist()
    shown_counts = [model.index(r, c).data() for r in range(k) for c in range(k)]
    assert shown_counts == [str(n) for n in ev.table.matrix.flatten().tolist()[:-1]] + ["—"]
    assert model.index(k, k).data() == "6"
    assert [model.index(r, k).data() for r in range(k)] == ["3", "1", "1", "1"]
    # the diagonal reads as agreement (green), a confusion as disagreement (red)
    diagonal: QColor = model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole)
    confused: QColor = model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole)
    empty: QColor = model.index(1, 1).data(Qt.ItemDataRole.BackgroundRole)
    assert diagonal.green() > diagonal.red() and confused.red() > confused.green()
    assert empty == QColor("#ffffff")  # nothing there, nothing shaded
    view.dialog.tabs.setCurrentIndex(0)
    qtbot.wait(200)  # let the layout settle before the screenshot
    view.dialog.grab().save("/tmp/e2/reliability_agreement.png")


def test_clicking_a_disagreement_moves_the_player_and_shows_both_lanes(
    qtbot, view: View, sqlite_db: Database
):
    compute(qtbot, view)
    with sqlite_db.uow() as uow:
        passes_before = len(uow.passes.for_recording(view.rec))
    panel = view.dialog.disagreements
    view.dialog.tabs.setCurrentWidget(panel)
    listed = [(panel.proxy.disagreement_at(r).kind, panel.proxy.disagreement_at(r).at_ms)
              for r in range(panel.proxy.rowCount())]  # fmt: skip
    assert listed == [("miss", 47000), ("extra", 52000), ("substitution", 79000)]

    click_row(qtbot, view, 2)  # DEL (A, 80.2 s) against C_LEAD (B, 79.0 s)
    w = view.window
    target = 79000 - PRE_ROLL_MS
    qtbot.waitUntil(lambda: w.player.frame == target * FPS // 1000, timeout=10_000)
    assert shown_frame(view) == 780  # the picture on screen is frame 780 = 78.0 s
    labels = [lane.label for lane in w.timeline.lanes]
    assert labels == [
        "C_LEAD · Ana", "C_LEAD · Ben", "NUR · Ana", "NUR · Ben", "DEL · Ana", "DEL · Ben",
    ]  # fmt: skip
    dele_a = w.timeline.lanes[4]
    assert dele_a.onsets.tolist() == [80200] and len(w.timeline.lanes[5].onsets) == 0
    assert w.timeline.current_mark == (79000, 80200)
    assert set(dele_a.ids) <= w.timeline.marked_ids  # A's DEL is outlined as disagreeing
    start, end = w.timeline.view_range
    assert start <= target and end >= 80200 and end - start <= 30_000
    # read only: the supervisor got no pass, and no code can land in a pass now
    assert w.opened is None and w.store.coding_pass is None
    with sqlite_db.uow() as uow:
        assert len(uow.passes.for_recording(view.rec)) == passes_before
    assert "read only" in w.windowTitle()
    bottom = w.timeline.y_for_lane(5) + 9  # every lane is on screen, the DEL pair included
    qtbot.waitUntil(lambda: w.timeline.visibleRegion().boundingRect().bottom() >= bottom - 1)
    w.grab().save("/tmp/e2/main_window_comparison.png")
    view.dialog.grab().save("/tmp/e2/reliability_disagreements.png")

    # Up goes to the previous disagreement (the extra at 52.0 s), Enter jumps there again
    qtbot.keyClick(panel.table, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: w.player.frame == 510, timeout=10_000)
    assert shown_frame(view) == 510 and w.timeline.current_mark == (52000, 52000)
    w.player.seek_frame(900)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.player.frame == 510, timeout=10_000)
    assert shown_frame(view) == 510
    assert view.dialog.isVisible()  # Enter did not close the window


def test_filter_by_kind_and_sort_by_time(qtbot, view: View):
    compute(qtbot, view)
    panel = view.dialog.disagreements
    panel.kind_boxes["miss"].setChecked(False)
    panel.kind_boxes["extra"].setChecked(False)
    assert panel.proxy.rowCount() == 1
    assert panel.proxy.disagreement_at(0).kind == "substitution"
    assert panel.count.text() == "1 of 3 disagreement(s)"
    panel.kind_boxes["miss"].setChecked(True)
    panel.kind_boxes["extra"].setChecked(True)
    panel.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert [panel.proxy.disagreement_at(r).at_ms for r in range(3)] == [79000, 52000, 47000]


def test_blind_coding_shows_the_refusal_and_nothing_else(qtbot, sqlite_db: Database, video_120s):
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    AssignOperation(sqlite_db, rec, "Ben", actor=who(sqlite_db, "Sue")).run()
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B), submit=False)  # Ben is still coding blind
    v = open_view(qtbot, sqlite_db, rec, viewer="Ben")
    compute(qtbot, v)
    assert "hidden from Ben" in v.dialog.message.text()
    assert v.dialog.irr is None
    assert v.dialog.figures.lines == [] and v.dialog.figures.confusion.rowCount() == 0
    assert v.dialog.disagreements.proxy.rowCount() == 0
    assert not v.dialog.report.button.isEnabled()
    v.dialog.grab().save("/tmp/e2/reliability_blind_refusal.png")
    v.window.player.unload()


def test_time_unit_kappa_per_code_group(qtbot, sqlite_db: Database, video_20s: Path):
    rec = import_video(sqlite_db, video_20s, "F-2", 1)
    code(sqlite_db, rec, "Ana", EXAMPLE2_A)
    code(sqlite_db, rec, "Ben", EXAMPLE2_B)
    v = open_view(qtbot, sqlite_db, rec)
    v.dialog.form.method.setCurrentIndex(1)
    compute(qtbot, v)
    assert v.dialog.message.text() == ""
    assert v.dialog.figures.group_box.currentText() == "LEAD"
    shown = {line.label: line.value for line in v.dialog.figures.lines}
    assert shown["Percent agreement"] == "90.0 %"  # domain.md worked example 2: κ = .82
    assert shown["Cohen's κ"] == "0.82  ·  almost perfect"
    matrix = np.array(
        [[int(v.dialog.figures.confusion.index(r, c).data()) for c in range(3)] for r in range(3)]
    )
    assert matrix.trace() == 18 and matrix.sum() == 20
    panel = v.dialog.disagreements
    assert [(panel.proxy.disagreement_at(r).at_ms) for r in range(panel.proxy.rowCount())] == [
        5000,
        13000,
    ]
    click_row(qtbot, v, 0)  # A still FTL, B already INT at 5 s
    qtbot.waitUntil(lambda: v.window.player.frame == 40, timeout=10_000)
    assert shown_frame(v) == 40
    assert [lane.label for lane in v.window.timeline.lanes][:2] == ["FTL · Ana", "FTL · Ben"]
    qtbot.wait(200)
    v.window.grab().save("/tmp/e2/main_window_time_unit.png")
    v.window.player.unload()


def test_all_recordings_both_coded_show_the_icc_and_open_each_recording(
    qtbot, sqlite_db: Database, video_120s: Path, video_20s: Path
):
    first = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, first, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, first, "Ben", list(EXAMPLE3_B))
    second = import_video(sqlite_db, video_20s, "F-2", 1)
    code(sqlite_db, second, "Ana", [("NUR", 2.0), ("DEL", 9.0)])
    code(sqlite_db, second, "Ben", [("NUR", 2.5)])
    v = open_view(qtbot, sqlite_db, first)
    w = v.window
    assert v.dialog.form.scope.findData("this") == -1  # nothing was open: no such choice
    assert w.open_recording(first)  # the supervisor's own coding screen is open on it
    dialog = w.open_reliability_window()
    assert dialog is v.dialog and dialog.form.scope.currentData() == "this"
    dialog.form.scope.setCurrentIndex(dialog.form.scope.findData("all"))
    compute(qtbot, v)
    result = dialog.irr
    assert result is not None and [r.recording_id for r in result.recordings] == [first, second]
    icc_text = dialog.figures.icc.text()
    for measure, (absolute, consistency) in result.icc.items():
        assert measure in icc_text
        assert absolute.form in icc_text and consistency.form in icc_text
    assert "too few to judge" in icc_text  # 2 recordings < 10: no Koo & Li band
    assert "F-2 visit 1" in icc_text  # the per-recording κ table
    qtbot.wait(200)  # let the layout settle before the screenshot
    dialog.grab().save("/tmp/e2/reliability_two_recordings.png")

    panel = dialog.disagreements
    assert not panel.table.isColumnHidden(0)  # several recordings: the Recording column shows
    rows = [panel.proxy.disagreement_at(r) for r in range(panel.proxy.rowCount())]
    row = next(i for i, d in enumerate(rows) if d.recording_id == second)
    assert rows[row].kind == "miss" and rows[row].code_a == "DEL"
    click_row(qtbot, v, row)
    qtbot.waitUntil(lambda: w.player.frame == 80, timeout=10_000)  # 9.0 s − 1 s pre-roll
    assert shown_frame(v) == 80
    assert dialog.navigator is not None and dialog.navigator.compared is not None
    assert dialog.navigator.compared.recording_id == second
    assert [lane.label for lane in w.timeline.lanes] == [
        "NUR · Ana", "NUR · Ben", "DEL · Ana", "DEL · Ben",
    ]  # fmt: skip
    # opening a recording to code returns the window to the supervisor's own pass
    assert w.open_recording(first)
    assert w.opened is not None and not any("·" in lane.label for lane in w.timeline.lanes)
    assert w.timeline.current_mark is None
    w.player.unload()
