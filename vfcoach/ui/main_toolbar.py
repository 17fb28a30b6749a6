"""The coding screen's toolbar: the acting coder, undo, and the actions on what is open.

Every action reads what is open and who is acting from the window's `CodingSession`, and
asks the window to open or reopen a recording through its public methods; nothing here
keeps a copy of the window's state. Kept out of `main_window.py` so the window stays a
wiring of parts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QStyle,
    QToolBar,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.services.recordings.relink import RelinkOperation
from vfcoach.ui.coding.pass_actions import PassActions
from vfcoach.ui.coding.save_notice import undo_actions
from vfcoach.ui.fidelity_actions import FidelityActions
from vfcoach.ui.people.first_start import ask_person
from vfcoach.ui.reels.actions import open_reel_editor
from vfcoach.ui.reels.add_moments import install_reel_moments
from vfcoach.ui.shell.icons import glyph, standard

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

NEW_CODER = "New person…"
SP = QStyle.StandardPixmap


class MainToolbar(QToolBar):
    """Builds the actions once; the window keeps references to the ones tests and keys use."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__("Main")
        self.setObjectName("mainToolbar")
        self._window = window
        self._session = session = window.session
        db = window.db
        self.setMovable(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.setIconSize(QSize(22, 22))
        self.undo_action, self.redo_action = undo_actions(window, window.coding)
        self.undo_action.setIcon(standard(self, SP.SP_ArrowBack))
        self.redo_action.setIcon(standard(self, SP.SP_ArrowForward))
        self.addWidget(QLabel(" Coder: "))
        self.coder_box = QComboBox()
        self.coder_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # A fixed width: a long coder name must not push the buttons along.
        self.coder_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.coder_box.setMinimumContentsLength(14)
        self.coder_box.activated.connect(self._on_coder_chosen)
        self.addWidget(self.coder_box)
        self.addSeparator()
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.addSeparator()
        self.relink_action = self._act(
            "Find moved recording…", "Moved video", standard(self, SP.SP_DirOpenIcon), self.relink
        )
        self.fidelity = FidelityActions(db, window, session, window.reopen)
        self.scheme_action = self._act(
            "Code scheme…", "Scheme", standard(self, SP.SP_FileDialogDetailedView),
            self.fidelity.edit_scheme,
        )  # fmt: skip
        self.draw_clips_action = self._act(
            "Draw fidelity clips…", "Fidelity clips", glyph("✂"), self.fidelity.draw_clips
        )
        self.thresholds_action = self._act(
            "Fidelity thresholds…", "Thresholds", glyph("%"), self.fidelity.edit_thresholds
        )
        self.addSeparator()
        self.reels_action = self._act("Highlight reels…", "Reels", glyph("★"), self.open_reels)
        parts = (window.events, window.player, window.video, window.timeline, window.status)
        self.moments = install_reel_moments(window, self, db, parts, session)
        self.moments.add_events_action.setIconText("Add to reel")
        self.moments.add_events_action.setIcon(glyph("+"))
        self.moments.add_range_action.setIcon(glyph("⇥"))
        self.addSeparator()
        self.pass_actions = PassActions(db, window, session, window.reopen)
        self.submit_action = self._act(
            "Submit my coding…", "Submit", standard(self, SP.SP_DialogApplyButton),
            self.pass_actions.submit_mine,
        )  # fmt: skip
        self.reliability_action = self._act(
            "Reliability…", "Reliability", glyph("κ"), window.open_reliability_window
        )
        window.addAction(self.undo_action)
        window.addAction(self.redo_action)

    def _act(self, text: str, short: str, icon: QIcon, slot: object) -> QAction:
        """A toolbar action: a short fixed label under its icon; the full text in the
        tooltip and the menus, so no button ever changes width."""
        action = QAction(icon, text, self._window)
        action.setIconText(short)
        action.setToolTip(text.rstrip("…"))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def set_coders(self, names: list[str]) -> None:
        """The coders of this database, the acting one always among them, then "New person…"."""
        current = self._session.coder_name
        if current not in names:
            names.append(current)
        self.coder_box.clear()
        self.coder_box.addItems(sorted(names))
        self.coder_box.addItem(NEW_CODER)
        self.coder_box.setCurrentText(current)

    def _on_coder_chosen(self, index: int) -> None:
        text = self.coder_box.itemText(index)
        if text == NEW_CODER:  # asked like the first start: a name and a role, then recorded
            person = ask_person(self._window.db, self._window.prefs, self._window, always=True)
            if person is None:
                self.coder_box.setCurrentText(self._session.coder_name)
                return
            text = person.name
        self._session.act_as(text)

    def open_reels(self) -> None:
        opened = self._session.opened
        if opened is None:
            self._window.status.showMessage("Open a recording of the visit first", 4000)
            return
        window = self._window
        open_reel_editor(window.db, opened.recording.visit_id, self._session, window, window.runner)

    def relink(self) -> None:
        opened = self._session.opened
        if opened is None:
            return
        window = self._window
        folder = QFileDialog.getExistingDirectory(window, "Folder that holds the moved recording")
        if not folder:
            return
        try:
            path = RelinkOperation(window.db, opened.recording.id, Path(folder)).run()
        except VfcoachError as exc:
            QMessageBox.warning(window, "Recording not found", str(exc))
            return
        window.status.showMessage(f"Found {Path(path).name}")
        window.open_recording(opened.recording.id)
