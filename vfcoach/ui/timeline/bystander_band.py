"""Flagged bystander spans on the timeline: a hatched band over every lane (domain.md §7.4).

Hatched, not tinted, so it never reads as a code or as the blue in/out range, and it is
seen at a glance: "nothing here goes into a reel". Drawn over the cached lanes like the
range marks, so flagging never repaints the lanes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

HATCH = QColor("#8a4b08")  # dark amber: a warning, not a code colour
FILL = QColor(138, 75, 8, 28)


def paint_bystanders(
    p: QPainter,
    spans: Sequence[tuple[int, int]],
    x_at: Callable[[float], float],
    left: float,
    height: float,
) -> None:
    """Each (start_ms, end_ms) as a hatched band with edges, clipped to the right of `left`."""
    for start_ms, end_ms in spans:
        x0, x1 = max(x_at(start_ms), left), max(x_at(end_ms), left)
        if x1 <= left:
            continue
        rect = QRectF(x0, 0, max(x1 - x0, 3), height)
        p.fillRect(rect, FILL)
        p.fillRect(rect, QBrush(HATCH, Qt.BrushStyle.BDiagPattern))
        p.setPen(QPen(HATCH, 1))
        p.drawRect(rect)
