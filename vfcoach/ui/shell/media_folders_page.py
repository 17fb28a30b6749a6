"""Settings → Media folders: this computer's folders where moved videos are looked for.

A team shares the database but each computer keeps its videos in its own folders, so this
list is saved on this computer only (`storage.media_folders`, the same list as
`vfcoach media roots`), never in the database. A folder is checked when it is added (it must
exist and be a folder) so a mistake is said at once; the list is written when Settings is
saved, with everything else, or not at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.storage.media_folders import checked_folder

EXPLAIN = (
    "When a recording's video is not where it was added (another coach's computer, a moved "
    "folder), vfcoach looks for the same video in these folders and the folders inside them. "
    "It recognises the video by its content, not its name. This list is kept on this computer "
    "only."
)


class MediaFoldersPage(QWidget):
    """The list with Add… and Remove; `folders()` is what Save writes."""

    def __init__(self, folders: tuple[str, ...]) -> None:
        super().__init__()
        self.model = QStringListModel(list(folders), self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.add_button = QPushButton("Add…")
        self.add_button.clicked.connect(self._choose)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        explain = QLabel(EXPLAIN)
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self.view.selectionModel().selectionChanged.connect(self._enable)
        self._enable()

    def folders(self) -> list[str]:
        return self.model.stringList()

    def _enable(self) -> None:
        self.remove_button.setEnabled(self.view.selectionModel().hasSelection())

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder that holds videos")
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str | Path) -> bool:
        """Add `folder` to the list shown (saved with Settings); False, saying why, if refused."""
        try:
            real = str(checked_folder(folder))
        except VfcoachError as exc:
            self._say(f"Not added: {exc}", error=True)
            return False
        if real in self.folders():
            self._say(f"{real} is in the list already.", error=False)
            return False
        self.model.setStringList([*self.folders(), real])
        self._say(f"Added {real}. It is used once Settings is saved.", error=False)
        return True

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()}, reverse=True)
        for row in rows:
            self.model.removeRows(row, 1)
        if rows:
            self._say("Removed. This takes effect once Settings is saved.", error=False)

    def _say(self, text: str, error: bool) -> None:
        self.result.setStyleSheet("color: #a93226;" if error else "color: #2e7d32;")
        self.result.setText(text)
