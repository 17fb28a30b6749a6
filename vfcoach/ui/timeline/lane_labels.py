"""The timeline's label column: lane names that always stay readable.

Labels are painted last, over an opaque column, so a stretch that starts before the view
(zoomed in) is cut at the column's edge instead of covering its lane's name. A name too
long for the column ends in "…"; the whole name is the tooltip of its row.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from vfcoach.ui.timeline.lanes import Lane

LABEL_COLUMN = QColor("#fbfbfa")
LABEL_STRIPE = QColor("#f1f1ee")


def paint_labels(
    p: QPainter, lanes: Sequence[Lane], label_w: int, ruler_h: int, lane_h: int
) -> None:
    """Paint the column and each lane's (elided) name; `p` already has the font set."""
    metrics = QFontMetrics(p.font())
    p.fillRect(QRectF(0, ruler_h, label_w, lane_h * len(lanes)), LABEL_COLUMN)
    for i, lane in enumerate(lanes):
        top = ruler_h + i * lane_h
        if i % 2:
            p.fillRect(QRectF(0, top, label_w, lane_h), LABEL_STRIPE)
        if i and lane.coder and lanes[i - 1].key != lane.key:
            p.setPen(QPen(QColor("#9a9a94"), 1))
            p.drawLine(QPointF(0, top), QPointF(label_w, top))
        p.setPen(QColor("#333333"))
        shown = metrics.elidedText(lane.label, Qt.TextElideMode.ElideRight, label_w - 12)
        p.drawText(
            QRectF(6, top, label_w - 10, lane_h),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            shown,
        )
    p.setPen(QPen(QColor("#c9c9c3"), 1))
    p.drawLine(QPointF(label_w - 1, ruler_h), QPointF(label_w - 1, ruler_h + lane_h * len(lanes)))


def label_tip(
    lanes: Sequence[Lane], x: float, y: float, label_w: int, ruler_h: int, lane_h: int
) -> str:
    """The full name of the lane under (x, y) in the label column, else ""."""
    if x >= label_w or y < ruler_h:
        return ""
    index = int((y - ruler_h) // lane_h)
    if not 0 <= index < len(lanes):
        return ""
    lane = lanes[index]
    return f"{lane.label} ({lane.coder})" if lane.coder else lane.label
