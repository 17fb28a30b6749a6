"""The Tallies panel follows the keyboard: code comments, read the figures and the verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt

from vfcoach.coding.tally.thresholds import VerdictStatus


def comment(qtbot, window, frame: int, on_target: str) -> None:
    window.player.seek_frame(frame)
    qtbot.keyClick(window.video.view, "m")
    qtbot.keyClick(window.video.view, "2")  # target FTL
    qtbot.keyClick(window.video.view, on_target)  # 1 yes, 2 no
    qtbot.keyClick(window.video.view, "1")  # positive
    qtbot.keyClick(window.video.view, Qt.Key.Key_Escape)


def test_tallies_update_live_while_coding(qtbot, window):
    panel = window.tally_panel
    window.tabs.setCurrentWidget(panel)
    assert panel.figures["Comments"].text() == "0"
    assert panel.figures["On target"].text() == "—"  # never 0 % when nothing was said
    comment(qtbot, window, 10, "1")
    comment(qtbot, window, 30, "1")
    comment(qtbot, window, 50, "2")
    qtbot.waitUntil(lambda: panel.figures["Comments"].text() == "3", timeout=2000)
    assert panel.figures["On target"].text() == "66.7 %"
    assert panel.figures["Coded time"].text() == "0:03 min"
    assert panel.figures["Per minute"].text() == "60.00"
    assert window.tallies.tally.verdict.status is VerdictStatus.DOES_NOT_MEET
    assert panel.banner_title.text() == "Below the fidelity thresholds"
    assert "80 % on target" in panel.banner.text()
    assert panel.targets.rowCount() >= 1
    assert panel.windows.bar_values == [60.0]

    # one undo takes back the whole off-target comment, its modifier answers included
    window.coding.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.figures["Comments"].text() == "2", timeout=2000)
    assert panel.figures["On target"].text() == "100.0 %"
    assert window.tallies.tally.verdict.status is VerdictStatus.MEETS


def test_fidelity_clip_choice_counts_only_inside_clips(qtbot, window):
    panel = window.tally_panel
    comment(qtbot, window, 10, "1")
    window.player.seek_frame(25)
    qtbot.keyClick(window.video.view, "y")  # start a fidelity clip (state code)
    window.player.seek_frame(60)
    qtbot.keyClick(window.video.view, "y")  # end it
    comment(qtbot, window, 40, "1")
    panel.clip.setCurrentIndex(panel.clip.findData("fidelity"))
    qtbot.waitUntil(lambda: panel.figures["Comments"].text() == "1", timeout=2000)
    assert panel.figures["Coded time"].text() == "0:01 min"  # 25..60 = 1.4 s
    panel.clip.setCurrentIndex(panel.clip.findData("all"))
    qtbot.waitUntil(lambda: panel.figures["Comments"].text() == "2", timeout=2000)


def test_trend_over_the_family_or_all_of_the_coders_recordings(
    qtbot, window, sqlite_db, cfr_video, tmp_path
):
    from vfcoach.services.recordings.import_recording import ImportRecordingOperation

    first = window.opened.recording.id
    comment(qtbot, window, 10, "1")
    copy = tmp_path / "other.mp4"
    copy.write_bytes(cfr_video.read_bytes())
    other = ImportRecordingOperation(sqlite_db, copy, "F-0002").run()
    assert window.open_recording(other.id)
    assert window.start_coding()  # the coder starts coding the second recording too
    comment(qtbot, window, 20, "1")
    panel = window.tally_panel
    with qtbot.waitSignal(window.tallies.trend_shown, timeout=5000):
        assert window.open_recording(first)
    assert len(panel.trend.points) == 1  # this family: one coded visit
    with qtbot.waitSignal(window.tallies.trend_shown, timeout=5000):
        panel.trend_scope.setCurrentIndex(panel.trend_scope.findData("coder"))
    assert len(panel.trend.points) == 2  # the coder: both families' recordings


def test_verdict_is_plain_text_and_keeps_the_less_than_sign(qtbot, window):
    panel = window.tally_panel
    comment(qtbot, window, 10, "1")
    comment(qtbot, window, 30, "2")
    qtbot.waitUntil(lambda: panel.figures["Comments"].text() == "2", timeout=2000)
    assert panel.banner.textFormat() == Qt.TextFormat.PlainText
    assert "on-target 50 % < 80 %" in panel.banner.text()
    for label in (panel.banner_title, panel.coder, panel.notes, *panel.figures.values()):
        assert label.textFormat() == Qt.TextFormat.PlainText


def test_trend_follows_each_edit(qtbot, window):
    panel = window.tally_panel
    qtbot.waitUntil(lambda: window.tallies._trend_request > 0, timeout=2000)
    comment(qtbot, window, 10, "1")
    with qtbot.waitSignal(window.tallies.trend_shown, timeout=5000):
        pass
    qtbot.waitUntil(lambda: len(panel.trend.points) == 1, timeout=5000)
    first = panel.trend.points[0][1]
    comment(qtbot, window, 30, "1")
    qtbot.waitUntil(lambda: panel.trend.points and panel.trend.points[0][1] > first, timeout=5000)


def test_axes_tick_on_round_numbers(qtbot, window):
    from PySide6.QtCharts import QValueAxis

    from vfcoach.ui.tallies.charts import nice_step

    assert [nice_step(x) for x in (0.13, 0.3, 0.9, 2.2, 7, 15)] == [0.2, 0.5, 1, 2.5, 10, 20]
    panel = window.tally_panel
    comment(qtbot, window, 10, "1")
    qtbot.waitUntil(lambda: panel.windows.bar_values == [20.0], timeout=2000)
    (y,) = [
        a
        for a in panel.windows.chart().axes()
        if isinstance(a, QValueAxis) and a.isVisible() and a.max() > 1
    ]
    assert y.tickInterval() == 5 and y.min() == 0 and y.max() % 5 == 0


def test_targets_are_named_in_plain_words(qtbot, window):
    panel = window.tally_panel
    comment(qtbot, window, 10, "1")  # target: following the lead
    qtbot.waitUntil(lambda: panel.figures["Comments"].text() == "1", timeout=2000)
    names = [panel.targets.item(r, 0).text() for r in range(panel.targets.rowCount())]
    assert "following the lead" in names
    assert not {"FTL", "AVOID_FR", "NUR"} & set(names)
