"""Drift: each coder's κ against the master coder over time, with the retraining line.

One line per coder, dated by submission; the organisation's warning line (default .60)
dashed in red; every point under it drawn again as a large red dot so a slide is seen
before it is read. κ that is undefined (one category) leaves a gap instead of a fake 0.
An empty chart says why in its middle (not computed yet, no master coder, nothing coded by
both), so a blank grid is never left to be read as "no drift".
"""

from __future__ import annotations

import datetime as dt
import math

from PySide6.QtCharts import (
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime
from PySide6.QtGui import QColor, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from vfcoach.services.reliability.irr import DriftPoint

WARNING = QColor("#c0392b")
PALETTE = ("#1f5f8b", "#7d3c98", "#2e7d4f", "#b9770e", "#5d6d7e", "#a04000")
_DAY_MS = 86_400_000
NOT_COMPUTED = "Nothing plotted yet: press Compute drift to plot each coder against the master."


def _ms(day: dt.date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


class DriftChart(QChartView):
    """Draws what `DriftOperation` returned; keeps the series so tests can read them back."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(QChart(), parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.threshold_series: QLineSeries | None = None
        self.below: list[tuple[str, DriftPoint]] = []
        self.coder_series: dict[str, QLineSeries] = {}
        self.empty_note = QLabel(self.viewport())
        self.empty_note.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_note.setWordWrap(True)
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setStyleSheet(
            "background: rgba(255, 255, 255, 230); color: #333; font-size: 11pt;"
            " border: 1px solid #bbb; border-radius: 6px; padding: 10px 14px;"
        )
        self.show_points({}, 0.60, NOT_COMPUTED)

    def show_points(
        self, points: dict[str, list[DriftPoint]], warning: float, empty_reason: str = ""
    ) -> None:
        """Draw `points`; with nothing to draw, `empty_reason` is written across the chart."""
        plotted = any(not math.isnan(p.kappa) for pts in points.values() for p in pts)
        reason = empty_reason or "No κ to plot: every comparison had a single category."
        self.empty_note.setText("" if plotted else reason)
        self.empty_note.setVisible(not plotted)
        self._place_note()
        chart = QChart()
        chart.setTitle("κ against the master coder, per recording, by date submitted")
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        x = QDateTimeAxis()
        x.setFormat("yyyy-MM-dd")
        x.setTitleText("Date")
        y = QValueAxis()
        y.setTitleText("κ")
        y.setLabelFormat("%.1f")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        days = [p.when for pts in points.values() for p in pts]
        first, last = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
        lo_ms, hi_ms = _ms(first) - 3 * _DAY_MS, _ms(last) + 3 * _DAY_MS
        x.setRange(
            QDateTime.fromMSecsSinceEpoch(int(lo_ms)), QDateTime.fromMSecsSinceEpoch(int(hi_ms))
        )
        kappas = [p.kappa for pts in points.values() for p in pts if not math.isnan(p.kappa)]
        low = math.floor(min([0.0, *kappas]) * 5) / 5  # ticks on fifths: .2, .4 ...
        y.setRange(low, 1.0)
        y.setTickCount(round((1.0 - low) * 5) + 1)
        x.setTickCount(min(max(len(set(days)), 2), 7))

        self.coder_series, self.below = {}, []
        below = QScatterSeries()
        below.setName(f"below {warning:.2f}")
        below.setColor(WARNING)
        below.setBorderColor(WARNING)
        below.setMarkerSize(12)
        for i, (coder, pts) in enumerate(sorted(points.items())):
            line = QLineSeries()
            line.setName(coder)
            pen = QPen(QColor(PALETTE[i % len(PALETTE)]))
            pen.setWidthF(2.0)
            line.setPen(pen)
            line.setPointsVisible(True)
            for p in pts:
                if math.isnan(p.kappa):
                    continue
                line.append(QPointF(_ms(p.when), p.kappa))
                if round(p.kappa, 2) < warning:
                    below.append(QPointF(_ms(p.when), p.kappa))
                    self.below.append((coder, p))
            self._attach(chart, line, x, y)
            self.coder_series[coder] = line

        threshold = QLineSeries()
        threshold.setName(f"retrain below κ {warning:.2f}")
        pen = QPen(WARNING)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setWidthF(1.5)
        threshold.setPen(pen)
        threshold.append(QPointF(lo_ms, warning))
        threshold.append(QPointF(hi_ms, warning))
        self._attach(chart, threshold, x, y)
        self.threshold_series = threshold
        if self.below:
            self._attach(chart, below, x, y)
        self.setChart(chart)

    def _place_note(self) -> None:
        width = min(460, max(200, self.viewport().width() - 40))
        self.empty_note.setFixedWidth(width)
        self.empty_note.adjustSize()
        area = self.viewport().rect()
        self.empty_note.move(
            area.center().x() - width // 2, area.center().y() - self.empty_note.height() // 2
        )
        self.empty_note.raise_()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_note()

    @staticmethod
    def _attach(chart: QChart, series: QXYSeries, x: QDateTimeAxis, y: QValueAxis) -> None:
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)
