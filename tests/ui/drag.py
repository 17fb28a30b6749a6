"""Files dragged from a file manager onto a widget, as Qt delivers them: enter, move, drop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget


def drag_files(target: QWidget, paths: list[Path]) -> None:
    """Qt hands a drop only to a widget that accepted the drag's enter and move first."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    how = (Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton)
    mods = Qt.KeyboardModifier.NoModifier
    for event in (QDragEnterEvent(QPoint(24, 24), *how, mods),
                  QDragMoveEvent(QPoint(28, 28), *how, mods),
                  QDropEvent(QPointF(28, 28), *how, mods)):  # fmt: skip
        QApplication.sendEvent(target, event)
        assert event.isAccepted()
