"""*Add videos…*: bring several video files in, each into a family's visit, without a terminal.

The dialog opens with the files chosen (or dropped on the browser) and checks them at once on
the runner's parallel lane (probe, fingerprint, decode: a progress dialog with Cancel). The
table then says what was found for each: ready, already in the database ("This video is
already F-0001, visit 2"), damaged ("frames 42 and 44 cannot be shown") or refused with the
CLI's own words. The coach places each file in a family (an existing code, or a new
pseudonymous one), a visit (the next number and the file's date are suggested) and
optionally a child, then *Add* writes all of them in one go on the serial lane.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.project import Recording
from vfcoach.services.access import Actor
from vfcoach.services.recordings.add import AddRecordingsOperation, check_files, next_visit_numbers
from vfcoach.storage.database import Database
from vfcoach.ui.recordings.add_model import CHILD, FAMILY, FOUND, AddVideosModel
from vfcoach.ui.runner import Lane, TaskRunner

VIDEO_FILTER = "Videos (*.mp4 *.mov *.m4v *.mkv *.avi *.mts *.m2ts *.3gp *.webm);;All files (*)"
INTRO = (
    "Each video goes into a visit of a family. Families are known only by a code "
    "(for example F-0417), never by a name. Type a new code to start a new family. "
    "Double-click a family, visit, date or child in the list to change it. "
    "A new family's consent to coaching is recorded in your name, today; record any "
    "other use (caregiver viewing, supervision, ...) in Family > Consent."
)


def choose_video_files(parent: QWidget | None) -> list[Path]:
    """The system's file chooser, several files at once; empty if the coach cancels."""
    names, _ = QFileDialog.getOpenFileNames(parent, "Add videos", "", VIDEO_FILTER)
    return [Path(n) for n in names]


class FamilyDelegate(QStyledItemDelegate):
    """An editable list of the stored family codes: pick one, or type a new code."""

    def __init__(self, codes: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = codes

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        box = QComboBox(parent)
        box.setEditable(True)
        box.addItems(self.codes)
        return box

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


KEEP_IN_PLACE = "Keep these videos where they are (not encrypted by vfcoach)"
KEEP_IN_PLACE_TIP = (
    "Normally vfcoach keeps an encrypted copy of each video in its own folder, so it is "
    "protected even if the laptop is lost. Tick this to use the files where they are instead; "
    "then protecting them is up to you."
)


class AddVideosDialog(QDialog):
    """Check, place and add video files; `added` carries the new recordings."""

    added = Signal(list)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        actor: Actor,
        paths: list[Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.runner, self.actor = db, runner, actor
        self.setWindowTitle("Add videos")
        self.resize(1060, 420)
        numbers = next_visit_numbers(db)
        self.model = AddVideosModel(numbers)
        self.model.problem.connect(lambda text: self.say(text, error=True))
        self.model.chosen_changed.connect(self._update_button)
        codes = sorted(numbers)

        self.family_all = QComboBox()
        self.family_all.setEditable(True)
        self.family_all.addItems(codes)
        self.family_all.setCurrentText("")
        line = self.family_all.lineEdit()
        if line is not None:
            line.setPlaceholderText("a family code, e.g. F-0417")
        apply_all = QPushButton("Use for every video")
        apply_all.clicked.connect(self.use_family_for_all)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(FAMILY, FamilyDelegate(codes, self.table))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FOUND, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHILD, QHeaderView.ResizeMode.Interactive)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        self.keep_in_place = QCheckBox(KEEP_IN_PLACE)
        self.keep_in_place.setToolTip(KEEP_IN_PLACE_TIP)
        self.keep_in_place.setChecked(False)  # default: an encrypted copy in vfcoach's store

        more = QPushButton("Add more files…")
        more.clicked.connect(lambda: self.add_files(choose_video_files(self)))
        cancel = QPushButton("Cancel")
        cancel.clicked.connect(self.reject)
        self.add_button = QPushButton("Add")
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.add_chosen)

        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        family_row = QHBoxLayout()
        family_row.addWidget(QLabel("Family for these videos:"))
        family_row.addWidget(self.family_all, 1)
        family_row.addWidget(apply_all)
        buttons = QHBoxLayout()
        buttons.addWidget(more)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(family_row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.keep_in_place)
        layout.addLayout(buttons)
        self._update_button()
        self.add_files(paths)

    # --- checking -----------------------------------------------------------------------
    def add_files(self, paths: list[Path]) -> None:
        """Put files in the table and check the new ones on the parallel lane."""
        self.model.add_paths([p.expanduser().absolute() for p in paths], self._family_all())
        todo = self.model.unchecked()
        if not todo or self.runner.busy_for(self):
            return
        self.say(f"Checking {len(todo)} file(s)…")
        self.runner.start(
            lambda progress, token: check_files(self.db, todo, progress, token),
            title="Checking the videos",
            on_done=self._checked,
            on_error=self._check_failed,
            parent_widget=self,
            owner=self,
        )

    def _checked(self, checks: Any) -> None:
        self.model.set_checks(list(checks))
        self.table.resizeRowsToContents()
        refused = sum(1 for c in checks if not c.usable)
        self.say(
            f"{refused} file{'' if refused == 1 else 's'} cannot be added; the list says why."
            if refused
            else "",
            error=bool(refused),
        )
        if self.model.unchecked():  # files added while the first check ran
            self.add_files([])

    def _check_failed(self, text: str) -> None:
        self.model.mark_cancelled()
        self.say("Checking was cancelled; nothing was added." if text == "Cancelled." else text,
                 error=True)  # fmt: skip

    # --- placing and adding -------------------------------------------------------------
    def _family_all(self) -> str:
        return self.family_all.currentText().strip()

    def use_family_for_all(self) -> None:
        code = self._family_all()
        if code:
            self.model.set_family_for_all(code)

    def _update_button(self) -> None:
        n = len(self.model.placements())
        self.add_button.setText(f"Add {n} video{'' if n == 1 else 's'}")
        self.add_button.setEnabled(n > 0)

    def add_chosen(self) -> None:
        """Write every ticked file on the serial lane; a missing family is asked for first."""
        placements = self.model.placements()
        unplaced = [p.check.path.name for p in placements if not p.family_code]
        if unplaced:
            self.say(f"Choose a family for {', '.join(unplaced)}.", error=True)
            return
        keep = self.keep_in_place.isChecked()
        placements = [dataclasses.replace(p, keep_in_place=keep) for p in placements]
        op = AddRecordingsOperation(self.db, placements, self.actor)
        self.add_button.setEnabled(False)
        self.runner.start(
            op.run,
            title="Adding the videos",
            on_done=self._added,
            on_error=self._add_failed,
            parent_widget=self,
            lane=Lane.SERIAL,
            owner=self,
        )

    def _added(self, recordings: Any) -> None:
        added: list[Recording] = list(recordings)
        self.added.emit(added)
        self.accept()

    def _add_failed(self, text: str) -> None:
        self._update_button()
        self.say("Adding was cancelled; nothing was added." if text == "Cancelled." else
                 f"Nothing was added: {text}", error=True)  # fmt: skip

    def say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #a4161a;" if error else "")

    def done(self, result: int) -> None:
        self.runner.discard(self)  # a closed dialog is never called back
        super().done(result)
