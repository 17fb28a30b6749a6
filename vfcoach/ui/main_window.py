"""The coding screen: browser, video with timeline, code panel and event list.

It wires signals between parts that never reach into each other. What is open (a
recording being coded, two coders compared read only, or nothing) and who is acting live in
one `CodingSession`; the window shows whatever the session says. The toolbar is built in
`main_toolbar.py` and every key in `coding/shortcuts.py`.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import AnnotationId, RecordingId
from vfcoach.coding.project import Recording
from vfcoach.services.recordings.open_for_coding import OpenedRecording, open_recording
from vfcoach.services.recordings.tree import load_browser_nodes
from vfcoach.services.reliability.comparison import ComparedRecording
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import BrowserModel, RecordingRole
from vfcoach.ui.coding.code_panel import CodePanel
from vfcoach.ui.coding.coding_controller import CodingController
from vfcoach.ui.coding.save_notice import SaveNotice
from vfcoach.ui.coding.shortcuts import CodingShortcuts
from vfcoach.ui.events.event_list import EventList
from vfcoach.ui.events.event_model import AnnotationTableModel
from vfcoach.ui.main_toolbar import MainToolbar
from vfcoach.ui.media_notice import NO_VIDEO, MediaNotice
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.player.video_pane import VideoPane
from vfcoach.ui.reliability.actions import open_reliability
from vfcoach.ui.reliability.window import ReliabilityWindow
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.session import CodingSession, Mode
from vfcoach.ui.stores.annotation_store import AnnotationStore
from vfcoach.ui.tallies.tally_controller import TallyController, coder_trend
from vfcoach.ui.tallies.tally_panel import TallyPanel
from vfcoach.ui.timeline.comparison import comparison_lanes
from vfcoach.ui.timeline.lanes import build_lanes
from vfcoach.ui.timeline.timeline_view import TimelineView

NOTHING_OPEN = "Nothing open · choose a recording in the list on the left to code it"


class MainWindow(QMainWindow):
    def __init__(
        self, db: Database, coder_name: str = "Coach", runner: TaskRunner | None = None
    ) -> None:
        super().__init__()
        self.db = db
        self.session = CodingSession(db, coder_name, self)
        self.runner = runner or TaskRunner(parent=self)  # the app's one runner
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
        self.media_notice = MediaNotice(lambda: self.toolbar.relink())
        self.code_panel = CodePanel()
        self.events = EventList(self.table_model)
        self.tally_panel = TallyPanel()
        self.tallies = TallyController(self.store, self.tally_panel, self, self.runner)
        self._build_layout()
        self.toolbar = MainToolbar(self)
        self.addToolBar(self.toolbar)
        self.moments, self.pass_actions = self.toolbar.moments, self.toolbar.pass_actions
        self.submit_action = self.toolbar.submit_action
        self.relink_action = self.toolbar.relink_action
        self.keys = CodingShortcuts(
            self, self.player, self.coding, self.events, self._code_key, self.video.view
        )
        self._connect()
        self.refresh_browser()
        self._show_session()

    @property
    def coder_name(self) -> str:
        return self.session.coder_name

    @property
    def opened(self) -> OpenedRecording | None:
        return self.session.opened

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
        main.addWidget(self.notice.above(self.media_notice.above(centre)))
        main.addWidget(right)
        main.setSizes([210, 700, 490])
        main.setStretchFactor(1, 1)
        self.setCentralWidget(main)
        self.status = self.statusBar()
        self.pass_label = QLabel("")
        self.pass_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status.addPermanentWidget(self.pass_label)

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
        self.coding.save_failed.connect(lambda _text: self._show_session(saved=False))
        self.store.annotations_changed.connect(lambda _change: self._show_session())
        self.coding.prompt_changed.connect(self.code_panel.show_prompt)
        self.coding.open_states_changed.connect(self.code_panel.set_open_states)
        self.coding.annotation_placed.connect(self._select_annotation)
        self.player.media_failed.connect(lambda m: self.status.showMessage(m))
        self.session.changed.connect(self._show_session)
        self.session.actor_changed.connect(self._on_actor_changed)
        self.session.comparison_ended.connect(self._resume_coding)

    # --- browser and opening -------------------------------------------------------------
    def refresh_browser(self) -> None:
        self.browser_model.populate(load_browser_nodes(self.db))
        self.browser.expandAll()
        with self.db.uow() as uow:
            coders = [c.name for c in uow.coders.list()]
        self.toolbar.set_coders(coders)

    def first_recording(self) -> Recording | None:
        items = self.browser_model.recording_items()
        value = items[0].data(RecordingRole) if items else None
        return value if isinstance(value, Recording) else None

    def _on_browser_clicked(self, index: object) -> None:
        rec = self.browser.currentIndex().data(RecordingRole)
        if isinstance(rec, Recording):
            self.open_recording(rec.id)

    def open_recording(self, recording_id: RecordingId) -> bool:
        """Open the acting coder's pass on the recording (made if new) and code it."""
        try:
            opened = open_recording(self.db, recording_id, self.coder_name)
        except VfcoachError as exc:
            QMessageBox.warning(self, "Cannot open recording", str(exc))
            return False
        self.store.load(opened.coding_pass, opened.scheme)
        self.code_panel.set_scheme(opened.scheme)
        self.events.set_scheme(opened.scheme)
        self.keys.rebuild_codes(opened.scheme)
        self.timeline.set_duration(opened.frame_map.duration_ms)
        self.session.code(opened)  # title and status line follow
        self._refresh_lanes()
        self.tallies.open(
            opened.frame_map.duration_ms,
            opened.thresholds,
            f"{self.coder_name}'s comments · {opened.family_code} visit {opened.visit_number}",
            coder_trend(self.db, opened.family_code, self.coder_name),
        )
        ok = self.media_notice.admits(opened.media) and self.player.load(opened.media)
        if not ok:  # refused (the bar says why and offers Find moved recording) or broken
            self.player.unload()
            self.status.showMessage(self.media_notice.text() or NO_VIDEO)
        self.video.view.setFocus()
        return ok

    def show_comparison(self, c: ComparedRecording) -> bool:
        """Two coders' passes read only: nothing of the acting coder's stays open, so a code
        key pressed now cannot land in the wrong recording. False if the video cannot show."""
        self.session.compare(c, self.player.frame)
        self.store.load(None, None)
        self.keys.rebuild_codes(None)
        self.tallies.recompute()
        self.timeline.set_duration(c.frame_map.duration_ms)
        self.timeline.set_lanes(comparison_lanes(c.scheme, c.coder_a, c.annotations_a,
                                                 c.coder_b, c.annotations_b,
                                                 c.frame_map.duration_ms))  # fmt: skip
        return self.player.load(c.media)

    def _resume_coding(self, recording_id: RecordingId | None, frame: int) -> None:
        """A comparison ended: code the recording open before it, or show nothing open.
        The window takes the keyboard back, so the next code key lands here."""
        self.activateWindow()
        if recording_id is not None and self.open_recording(recording_id):
            self.player.seek_frame(frame)
        else:
            self.player.unload()
            self.timeline.set_duration(0)
            self.timeline.set_lanes([])
            self.status.showMessage(NOTHING_OPEN, 8000)

    def _show_session(self, saved: bool = True) -> None:
        """Title and status line say what is open, and in which mode; after a failed save the
        status line says so until the next edit is saved, never "saved automatically"."""
        s = self.session
        if s.mode is Mode.CODING and s.opened is not None:
            o = s.opened
            label = o.recording.label or f"Recording {o.recording.id}"
            self.setWindowTitle(f"vfcoach — {o.family_code} · Visit {o.visit_number} · {label}")
            self.pass_label.setText(
                f"Coder: {s.coder_name}  ·  pass {o.coding_pass.status.value}  ·  "
                f"{o.scheme.name} v{o.scheme.version}  ·  "
                + ("saved automatically" if saved else "last edit NOT saved")
                + (f"  ·  {o.blind_note()}" if o.blind else "")
            )
        elif s.mode is Mode.COMPARING and s.compared is not None:
            c = s.compared
            title = f"{c.label} · {c.coder_a} (upper lanes) and {c.coder_b} (lower lanes)"
            self.setWindowTitle(f"vfcoach — comparing {title} · read only")
            self.pass_label.setText(
                f"Comparing {c.coder_a} and {c.coder_b} · read only, nothing saved · "
                "close the Reliability window to code again"
            )
        else:
            self.setWindowTitle("vfcoach")
            self.pass_label.setText(f"Coder: {s.coder_name}  ·  {NOTHING_OPEN}")

    def _code_key(self, key: str) -> None:
        if not self.coding.on_code_key(key) and self.session.mode is Mode.NOTHING:
            self.status.showMessage(NOTHING_OPEN, 5000)

    def open_reliability_window(self) -> ReliabilityWindow:
        self.reliability_window = open_reliability(self, self.reliability_window)
        return self.reliability_window

    def _open_reels(self) -> None:
        self.toolbar.open_reels()

    def reopen(self) -> None:
        """Reload the open recording (after a submit, a scheme edit, a draw), same frame."""
        if self.opened is not None:
            frame = self.player.frame
            self.open_recording(self.opened.recording.id)
            self.player.seek_frame(frame)

    def _on_actor_changed(self) -> None:
        self.refresh_browser()
        if self.opened is not None:
            self.open_recording(self.opened.recording.id)
        else:
            self._show_session()

    # --- coding helpers ----------------------------------------------------------------
    def _refresh_lanes(self) -> None:
        scheme = self.store.scheme
        if scheme is None:
            if self.session.mode is not Mode.COMPARING:  # a comparison draws its own lanes
                self.timeline.set_lanes([])
            return
        fmap = self.player.frame_map
        cursor = fmap.ms_at(self.player.frame) if fmap else 0
        self.timeline.set_lanes(build_lanes(scheme, self.store.annotations(), cursor))

    def _select_annotation(self, annotation_id: AnnotationId) -> None:
        self.events.select(annotation_id)
        self.timeline.set_selected(annotation_id)

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings("vfcoach", "vfcoach").setValue("coder", self.coder_name)
        self.player.unload()
        self.tallies.stop()
        self.runner.shutdown()
        super().closeEvent(event)
