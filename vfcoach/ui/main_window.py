"""The coding screen: browser, video with timeline, code panel and event list.

It wires signals between parts that never reach into each other, and creates all its
actions and shortcuts in one place (`_create_actions`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import AnnotationId, RecordingId
from vfcoach.coding.project import Recording
from vfcoach.coding.tally import ClipChoice, TrendSeries
from vfcoach.services.recordings.open_for_coding import OpenedRecording, open_recording
from vfcoach.services.recordings.relink import RelinkOperation
from vfcoach.services.recordings.tree import load_browser_nodes
from vfcoach.services.tally.tally import TrendOperation
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import BrowserModel, RecordingRole
from vfcoach.ui.coding.code_panel import CodePanel
from vfcoach.ui.coding.coding_controller import CodingController
from vfcoach.ui.coding.pass_actions import PassActions
from vfcoach.ui.coding.save_notice import SaveNotice, undo_actions
from vfcoach.ui.events.event_list import EventList
from vfcoach.ui.events.event_model import AnnotationTableModel
from vfcoach.ui.fidelity_actions import FidelityActions
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.player.video_pane import VideoPane
from vfcoach.ui.reels.actions import open_reel_editor
from vfcoach.ui.reels.add_moments import install_reel_moments
from vfcoach.ui.reliability.actions import open_reliability
from vfcoach.ui.reliability.window import ReliabilityWindow
from vfcoach.ui.runner import OperationRunner
from vfcoach.ui.stores.annotation_store import AnnotationStore
from vfcoach.ui.tallies.tally_controller import TallyController, TrendProvider, TrendScope
from vfcoach.ui.tallies.tally_panel import TallyPanel
from vfcoach.ui.timeline.lanes import build_lanes
from vfcoach.ui.timeline.timeline_view import TimelineView

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, coder_name: str = "Coach") -> None:
        super().__init__()
        self.db = db
        self.coder_name = coder_name
        self.opened: OpenedRecording | None = None
        self.reliability_window: ReliabilityWindow | None = None
        self.setWindowTitle("vfcoach")
        self.resize(1400, 860)

        self.store = AnnotationStore(db, self)
        self.player = PlayerController(self)
        self.coding = CodingController(self.store, self.player, self)
        self.table_model = AnnotationTableModel(self.store)

        self.browser_model = BrowserModel()
        self.browser = QTreeView()
        self.browser.setModel(self.browser_model)
        self.browser.setHeaderHidden(False)
        self.browser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.browser.clicked.connect(self._on_browser_clicked)
        self.video = VideoPane(self.player)
        self.timeline = TimelineView()
        self.notice = SaveNotice()
        self.code_panel = CodePanel()
        self.events = EventList(self.table_model)
        self.tally_panel = TallyPanel()
        self.runner = OperationRunner(parent=self)
        self.tallies = TallyController(self.store, self.tally_panel, self, self.runner)
        self._build_layout()
        self._create_actions()
        self._connect()
        self.refresh_browser()

    # --- construction ------------------------------------------------------------------
    def _build_layout(self) -> None:
        centre = QSplitter(Qt.Orientation.Vertical)
        centre.addWidget(self.video)
        centre.addWidget(self.timeline)
        centre.setStretchFactor(0, 1)
        centre.setStretchFactor(1, 0)
        centre.setCollapsible(1, False)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.code_panel)
        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(self.events, "Events")
        self.tabs.addTab(self.tally_panel, "Tallies")
        right_layout.addWidget(self.tabs, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.browser)
        main.addWidget(self.notice.above(centre))
        main.addWidget(right)
        main.setSizes([210, 700, 490])
        main.setStretchFactor(1, 1)
        self.setCentralWidget(main)
        self.status = self.statusBar()
        self.pass_label = QLabel("")
        self.status.addPermanentWidget(self.pass_label)

    def _create_actions(self) -> None:
        tb = QToolBar("Main")
        tb.setMovable(False)
        tb.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.addToolBar(tb)
        self.undo_action, self.redo_action = undo_actions(self, self.coding)
        tb.addWidget(QLabel(" Coder: "))
        self.coder_box = QComboBox()
        self.coder_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.coder_box.setMinimumWidth(140)
        tb.addWidget(self.coder_box)
        tb.addSeparator()
        tb.addAction(self.undo_action)
        tb.addAction(self.redo_action)
        relink = QAction("Find moved recording…", self)
        relink.triggered.connect(self._relink)
        tb.addSeparator()
        tb.addAction(relink)
        self.fidelity = FidelityActions(
            self.db, self, lambda: self.opened, lambda: self.coder_name, self._reopen
        )
        for text, slot in (
            ("Code scheme…", self.fidelity.edit_scheme),
            ("Draw fidelity clips…", self.fidelity.draw_clips),
            ("Fidelity thresholds…", self.fidelity.edit_thresholds),
        ):
            action = QAction(text, self)
            action.triggered.connect(slot)
            tb.addAction(action)
        reels = QAction("Highlight reels…", self)
        reels.triggered.connect(self._open_reels)
        tb.addSeparator()
        tb.addAction(reels)
        self.moments = install_reel_moments(
            self, tb, self.db, (self.events, self.player, self.video, self.timeline, self.status),
            lambda: self.opened, lambda: self.coder_name,
        )  # fmt: skip
        self.pass_actions = PassActions(
            self.db, self, lambda: self.opened, lambda: self.coder_name, self._reopen
        )
        self.submit_action = QAction("Submit my coding…", self)
        self.submit_action.triggered.connect(self.pass_actions.submit_mine)
        tb.addAction(self.submit_action)
        self.reliability_action = QAction("Reliability…", self)
        self.reliability_action.triggered.connect(self.open_reliability_window)
        tb.addAction(self.reliability_action)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)

        p = self.player
        self._keys: list[QShortcut] = []
        fixed = {
            "Space": p.toggle,
            "Right": lambda: p.step(1),
            "Left": lambda: p.step(-1),
            "Shift+Right": lambda: p.jump_ms(5000),
            "Shift+Left": lambda: p.jump_ms(-5000),
            "]": p.faster,
            "[": p.slower,
            "Del": self._delete_current,
            "F2": self._edit_note,
            "Esc": self.coding.end_prompt,
            "Alt+Right": lambda: self._nudge(1),
            "Alt+Left": lambda: self._nudge(-1),
        }
        for seq, slot in fixed.items():
            sc = QShortcut(QKeySequence(seq), self)
            sc.activated.connect(slot)
            self._keys.append(sc)
        self._digit_keys: list[QShortcut] = []
        for d in range(10):
            sc = QShortcut(QKeySequence(str(d)), self)
            sc.activated.connect(lambda d=d: self.coding.on_digit(d))
            sc.setEnabled(False)
            self._digit_keys.append(sc)
        for seq in ("Return", "Enter"):
            sc = QShortcut(QKeySequence(seq), self)
            sc.activated.connect(self.coding.on_enter)
            sc.setEnabled(False)
            self._digit_keys.append(sc)
        self._code_keys: list[QShortcut] = []

    def _rebuild_code_shortcuts(self) -> None:
        for sc in self._code_keys:
            sc.setEnabled(False)
            sc.deleteLater()
        self._code_keys = []
        scheme = self.store.scheme
        for code in scheme.codes if scheme else ():
            sc = QShortcut(QKeySequence(code.shortcut), self)
            sc.activated.connect(lambda key=code.shortcut: self.coding.on_code_key(key))
            self._code_keys.append(sc)

    def _connect(self) -> None:
        self.player.frame_changed.connect(lambda _f, ms: self.timeline.set_cursor(ms))
        self.timeline.seek_requested.connect(self.player.seek_ms)
        self.timeline.annotation_clicked.connect(self._select_annotation)
        self.events.jump_requested.connect(self.player.seek_frame)
        self.events.delete_requested.connect(self.coding.delete_many)
        self.events.selected.connect(self.timeline.set_selected)
        self.table_model.edit_requested.connect(self.coding.edit)
        self.store.reset.connect(self._refresh_lanes)
        self.store.annotations_changed.connect(lambda _c: self._refresh_lanes())
        self.coding.message.connect(lambda m: self.status.showMessage(m, 5000))
        self.notice.follow(self.coding, self.status)
        self.coding.prompt_changed.connect(self._on_prompt)
        self.coding.open_states_changed.connect(self.code_panel.set_open_states)
        self.coding.annotation_placed.connect(self._select_annotation)
        self.player.media_failed.connect(lambda m: self.status.showMessage(m))
        self.coder_box.activated.connect(self._on_coder_chosen)

    # --- browser and opening -------------------------------------------------------------
    def refresh_browser(self) -> None:
        self.browser_model.populate(load_browser_nodes(self.db))
        self.browser.expandAll()
        with self.db.uow() as uow:
            coders = [c.name for c in uow.coders.list()]
        if self.coder_name not in coders:
            coders.append(self.coder_name)
        self.coder_box.clear()
        self.coder_box.addItems(sorted(coders))
        self.coder_box.addItem("New coder…")
        self.coder_box.setCurrentText(self.coder_name)

    def first_recording(self) -> Recording | None:
        items = self.browser_model.recording_items()
        value = items[0].data(RecordingRole) if items else None
        return value if isinstance(value, Recording) else None

    def _on_browser_clicked(self, index: object) -> None:
        rec = self.browser.currentIndex().data(RecordingRole)
        if isinstance(rec, Recording):
            self.open_recording(rec.id)

    def open_recording(self, recording_id: RecordingId) -> bool:
        try:
            opened = open_recording(self.db, recording_id, self.coder_name)
        except VfcoachError as exc:
            QMessageBox.warning(self, "Cannot open recording", str(exc))
            return False
        self.opened = opened
        self.store.load(opened.coding_pass, opened.scheme)
        self.code_panel.set_scheme(opened.scheme)
        self.events.set_scheme(opened.scheme)
        self._rebuild_code_shortcuts()
        self.timeline.set_duration(opened.frame_map.duration_ms)
        self._refresh_lanes()
        label = opened.recording.label or f"Recording {opened.recording.id}"
        self.setWindowTitle(
            f"vfcoach — {opened.family_code} · Visit {opened.visit_number} · {label}"
        )
        self.pass_label.setText(
            f"Coder: {self.coder_name}  ·  pass {opened.coding_pass.status.value}  ·  "
            f"{opened.scheme.name} v{opened.scheme.version}  ·  saved automatically"
            + (f"  ·  {opened.blind_note()}" if opened.blind else "")
        )
        self.tallies.open(
            opened.frame_map.duration_ms,
            opened.thresholds,
            f"{self.coder_name}'s comments · {opened.family_code} visit {opened.visit_number}",
            self._trend_for(opened),
        )
        ok = self.player.load(opened.recording.media_path, opened.frame_map)
        if not ok:
            self.status.showMessage("The video cannot be shown; its codes are still listed.")
        self.video.view.setFocus()
        return ok

    def open_reliability_window(self) -> ReliabilityWindow:
        self.reliability_window = open_reliability(self, self.reliability_window)
        return self.reliability_window

    def _open_reels(self) -> None:
        if self.opened is None:
            self.status.showMessage("Open a recording of the visit first", 4000)
            return
        open_reel_editor(self.db, self.opened.recording.visit_id, self.coder_name, self)

    def _reopen(self) -> None:
        if self.opened is not None:
            frame = self.player.frame
            self.open_recording(self.opened.recording.id)
            self.player.seek_frame(frame)

    def _on_coder_chosen(self, index: int) -> None:
        text = self.coder_box.itemText(index)
        if text == "New coder…":
            name, ok = QInputDialog.getText(self, "New coder", "Coder name:")
            if not ok or not name.strip():
                self.coder_box.setCurrentText(self.coder_name)
                return
            text = name.strip()
        self.coder_name = text
        self.refresh_browser()
        if self.opened is not None:
            self.open_recording(self.opened.recording.id)

    def _trend_for(self, opened: OpenedRecording) -> TrendProvider:
        """The current coder's figures over this family's visits, or over all their recordings."""

        def provide(clip: ClipChoice, scope: TrendScope) -> TrendSeries | None:
            family = opened.family_code if scope == "family" else None
            try:
                op = TrendOperation(self.db, family, self.coder_name, clip, self.coder_name)
                return op.run().series
            except VfcoachError as exc:
                log.info("no trend: %s", exc)
                return None

        return provide

    # --- coding helpers ----------------------------------------------------------------
    def _refresh_lanes(self) -> None:
        scheme = self.store.scheme
        if scheme is None:
            self.timeline.set_lanes([])
            return
        fmap = self.player.frame_map
        cursor = fmap.ms_at(self.player.frame) if fmap else 0
        self.timeline.set_lanes(build_lanes(scheme, self.store.annotations(), cursor))

    def _select_annotation(self, annotation_id: AnnotationId) -> None:
        self.events.select(annotation_id)
        self.timeline.set_selected(annotation_id)

    def _selected_or_last(self) -> AnnotationId | None:
        current = self.events.current()
        return current.id if current else self.coding.last_placed

    def _delete_current(self) -> None:
        chosen = self.events.chosen()
        if len(chosen) > 1:
            self.coding.delete_many([a.id for a in chosen])
            return
        target = self._selected_or_last()
        if target is not None:
            self.coding.delete(target)

    def _nudge(self, frames: int) -> None:
        target = self._selected_or_last()
        if target is not None:
            self.coding.nudge(target, frames)

    def _edit_note(self) -> None:
        target = self._selected_or_last()
        a = self.store.get(target) if target else None
        if a is None:
            return
        text, ok = QInputDialog.getText(self, "Note", f"Note on {a.code_key}:", text=a.note)
        if ok:
            self.coding.set_note(a.id, text)

    def _on_prompt(self, text: str) -> None:
        self.code_panel.show_prompt(text)
        for sc in self._digit_keys:
            sc.setEnabled(bool(text))

    def _relink(self) -> None:
        if self.opened is None:
            return
        folder = QFileDialog.getExistingDirectory(self, "Folder that holds the moved recording")
        if not folder:
            return
        try:
            path = RelinkOperation(self.db, self.opened.recording.id, Path(folder)).run()
        except VfcoachError as exc:
            QMessageBox.warning(self, "Recording not found", str(exc))
            return
        self.status.showMessage(f"Found {Path(path).name}")
        self.open_recording(self.opened.recording.id)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings("vfcoach", "vfcoach").setValue("coder", self.coder_name)
        self.player.unload()
        self.runner.shutdown()
        super().closeEvent(event)
