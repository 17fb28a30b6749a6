"""The browser's place in the window: the family tree, or, while it is empty, the way in.

An empty data folder shows a short sentence and an *Add videos…* button instead of a blank
tree, so a new coach sees where to start. Both pages take video files dropped from the
desktop or a file manager (`FileDrop`); the pane only emits signals, and whoever owns the
add-videos dialog answers them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QLabel, QPushButton, QStackedWidget, QTreeView, QVBoxLayout, QWidget

EMPTY_TEXT = (
    "No videos yet (archived ones are hidden: tick Show archived).\n\n"
    "Add the video of a home visit to start coding, or drop video files here."
)


def _local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    data = event.mimeData()
    if data is None or not data.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in data.urls() if u.isLocalFile()]


class FileDrop(QObject):
    """An event filter that accepts files dragged onto a widget and emits their paths."""

    files_dropped = Signal(list)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDragMoveEvent)
            if _local_files(event):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = _local_files(event)
            if paths:
                event.acceptProposedAction()
                self.files_dropped.emit(paths)
                return True
        return False

    def watch(self, widget: QWidget) -> None:
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)


class BrowserPane(QStackedWidget):
    """The tree when there is something in it, else the empty page with its button."""

    add_requested = Signal()
    files_dropped = Signal(list)

    def __init__(
        self,
        tree: QTreeView,
        asks_nothing: Callable[[], bool] = lambda: True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tree = tree
        # An empty tree under a search or a filter is an answer, not an empty data folder.
        self._asks_nothing = asks_nothing
        self.empty = QWidget()
        text = QLabel(EMPTY_TEXT)
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.add_button = QPushButton("Add videos…")
        self.add_button.clicked.connect(self.add_requested)
        layout = QVBoxLayout(self.empty)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.addWidget(tree)
        self.addWidget(self.empty)
        self.drop = FileDrop(self)
        self.drop.files_dropped.connect(self.files_dropped)
        self.drop.watch(tree.viewport())
        self.drop.watch(self.empty)
        model = tree.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._show_page)
        self._show_page()

    def _show_page(self) -> None:
        empty = not self.tree.model().rowCount() and self._asks_nothing()
        self.setCurrentWidget(self.empty if empty else self.tree)
