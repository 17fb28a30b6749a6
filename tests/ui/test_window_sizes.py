"""The coding window at the sizes coaches use: a usable seek slider, readable lane names."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.timeline.lane_labels import label_tip
from vfcoach.ui.timeline.timeline_view import LABEL_W, LANE_H, RULER_H


@pytest.mark.parametrize("size", [(1280, 720), (1400, 860)])
def test_seek_slider_is_wide_enough_to_use(qtbot: QtBot, window: MainWindow, size) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0], timeout=2000)
    qtbot.wait(20)  # let the layouts settle before measuring
    slider = window.video.slider
    assert slider.isVisible() and slider.isEnabled()
    assert slider.width() >= 240
    assert slider.width() >= window.video.width() * 0.5  # a row of its own, with the time
    position = window.video.position
    assert position.width() >= position.sizeHint().width()  # the time is never cut off
    window.grab().save(f"/tmp/h-trust-window-{size[0]}x{size[1]}.png")


def test_zoomed_lanes_never_cover_their_names(qtbot: QtBot, window: MainWindow) -> None:
    window.resize(1400, 860)
    window.player.seek_frame(2)
    qtbot.keyClick(window.video.view, "f")
    window.player.seek_frame(70)
    qtbot.keyClick(window.video.view, "f")  # following the lead over nearly the whole video
    timeline = window.timeline
    timeline.show_span(1500, 1000)  # zoomed in inside the stretch
    image = timeline.grab().toImage()
    lane = next(i for i, la in enumerate(timeline.lanes) if la.key == "FTL")
    y = RULER_H + lane * LANE_H + LANE_H // 2
    colour = QColor(window.store.scheme.code("FTL").colour)
    shades = {colour.name(), colour.darker(150).name()}  # drawn darker while selected
    assert image.pixelColor(LABEL_W + 20, y).name() in shades  # the stretch is in the lane
    column = {image.pixelColor(x, y).name() for x in range(0, LABEL_W - 2, 3)}
    assert not column & shades  # but not over its name


def test_long_lane_names_are_cut_with_the_whole_name_as_tooltip(window: MainWindow) -> None:
    lanes = window.timeline.lanes
    i = next(i for i, la in enumerate(lanes) if la.key == "FR")
    y = RULER_H + i * LANE_H + 3
    assert label_tip(lanes, 20, y, LABEL_W, RULER_H, LANE_H) == "Frightening or harsh moment"
    assert label_tip(lanes, LABEL_W + 5, y, LABEL_W, RULER_H, LANE_H) == ""


def test_the_ruler_never_draws_a_time_cut_off_at_the_right_edge(qtbot: QtBot) -> None:
    """A 3-s recording put "00:0" at the end of the ruler, its "3" beyond the edge."""
    from vfcoach.ui.timeline.timeline_view import TimelineView

    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(700, 120)
    view.set_duration(3000)  # the 3 s tick lands 8 px before the edge
    view.show()
    qtbot.waitExposed(view)
    image = view.grab().toImage()
    for x in range(image.width() - 6, image.width()):
        for y in range(2, RULER_H - 7):  # the labels' rows, above the tick marks
            assert image.pixelColor(x, y).lightness() > 160, (x, y)
