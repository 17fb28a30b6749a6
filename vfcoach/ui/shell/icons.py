"""Toolbar icons: Qt's standard pixmaps where one fits, a drawn glyph where none does.

No icon package is needed: a glyph drawn in the palette's text colour reads well on light
and dark themes and on any platform style, and keeps buttons one fixed size.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QStyle, QWidget

SIZE = 32


def standard(widget: QWidget, pixmap: QStyle.StandardPixmap) -> QIcon:
    """One of the platform style's own icons (open, back, forward, apply...)."""
    return widget.style().standardIcon(pixmap)


def glyph(text: str, colour: str | None = None) -> QIcon:
    """A short symbol ("κ", "★", "+") drawn centred, for actions Qt has no icon for."""
    pix = QPixmap(SIZE, SIZE)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    font = QFont(QApplication.font())
    font.setPixelSize(int(SIZE * 0.72))
    font.setBold(True)
    painter.setFont(font)
    text_colour = QApplication.palette().windowText().color()
    painter.setPen(text_colour if colour is None else colour)
    painter.drawText(QRect(0, 0, SIZE, SIZE), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pix)
