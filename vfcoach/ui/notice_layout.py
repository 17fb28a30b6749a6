"""One way to put a notice bar above a pane, so every bar in the window sits alike.

The save notice and the media notice both stack over the video: a bar that pushes the pane
down (never covers it) and takes no stretch, so the picture keeps its size when it hides.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget


def above(notice: QWidget, widget: QWidget) -> QWidget:
    """`widget` with `notice` on top of it, for the window's layout."""
    column = QWidget()
    layout = QVBoxLayout(column)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(notice)
    layout.addWidget(widget, 1)
    return column
