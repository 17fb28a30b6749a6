"""Hand-picked moments from the coding screen: *Add to reel…* and *Add range to reel…*.

The coach codes, sees a moment worth showing, and adds it without leaving the recording:
the chosen events (event list: context menu, toolbar, Ctrl+R) or the range marked with In
and Out on the player (`RangeMarks`). The writes are the reel operations the editor and
`vfcoach reel add` use (`AddMomentsOperation`, `AddClipOperation`), so every rule is checked
there; a refused event is reported with its reasons while the others are added.

This object owns the actions, the marks and the report; the main window only installs it.
An open reel editor learns of the change through `reel_changed` (connected by
`open_reel_editor`), never by being reached into.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QStatusBar, QToolBar, QToolButton, QWidget

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId, RecordingId, VisitId
from vfcoach.coding.reels import ClipId, Concern, Problem, ReelId, ReelRefused
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.moments import AddMomentsOperation, MomentsAdded, NewReelOperation
from vfcoach.services.reels.view import view_reels
from vfcoach.storage.database import Database
from vfcoach.ui.events.event_list import EventList
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.player.range_marks import MARK_IN_KEY, MARK_OUT_KEY, RangeBar, RangeMarks
from vfcoach.ui.player.video_pane import VideoPane
from vfcoach.ui.reels.reel_choice import ReelChoice, ReelChoiceDialog
from vfcoach.ui.session import CodingSession
from vfcoach.ui.timeline.timeline_view import TimelineView

ADD_TO_REEL_KEY = "Ctrl+R"


def held_note(warnings: Iterable[Problem], clips: set[ClipId]) -> str:
    """The one neutral sentence for added clips held by blind double coding, or ""."""
    if any(p.concern is Concern.HELD and p.clip_id in clips for p in warnings):
        return (
            " Held until the double coding is complete: no caregiver sees it before every "
            "coder has submitted and it is checked again."
        )
    return ""


def moments_report(result: MomentsAdded) -> tuple[str, str]:
    """A summary line and the refusals, one event per paragraph with every reason."""
    n = len(result.added)
    summary = f"Added {n} clip{'s' if n != 1 else ''} to “{result.reel.title}”."
    summary += held_note(result.warnings, {c.id for c in result.added})
    if result.refused:
        summary += f" {len(result.refused)} not added:"
    details = "\n\n".join(
        f"{r.label}: {'; '.join(r.reasons)}" for r in result.refused
    )  # fmt: skip
    return summary, details


class ReelMoments(QObject):
    """The two add actions, the in/out marks, and the report of the last add."""

    reel_changed = Signal(object, object)  # VisitId, ReelId

    def __init__(
        self,
        db: Database,
        window: QWidget,
        events: EventList,
        player: PlayerController,
        session: CodingSession,
        status: QStatusBar,
    ) -> None:
        super().__init__(window)
        self.db, self.window, self.events, self.session = db, window, events, session
        self.status = status
        self.marks = RangeMarks(player, self)
        self.last_reel: ReelId | None = None
        self.dialog: ReelChoiceDialog | None = None  # kept referenced (never deleteLater)
        self.report = QMessageBox(window)
        self.report.setWindowTitle("Add to reel")
        self.report.setModal(False)
        self.add_events_action = QAction("Add to reel…", window)
        self.add_events_action.setShortcut(QKeySequence(ADD_TO_REEL_KEY))
        self.add_events_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.add_events_action.setToolTip(
            f"Add the selected events to a reel of this visit ({ADD_TO_REEL_KEY})"
        )
        self.add_events_action.triggered.connect(self.ask_add_events)
        self.add_range_action = QAction("Add range to reel…", window)
        self.add_range_action.setToolTip(
            f"Add the range marked with In ({MARK_IN_KEY}) and Out ({MARK_OUT_KEY}) to a reel"
        )
        self.add_range_action.triggered.connect(self.ask_add_range)
        window.addAction(self.add_events_action)
        events.add_context_action(self.add_events_action)

    # --- asking ----------------------------------------------------------------------
    def _ask(self, what: str, ask_caption: bool, then: Callable[[ReelChoice], object]) -> None:
        opened = self.session.opened
        if opened is None:
            self.status.showMessage("Open a recording of the visit first", 4000)
            return
        # through the reel view service, as `vfcoach reel list --as NAME` reads them
        seen = view_reels(self.db, opened.recording.visit_id, self.session.actor)
        reels = [v.reel for v in seen]
        dialog = ReelChoiceDialog(reels, what, ask_caption, self.last_reel, self.window)
        dialog.accepted.connect(lambda: then(dialog.choice()))
        self.dialog = dialog
        dialog.open()

    def ask_add_events(self) -> None:
        chosen = self.events.chosen()
        if not chosen:
            self.status.showMessage("Select one or more events first", 4000)
            return
        ids = [a.id for a in chosen]
        what = f"{len(ids)} event{'s' if len(ids) != 1 else ''}"
        self._ask(what, False, lambda choice: self.add_events(choice, ids))

    def ask_add_range(self) -> None:
        span = self.marks.span()
        if span is None:
            self.status.showMessage(
                f"Mark an in point ({MARK_IN_KEY}) and an out point ({MARK_OUT_KEY}) first", 5000
            )
            return
        fmap = self.marks.player.frame_map
        assert fmap is not None
        what = f"{format_ms(fmap.ms_at(span[0]))} – {format_ms(fmap.ms_at(span[1]))}"
        self._ask(what, True, lambda choice: self.add_range(choice, span))

    # --- adding ----------------------------------------------------------------------
    def _target(self, choice: ReelChoice, visit_id: VisitId) -> ReelId:
        if choice.reel_id is not None:
            return choice.reel_id
        made = NewReelOperation(
            self.db, visit_id, choice.title, choice.audience, self.session.actor
        )
        reel_id = made.run().reel.id
        assert reel_id is not None
        return reel_id

    def add_events(self, choice: ReelChoice, ids: list[AnnotationId]) -> MomentsAdded | None:
        opened = self.session.opened
        if opened is None:
            return None
        visit_id = opened.recording.visit_id
        try:
            reel_id = self._target(choice, visit_id)
            op = AddMomentsOperation(self.db, reel_id, ids, self.session.actor)
            result = op.run()
        except VfcoachError as exc:
            self._show_refusal(str(exc), "")
            return None
        self._changed(visit_id, reel_id)
        summary, details = moments_report(result)
        self.status.showMessage(summary, 8000)
        if result.refused:
            self._show_refusal(summary, details)
        return result

    def add_range(self, choice: ReelChoice, span: tuple[int, int]) -> bool:
        opened = self.session.opened
        if opened is None:
            return False
        visit_id, recording = opened.recording.visit_id, RecordingId(opened.recording.id)
        reel_id: ReelId | None = None
        try:
            reel_id = self._target(choice, visit_id)
            op = AddClipOperation(self.db, reel_id, recording_id=recording, start_frame=span[0],
                                  end_frame=span[1], caption=choice.caption,
                                  actor=self.session.actor)  # fmt: skip
            result = op.run()
        except ReelRefused as refused:
            self._show_refusal("The range was not added:", "\n\n".join(
                p.message for p in refused.problems))  # fmt: skip
            if choice.reel_id is None and reel_id is not None:
                self._changed(visit_id, reel_id)  # the new reel exists, empty
            return False
        except VfcoachError as exc:
            self._show_refusal("The range was not added:", str(exc))
            return False
        self._changed(visit_id, reel_id)
        self.marks.clear()
        added = {result.reel.clips[-1].id} if result.reel.clips else set()
        note = held_note(result.warnings, added)
        self.status.showMessage(f"Added the range to “{result.reel.title}”.{note}", 8000)
        return True

    def _changed(self, visit_id: VisitId, reel_id: ReelId) -> None:
        self.last_reel = reel_id
        self.reel_changed.emit(visit_id, reel_id)

    def _show_refusal(self, summary: str, details: str) -> None:
        self.report.setIcon(QMessageBox.Icon.Warning)
        self.report.setText(summary)
        self.report.setInformativeText(details)
        self.report.show()


def install_reel_moments(
    window: QWidget,
    toolbar: QToolBar,
    db: Database,
    parts: tuple[EventList, PlayerController, VideoPane, TimelineView, QStatusBar],
    session: CodingSession,
) -> ReelMoments:
    """Actions on the toolbar and the events' menu, marks on the player and the timeline."""
    events, player, video, timeline, status = parts
    moments = ReelMoments(db, window, events, player, session, status)
    toolbar.addAction(moments.add_events_action)
    bar = RangeBar(moments.marks, video)
    add_range = QToolButton()
    add_range.setDefaultAction(moments.add_range_action)
    bar.add_button(add_range)
    video.add_to_bar(bar)
    moments.marks.changed.connect(timeline.set_range_mark)
    return moments
