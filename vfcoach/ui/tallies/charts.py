"""Small charts for the Tallies panel (Qt Charts): per-window rates and trends over visits.

They only draw the numbers they are given; every figure comes from `vfcoach.coding.tally`.
"""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.tally.trends import TrendSeries
from vfcoach.coding.tally.windows import WindowRate

ACCENT = QColor("#7d3c98")
THRESHOLD = QColor("#c0392b")


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setMargins(QMargins(2, 2, 2, 2))
    chart.setBackgroundRoundness(0)
    return chart


def round_axis(axis: QValueAxis, top: float) -> None:
    """0 up to a round number above `top`, ticks on round steps (1, 2, 2.5 or 5 × 10ⁿ), at
    most about five of them: "0.5, 1.0, 1.5", never "0.0, 0.3, 0.6, 0.9"."""
    step = nice_step(max(top, 0.5) / 4)
    upper = math.ceil(max(top, 0.5) * 1.1 / step) * step
    axis.setRange(0, upper)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(step)
    decimals = 0
    while abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9 and decimals < 6:
        decimals += 1
    axis.setLabelFormat(f"%.{decimals}f")


def nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5, 5 (times a power of ten) at least `raw`."""
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw - 1e-12:
            return float(m * power)
    return float(10 * power)


def _threshold_pen() -> QPen:
    pen = QPen(THRESHOLD)
    pen.setStyle(Qt.PenStyle.DashLine)
    pen.setWidthF(1.5)
    return pen


class WindowChart(QChartView):
    """Comments per minute in each 5-minute window, with the fidelity line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart("Comments per minute, by 5-minute window"), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(150)
        self.bar_values: list[float] = []

    def show_windows(self, windows: tuple[WindowRate, ...], min_rate: float) -> None:
        chart = _chart(self.chart().title())
        bars = QBarSet("rate")
        bars.setColor(ACCENT)
        labels = []
        self.bar_values = [w.rate_per_min or 0.0 for w in windows]
        for w, value in zip(windows, self.bar_values, strict=True):
            bars.append(value)
            labels.append(format_ms(w.start_ms)[3:8])
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(labels or [""])
        y = QValueAxis()
        round_axis(y, max([*self.bar_values, min_rate]))
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        if windows:
            line = QLineSeries()
            line.setPen(_threshold_pen())
            line.append(QPointF(-0.5, min_rate))
            line.append(QPointF(len(windows) - 0.5, min_rate))
            chart.addSeries(line)
            lx = QValueAxis()
            lx.setRange(-0.5, len(windows) - 0.5)
            lx.setVisible(False)
            chart.addAxis(lx, Qt.AlignmentFlag.AlignTop)
            line.attachAxis(lx)
            line.attachAxis(y)
        self.setChart(chart)


class TrendChart(QChartView):
    """Rate per minute across visits, with each visit's own fidelity line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_chart("Comments per minute over time"), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(150)
        self.points: list[tuple[int, float]] = []

    def show_series(self, series: TrendSeries | None) -> None:
        chart = _chart(self.chart().title())
        self.points = []
        if series is None or len(series) == 0:
            chart.setTitle("Comments per minute over time (nothing coded yet)")
            self.setChart(chart)
            return
        rate, dots, limit = QLineSeries(), QScatterSeries(), QLineSeries()
        rate.setColor(ACCENT)
        dots.setColor(ACCENT)
        dots.setMarkerSize(8)
        limit.setPen(_threshold_pen())
        for i, value in enumerate(series.rate_per_min):
            if value is not None:
                self.points.append((i, value))
                rate.append(QPointF(i, value))
                dots.append(QPointF(i, value))
            limit.append(QPointF(i, series.min_rate_per_min[i]))
        for s in (limit, rate, dots):
            chart.addSeries(s)
        x = QBarCategoryAxis()
        x.append(list(series.labels))
        x.setRange(series.labels[0], series.labels[-1])
        y = QValueAxis()
        round_axis(y, max([v for _, v in self.points] + list(series.min_rate_per_min)))
        lx = QValueAxis()
        lx.setRange(-0.3, max(len(series) - 1, 0) + 0.3)
        lx.setVisible(False)
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(lx, Qt.AlignmentFlag.AlignTop)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        for s in (limit, rate, dots):
            s.attachAxis(lx)
            s.attachAxis(y)
        self.setChart(chart)
