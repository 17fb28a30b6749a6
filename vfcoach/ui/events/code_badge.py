"""The small coloured key badge that stands beside a code's plain name in lists.

The event list names codes in words ("Following the lead"); the badge carries the key the
coach presses ("F") in the code's colour, as on the code panel, so the two can be matched
at a glance without showing internal code keys (`FTL`) to anyone.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

SIZE = 16


@lru_cache(maxsize=256)
def badge_icon(colour: str, letter: str) -> QIcon:
    """A rounded square in `colour` with `letter` in white (cached: one per code)."""
    pixmap = QPixmap(SIZE * 2, SIZE * 2)  # drawn at twice the size: crisp on HiDPI
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(colour))
    p.drawRoundedRect(QRectF(0, 0, SIZE, SIZE), 3, 3)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(11)
    p.setFont(font)
    p.setPen(QColor("white"))
    p.drawText(QRectF(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, letter.upper())
    p.end()
    return QIcon(pixmap)
