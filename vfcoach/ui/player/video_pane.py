"""The picture with its transport bar: play/pause, frame steps, ±5 s, speed, frame and time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.frame_time import format_ms
from vfcoach.ui.player.frame_view import FrameView
from vfcoach.ui.player.player_controller import RATES, PlayerController


def _button(text: str, tip: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to coding, not to buttons
    b.setMinimumWidth(34)
    return b


class VideoPane(QWidget):
    def __init__(self, player: PlayerController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.view = FrameView()
        self.play_button = _button("▶", "Play / pause (Space)")
        back5 = _button("−5 s", "Back 5 seconds (Shift+←)")
        back1 = _button("◀|", "One frame back (←)")
        fwd1 = _button("|▶", "One frame forward (→)")
        fwd5 = _button("+5 s", "Forward 5 seconds (Shift+→)")
        self.speed = QComboBox()
        self.speed.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for r in RATES:
            self.speed.addItem(f"{r:g}×", r)
        self.speed.setCurrentIndex(RATES.index(1.0))
        self.speed.setToolTip("Playback speed ([ slower, ] faster)")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.slider.setEnabled(False)
        self.position = QLabel("—")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.position.setFont(mono)
        self._digits = 1
        self.position.setToolTip("Frame on screen / last frame, and its time")
        # The seek slider has a row of its own with the time: sharing the row with the
        # buttons and the reel marks, it was squeezed to a few pixels at 1400×860 and
        # looked like an unticked checkbox.
        self.slider.setMinimumWidth(240)
        self.slider.setToolTip("Drag to move through the video")
        seek = QHBoxLayout()
        seek.addWidget(self.slider, 1)
        seek.addWidget(self.position)
        self.bar = bar = QHBoxLayout()
        for w in (back5, back1, self.play_button, fwd1, fwd5):
            bar.addWidget(w)
        bar.addWidget(self.speed)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view, 1)
        layout.addLayout(seek)
        layout.addLayout(bar)

        self.play_button.clicked.connect(player.toggle)
        back1.clicked.connect(lambda: player.step(-1))
        fwd1.clicked.connect(lambda: player.step(1))
        back5.clicked.connect(lambda: player.jump_ms(-5000))
        fwd5.clicked.connect(lambda: player.jump_ms(5000))
        self.speed.activated.connect(lambda i: player.set_rate(float(self.speed.itemData(i))))
        self.slider.sliderMoved.connect(player.seek_frame)
        player.image_changed.connect(self._on_image)
        player.frame_changed.connect(self._on_frame)
        player.playing_changed.connect(
            lambda playing: self.play_button.setText("❚❚" if playing else "▶")
        )
        player.rate_changed.connect(lambda r: self.speed.setCurrentIndex(RATES.index(r)))
        player.media_failed.connect(self.view.set_message)
        player.media_loaded.connect(self._on_loaded)

    def add_to_bar(self, widget: QWidget) -> None:
        """Another part's controls on the transport bar (the in/out marks for reels)."""
        self.bar.addWidget(widget)

    def _on_loaded(self) -> None:
        fmap = self.player.frame_map
        self.slider.setEnabled(fmap is not None)
        if fmap is not None:
            self.slider.setRange(0, fmap.frame_count - 1)
            # Room for this video's longest numbers, so the time is never cut off.
            self._digits = len(str(fmap.frame_count - 1))
            sample = self._position_text(fmap.frame_count - 1, fmap.frame_count, 0)
            self.position.setMinimumWidth(self.position.fontMetrics().horizontalAdvance(sample) + 6)

    def _position_text(self, frame: int, total: int, ms: int) -> str:
        return f"frame {frame:>{self._digits}} / {total - 1}  {format_ms(ms)}"

    def _on_image(self, image: QImage) -> None:
        self.view.set_image(image)

    def _on_frame(self, frame: int, ms: int) -> None:
        fmap = self.player.frame_map
        total = fmap.frame_count if fmap else 0
        self.position.setText(self._position_text(frame, total, ms))
        if not self.slider.isSliderDown():
            self.slider.blockSignals(True)
            self.slider.setValue(frame)
            self.slider.blockSignals(False)
