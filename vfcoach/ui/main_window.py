"""The coding screen: browser, video with timeline, code panel and event list.

It wires signals between parts that never reach into each other. What is open (a
recording being coded, two coders compared read only, or nothing) and who is acting live in
one `CodingSession`; the window shows whatever the session says. The toolbar is built in
`main_toolbar.py`, every key in `coding/shortcuts.py`, the menus and Settings in `shell/`.
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
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import AnnotationId, RecordingId
from vfcoach.coding.project import Recording
from vfcoach.services.access import Actor
from vfcoach.services.people import list_people
from vfcoach.services.recordings.open_for_coding import OpenedRecording, open_recording
from vfcoach.services.reliability.comparison import ComparedRecording
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_panel import BrowserPanel
from vfcoach.ui.browser.follow import follow_browser
from vfcoach.ui.coder_watch import CoderWatch
from vfcoach.ui.coding.bystander_flag import BystanderFlags
from vfcoach.ui.coding.code_panel import CodePanel
from vfcoach.ui.coding.coding_controller import CodingController
from vfcoach.ui.coding.opening import show_opened, show_other_coder, start_coding_here
from vfcoach.ui.coding.save_notice import SaveNotice
from vfcoach.ui.coding.shortcuts import CodingShortcuts
from vfcoach.ui.coding.whose_codes import WhoseCodes, install_start_action, not_started_note
from vfcoach.ui.events.event_list import EventList
from vfcoach.ui.events.event_model import AnnotationTableModel
from vfcoach.ui.live_refresh import LiveRefresh
from vfcoach.ui.main_toolbar import MainToolbar
from vfcoach.ui.media_finder import MediaFinder
from vfcoach.ui.media_notice import MediaNotice
from vfcoach.ui.people.first_start import remember_person
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.player.video_pane import VideoPane
from vfcoach.ui.recordings.entry import AddVideosEntry
from vfcoach.ui.reliability.actions import open_reliability
from vfcoach.ui.reliability.window import ReliabilityWindow
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.session import CodingSession, Mode
from vfcoach.ui.session_status import NOTHING_OPEN, session_texts
from vfcoach.ui.shell.frame import install_shell
from vfcoach.ui.shell.window_state import save_state, user_settings
from vfcoach.ui.stores.annotation_store import AnnotationStore
from vfcoach.ui.tallies.tally_controller import TallyController
from vfcoach.ui.tallies.tally_panel import TallyPanel
from vfcoach.ui.timeline.comparison import comparison_lanes
from vfcoach.ui.timeline.lanes import build_lanes
from vfcoach.ui.timeline.timeline_view import TimelineView


class MainWindow(QMainWindow):
    def __init__(self, db: Database, coder_name: str = "Coach", runner: TaskRunner | None = None,
                 settings: QSettings | None = None) -> None:  # fmt: skip
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

        self.browser_panel = BrowserPanel(db, lambda: self.session.actor, self)
        self.browser, self.browser_model = self.browser_panel.tree, self.browser_panel.model
        self.video = VideoPane(self.player)
        self.timeline = TimelineView()
        self.notice = SaveNotice()
        self.media_notice = MediaNotice(lambda: self.toolbar.relink())
        self.media_finder = MediaFinder(self)
        self.code_panel = CodePanel()
        self.events = EventList(self.table_model)
        self.tally_panel = TallyPanel()
        self.tallies = TallyController(self.store, self.tally_panel, self, self.runner)
        self.start_action = install_start_action(self, self.start_coding)
        self.whose = WhoseCodes(self.session, self.start_action)
        self._build_layout()
        self.toolbar = MainToolbar(self)
        self.addToolBar(self.toolbar)
        self.moments, self.pass_actions = self.toolbar.moments, self.toolbar.pass_actions
        self.submit_action = self.toolbar.submit_action
        self.relink_action = self.toolbar.relink_action
        self.add_videos = AddVideosEntry(self, self.browser_panel.pane)  # .open_add_videos()
        self.keys = CodingShortcuts(
            self, self.player, self.coding, self.events, self._code_key, self.video.view
        )
        self.prefs = settings if settings is not None else user_settings()
        self.shell = install_shell(self, self.prefs)  # menus, window actions, last layout
        self.bystanders = BystanderFlags(self)  # Code → Flag bystander span… (issue 14 §6)
        self.coder_watch = CoderWatch(db, self.runner, self)
        self.live = LiveRefresh(self)  # what others change shows here (live_refresh.py)
        self._connect()
        self.refresh_browser()
        self._show_session()

    @property
    def coder_name(self) -> str:
        return self.session.coder_name

    @property
    def actor(self) -> Actor:
        return self.session.actor

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
        right_layout.addWidget(self.whose)
        right_layout.addWidget(self.code_panel)
        self.tabs = QTabWidget()
        self.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tabs.addTab(self.events, "Events")
        self.tabs.addTab(self.tally_panel, "Tallies")
        right_layout.addWidget(self.tabs, 1)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(self.browser_panel)
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
        self.store.reset.connect(self.refresh_lanes)
        self.store.annotations_changed.connect(lambda _c: self.refresh_lanes())
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
        follow_browser(self)
        self.coder_watch.changed.connect(lambda p: self.toolbar.set_coders(list(p.names)))
        self.whose.show_requested.connect(lambda name: show_other_coder(self, name))

    # --- browser and opening -------------------------------------------------------------
    def refresh_browser(self) -> None:
        self.browser_panel.refresh()
        names = list_people(self.db).names
        self.coder_watch.seen(names)
        self.toolbar.set_coders(list(names))

    def first_recording(self) -> Recording | None:
        return self.browser_panel.first_recording()

    def open_recording(self, recording_id: RecordingId) -> bool:
        """Show the recording: the acting person's own codes if they started, else another
        coder's read only (as the blind guard allows), else none; nothing is created."""
        try:
            opened = open_recording(self.db, recording_id, self.session.actor)
        except VfcoachError as exc:
            QMessageBox.warning(self, "Cannot open recording", str(exc))
            return False
        return self._show_opened(opened, load_media=True)

    def start_coding(self) -> bool:
        """*Start coding this recording* (button, Code menu, Ctrl+Enter)."""
        return start_coding_here(self)

    def _show_opened(self, opened: OpenedRecording, load_media: bool) -> bool:
        return show_opened(self, opened, load_media)

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
        title, text = session_texts(self.session, saved)
        self.setWindowTitle(title)
        self.pass_label.setText(text)

    def _code_key(self, key: str) -> None:
        if self.coding.on_code_key(key):
            return
        if self.session.mode is Mode.NOTHING:
            self.status.showMessage(NOTHING_OPEN, 5000)
        elif self.opened is not None and not self.opened.mine:
            self.status.showMessage(not_started_note(), 8000)

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
    def refresh_lanes(self) -> None:
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
        save_state(self, self.prefs)
        remember_person(self.prefs, self.db, self.coder_name)
        self.player.unload()
        self.coder_watch.stop()
        self.live.stop()
        self.tallies.stop()
        self.runner.shutdown()
        super().closeEvent(event)
