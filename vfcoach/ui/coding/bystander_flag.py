"""*Code → Flag bystander span…* (Shift+B): keep a span showing a non-consenting person out.

The coach marks from and to (the in/out range marks if set, else the frame on screen and
five seconds on), may add a short note ("neighbour at the door", never a name), and the
span is stored for the recording (every coder's reels obey it), drawn hatched on the
timeline, and refused in every reel from then on (`services/bystanders.py`). *Remove the
bystander flag here* unflags the span under the cursor. Writes go through the runner's
serial lane; the spans are read again whenever another recording opens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from vfcoach.coding.bystanders import MAX_NOTE_CHARS, BystanderSpan
from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import format_ms, parse_time_ms
from vfcoach.coding.ids import RecordingId
from vfcoach.services.bystanders import (
    FlagBystanderOperation,
    UnflagBystanderOperation,
    bystander_spans,
)
from vfcoach.ui.coding.whose_codes import code_menu
from vfcoach.ui.runner import Lane

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

FLAG_KEY = "Shift+B"  # a scheme's code key is one key without a modifier: never this one
FLAG_TEXT = "Flag bystander span…"
UNFLAG_TEXT = "Remove the bystander flag here"
DEFAULT_SPAN_MS = 5_000


class BystanderDialog(QDialog):
    """From, to and an optional note; OK only with two readable times."""

    def __init__(self, start_ms: int, end_ms: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Flag bystander span")
        why = QLabel(
            "This span shows someone who has not agreed to be filmed. It will never go into "
            "a reel, a training export or a fidelity clip, for any coder."
        )
        why.setWordWrap(True)
        self.start = QLineEdit(format_ms(start_ms))
        self.end = QLineEdit(format_ms(end_ms))
        self.note = QLineEdit()
        self.note.setMaxLength(MAX_NOTE_CHARS)
        self.note.setPlaceholderText("optional, e.g. neighbour at the door (no names)")
        self.error = QLabel("")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #a1260d;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Flag")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(why)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow("Note", self.note)
        form.addRow(self.error)
        form.addRow(buttons)
        self.span_ms: tuple[int, int] | None = None
        hint = self.note.fontMetrics().horizontalAdvance(self.note.placeholderText())
        self.setMinimumWidth(max(420, hint + 140))  # the hint is read whole

    def _accept(self) -> None:
        try:
            first, last = parse_time_ms(self.start.text()), parse_time_ms(self.end.text())
        except InvalidTime as exc:
            self.error.setText(str(exc))  # says how a time is written
            return
        self.span_ms = (min(first, last), max(first, last))
        self.accept()


class BystanderFlags(QObject):
    """The two Code menu entries, the timeline's hatched bands, and the writes behind them."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.spans: list[BystanderSpan] = []
        self.ask: type[BystanderDialog] = BystanderDialog  # replaceable by a test
        self.flag_action = QAction(FLAG_TEXT, window)
        self.flag_action.setShortcut(QKeySequence(FLAG_KEY))
        self.flag_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.flag_action.setToolTip(
            f"Keep a span showing someone who has not consented out of every reel ({FLAG_KEY})"
        )
        self.flag_action.triggered.connect(self.ask_flag)
        self.unflag_action = QAction(UNFLAG_TEXT, window)
        self.unflag_action.triggered.connect(self.unflag_here)
        menu = code_menu(window)
        menu.addSeparator()
        menu.addAction(self.flag_action)
        menu.addAction(self.unflag_action)
        window.addAction(self.flag_action)
        window.session.changed.connect(self.reload)

    def _recording(self) -> RecordingId | None:
        opened = self.window.session.opened
        return None if opened is None else opened.recording.id

    def reload(self) -> None:
        """Read the open recording's spans again and draw them (another recording opened)."""
        recording = self._recording()
        if recording is None:
            self._show([])
            return
        self._show(bystander_spans(self.window.db, recording))  # a handful of small rows

    def _show(self, spans: list[BystanderSpan]) -> None:
        self.spans = spans
        self.window.timeline.set_bystanders([(s.start.pts_ms, s.end.pts_ms) for s in spans])

    def default_span(self) -> tuple[int, int]:
        """The in/out marks if both are set, else the frame on screen and 5 s on."""
        player = self.window.player
        fmap = player.frame_map
        if fmap is None:
            return 0, 0
        marked = self.window.toolbar.moments.marks.span()
        if marked is not None:
            return fmap.ms_at(marked[0]), fmap.ms_at(marked[1])
        now = fmap.ms_at(player.frame)
        return now, min(now + DEFAULT_SPAN_MS, fmap.duration_ms)

    def ask_flag(self) -> None:
        if self._recording() is None:
            self.window.status.showMessage("Open a recording first, then flag its span.", 5000)
            return
        dialog = self.ask(*self.default_span(), parent=self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.span_ms is None:
            self.window.keys.focus.restore()
            return
        self.flag(*dialog.span_ms, dialog.note.text())
        self.window.keys.focus.restore()

    def flag(self, start_ms: int, end_ms: int, note: str = "") -> None:
        """Store the span on the serial lane; the band shows when it is saved."""
        recording = self._recording()
        if recording is None:
            return
        op = FlagBystanderOperation(
            self.window.db, recording, start_ms, end_ms, note, self.window.actor
        )

        def run(progress: Progress, token: CancelToken) -> BystanderSpan:
            return op.run(progress, token)

        self.window.runner.start_quiet(
            run, self._flagged, self._failed, lane=Lane.SERIAL, owner=self
        )

    def _flagged(self, span: BystanderSpan) -> None:
        self.reload()
        self.window.status.showMessage(
            f"Bystander span {span.when} flagged: no reel will show it.", 8000
        )

    def unflag_here(self) -> None:
        """Unflag the span under the cursor (the frame on screen), if there is one."""
        fmap = self.window.player.frame_map
        now = fmap.ms_at(self.window.player.frame) if fmap is not None else -1
        here = [s for s in self.spans if s.overlaps(now, now) and s.id is not None]
        if not here:
            self.window.status.showMessage("No bystander span is flagged at this frame.", 5000)
            return
        span_id = here[0].id
        assert span_id is not None
        op = UnflagBystanderOperation(self.window.db, span_id, self.window.actor)

        def run(progress: Progress, token: CancelToken) -> BystanderSpan:
            return op.run(progress, token)

        self.window.runner.start_quiet(
            run, self._unflagged, self._failed, lane=Lane.SERIAL, owner=self
        )

    def _unflagged(self, span: BystanderSpan) -> None:
        self.reload()
        self.window.status.showMessage(
            f"Bystander flag removed from {span.when}: reels may show it again.", 8000
        )

    def _failed(self, message: str) -> None:
        self.window.status.showMessage(f"Not saved: {message}", 10000)
