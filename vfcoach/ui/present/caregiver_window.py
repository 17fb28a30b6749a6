"""The caregiver's full-screen view of one rendered reel (domain.md §5, hard rule 3).

It is built from the rendered file, plain captions and the pure caption check only: no
database, no store, no scheme, no family or recording ids, so nothing in it can reach a code,
another family or a file path, whatever a caregiver presses. Leaving is deliberate (hold Esc
for two seconds, then a PIN if one was set), because the coach hands the screen over
mid-conversation and a stray key must not drop the caregiver into the coding screen. A held
key under X arrives as press/release pairs (auto-repeat), and Qt flags a repeat release only
when it already sees the next press, so the hold is counted from the first press until a gap
longer than the repeat interval (`RELEASE_GAP_MS`), never from the flags.

Qt Multimedia calls go through `QMetaObject.invokeMethod` so the GIL is released during
them; see `call_without_gil` in `ui/player/player_controller.py` for the deadlock that avoids.

The coach follows and drives it from their own screen through its signals and public slots
(`clip_changed`, `playing_changed`, `left`; `next_clip`, `previous_clip`, `toggle`): the
window never learns of talking points, so nothing coach-only can be drawn in it.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path

from PySide6.QtCore import Q_ARG, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QScreen
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.reels import CaptionLint
from vfcoach.ui.player.frame_view import FrameView
from vfcoach.ui.player.player_controller import call_without_gil
from vfcoach.ui.player.sealed_device import set_player_source

HOLD_TO_LEAVE_MS = 2000
# A seek lands this far inside a clip: exactly at its start the player may still show the
# previous clip's last frame under this clip's caption.
INSIDE_MS = 10
RELEASE_GAP_MS = 250  # at least; longer than any usual repeat interval (X: 40 ms)
Caption = tuple[int, int, str]  # start ms, end ms (in the rendered file), caption

_STYLE = """
QWidget#caregiver { background: #16181b; }
QLabel { color: #e8e6e3; }
QLabel#caption { font-size: 30pt; padding: 12px 40px; }
QLabel#hint { color: #9aa0a6; font-size: 13pt; }
QPushButton { color: #e8e6e3; background: #2a2d31; border: none; border-radius: 12px;
              font-size: 22pt; padding: 14px 34px; min-width: 120px; }
QPushButton:hover { background: #34383d; }
"""


def release_gap_ms() -> int:
    """How long a let-go Esc may stay up and still count as held: three repeat intervals."""
    rate = QGuiApplication.styleHints().keyboardAutoRepeatRateF()  # repeats per second
    return max(RELEASE_GAP_MS, round(3 * 1000 / rate)) if rate > 0 else RELEASE_GAP_MS


class CaregiverWindow(QWidget):
    """Video, big play/pause and previous/next clip buttons, the caption; nothing else."""

    clip_changed = Signal(int)  # index into the captions, whichever way the clip changed
    playing_changed = Signal(bool)
    left = Signal()  # closed by a deliberate exit; the coach's companion stops following

    def __init__(
        self,
        video_path: str | Path,
        captions: list[Caption],
        parent: QWidget | None = None,
        pin: str | None = None,
        screen: QScreen | None = None,
        lint: CaptionLint | None = None,
        captions_under: bool = True,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("caregiver")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(_STYLE)
        self.setWindowTitle("Your moments")  # never the file name
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Esc and Space reach this window
        # The export refused unsafe captions; checked again here, so no path, address or other
        # family's name is drawn even from a file exported before the check knew of it.
        safe = lint if lint is not None else CaptionLint()
        self._captions = sorted((a, b, safe.shown_caption(text)) for a, b, text in captions)
        self._starts = [c[0] for c in self._captions]
        self._index = 0
        self._pin = pin or None
        self._leaving = False
        self._target_screen = screen

        self.view = FrameView()
        self.view.set_message("")
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setObjectName("caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        # Burned into the picture already (or left out by the coach): never written twice.
        self.caption.setVisible(captions_under)
        self.hint = QLabel("")
        self.hint.setObjectName("hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_button = QPushButton("◀◀  Previous")
        self.play_button = QPushButton("▶  Play")
        self.next_button = QPushButton("Next  ▶▶")
        for b in (self.previous_button, self.play_button, self.next_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the window (Esc hold)
        self.previous_button.clicked.connect(self.previous_clip)
        self.play_button.clicked.connect(self.toggle)
        self.next_button.clicked.connect(self.next_clip)
        self._build_layout()

        self._hold = QTimer(self)
        self._hold.setSingleShot(True)
        self._hold.setInterval(HOLD_TO_LEAVE_MS)
        self._hold.timeout.connect(self._hold_reached)
        self._gap = QTimer(self)  # runs from a release; a press before it ends = still held
        self._gap.setSingleShot(True)
        self._gap.setInterval(release_gap_ms())
        self._gap.timeout.connect(self._gap_passed)
        self._due = False  # two seconds passed while a release was still in its gap
        self._pin_wait = False  # held long enough; the PIN is asked when Esc comes up
        self.pin_prompt: QInputDialog | None = None

        self._player = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._sink = QVideoSink(self)
        self._player.setAudioOutput(self._audio)
        self._player.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_video_frame)
        self._player.playbackStateChanged.connect(self._on_state)
        self._player.positionChanged.connect(self._on_position)
        self._device = set_player_source(self._player, video_path)  # sealed: in memory only
        call_without_gil(
            self._player, "pause"
        )  # paused at the start shows the first picture, not black
        self._show_caption()

    def _build_layout(self) -> None:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.previous_button, self.play_button, self.next_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(30, 30, 30, 20)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)

    # --- showing -----------------------------------------------------------------------
    def present(self) -> None:
        """Full screen, on the chosen (second) screen when there is one."""
        if self._target_screen is not None:
            self.setScreen(self._target_screen)
            self.move(self._target_screen.geometry().topLeft())
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()

    @property
    def hold_timer(self) -> QTimer:
        """The Esc hold; exposed so a test can stand in for two seconds of holding."""
        return self._hold

    @property
    def clip_index(self) -> int:
        return self._index

    @property
    def playing(self) -> bool:
        return self._player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def _show_caption(self) -> None:
        self.caption.setText(self._captions[self._index][2] if self._captions else "")

    def _go_to(self, index: int) -> None:
        if not self._captions:
            return
        self._index = max(0, min(index, len(self._captions) - 1))
        self._show_caption()
        self.clip_changed.emit(self._index)
        call_without_gil(
            self._player, "setPosition", Q_ARG("qint64", self._captions[self._index][0] + INSIDE_MS)
        )

    def next_clip(self) -> None:
        self._go_to(self._index + 1)

    def previous_clip(self) -> None:
        self._go_to(self._index - 1)

    def toggle(self) -> None:
        call_without_gil(self._player, "pause" if self.playing else "play")

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.play_button.setText("❚❚  Pause" if playing else "▶  Play")
        self.playing_changed.emit(playing)

    def _on_position(self, ms: int) -> None:
        index = max(0, bisect_right(self._starts, ms) - 1)
        if self._captions and index != self._index:
            self._index = index
            self._show_caption()
            self.clip_changed.emit(index)

    def _on_video_frame(self, frame: QVideoFrame) -> None:
        if frame.isValid():
            image = frame.toImage()
            if not image.isNull():
                self.view.set_image(image)

    # --- leaving -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._gap.stop()  # a press within the gap: the key never came up
            if self._pin_wait:
                return  # held on past two seconds: the PIN is asked once it is let go
            if self._due:
                self._held_long_enough()
            elif not self._hold.isActive():
                self._hold.start()
                self.hint.setText("Keep holding Esc to leave")
            return
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.toggle()
            return
        event.ignore()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            if self._hold.isActive() or self._due or self._pin_wait:
                self._gap.start()  # let go only if no press follows within the gap
            return
        event.ignore()

    def _hold_reached(self) -> None:
        if self._gap.isActive():
            self._due = True  # released just now: leave only if the next repeat comes
            return
        self._held_long_enough()

    def _gap_passed(self) -> None:
        """Esc has been up for longer than a repeat: the hold is over."""
        if self._pin_wait:
            self._pin_wait = False
            self.hint.setText("")
            self._ask_pin()
            return
        self._hold_ended()

    def _hold_ended(self) -> None:
        self._hold.stop()
        self._due = False
        self.hint.setText("")

    def _held_long_enough(self) -> None:
        self._hold_ended()
        if self._pin is None:
            self.leave()
            return
        # Asked only once Esc is let go: the key's repeats would cancel the prompt at once.
        self._pin_wait = True
        self.hint.setText("Let go of Esc, then type the PIN")

    def _ask_pin(self) -> None:
        """The PIN prompt, not a nested event loop (a test, or the coach, answers it)."""
        prompt = QInputDialog(self)
        prompt.setWindowTitle("Leave")
        prompt.setLabelText("PIN:")
        prompt.setTextEchoMode(QLineEdit.EchoMode.Password)
        prompt.textValueSelected.connect(self.leave_with_pin)
        self.pin_prompt = prompt
        prompt.open()

    def leave_with_pin(self, entered: str) -> bool:
        """Leave when `entered` matches the PIN (or no PIN was set); say nothing else."""
        if self._pin is not None and entered != self._pin:
            self.hint.setText("That PIN did not match")
            return False
        self.leave()
        return True

    def leave(self) -> None:
        self._leaving = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._leaving:
            event.ignore()  # Alt+F4 and the like: only the deliberate ways out
            return
        self._hold.stop()
        self._gap.stop()
        self.unload()
        super().closeEvent(event)
        self.left.emit()

    def unload(self) -> None:
        call_without_gil(self._player, "stop")
        self._player.setSource(QUrl())
        if self._device is not None:
            self._device.close()
