"""The coach's side of caregiver mode: which clip the caregiver sees, what to say about it.

It sits on the coach's screen while the caregiver window fills the other one (issue 5 §3,
domain.md §5 rule 3). It is the only place a talking point appears during the showing, and
it knows nothing of the caregiver window: it follows through `show_clip`/`set_playing` and
drives through its request signals, so the caregiver window is never handed a talking point
and cannot draw one by mistake.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

CoachNote = tuple[str, str]  # caption (what the caregiver reads), talking point (coach only)

_STYLE = """
QFrame#companion { background: #eef3f0; border: 1px solid #b9cfc1; border-radius: 8px; }
QLabel#heading { color: #2f5d45; font-weight: 600; }
QLabel#clip { font-size: 13pt; font-weight: 600; }
QLabel#talking { font-size: 13pt; background: #ffffff; border-radius: 6px; padding: 8px; }
QLabel#caption { color: #4a4f55; font-style: italic; }
"""


class CoachCompanion(QFrame):
    """Clip n of N, the coach's talking point, the caption, and the caregiver's buttons."""

    previous_requested = Signal()
    toggle_requested = Signal()
    next_requested = Signal()
    stop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("companion")
        self.setStyleSheet(_STYLE)
        self._notes: list[CoachNote] = []
        self._index = 0
        self.heading = QLabel("Showing to the caregiver")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setObjectName("heading")
        self.clip = QLabel("")
        self.clip.setTextFormat(Qt.TextFormat.PlainText)
        self.clip.setObjectName("clip")
        self.talking_point = QLabel("")
        self.talking_point.setObjectName("talking")
        self.talking_point.setWordWrap(True)
        self.talking_point.setTextFormat(Qt.TextFormat.PlainText)
        self.caption = QLabel("")
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setObjectName("caption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.previous_button = QPushButton("◀◀ Previous")
        self.play_button = QPushButton("▶ Play")
        self.next_button = QPushButton("Next ▶▶")
        self.stop_button = QPushButton("Stop showing")
        self.previous_button.clicked.connect(self.previous_requested)
        self.play_button.clicked.connect(self.toggle_requested)
        self.next_button.clicked.connect(self.next_requested)
        self.stop_button.clicked.connect(self.stop_requested)
        buttons = QHBoxLayout()
        for b in (self.previous_button, self.play_button, self.next_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addWidget(self.heading)
        layout.addWidget(self.clip)
        layout.addWidget(QLabel("Your talking point (only you see this):"))
        layout.addWidget(self.talking_point)
        layout.addWidget(self.caption)
        layout.addLayout(buttons)

    @property
    def clip_index(self) -> int:
        return self._index

    def start(self, notes: list[CoachNote], where: str) -> None:
        """Begin following a showing of these clips; `where` names the caregiver's screen."""
        self._notes = list(notes)
        self.heading.setText(f"Showing to the caregiver {where}".rstrip())
        self.set_playing(False)
        self.show_clip(0)
        self.show()

    def show_clip(self, index: int) -> None:
        if not self._notes:
            self.clip.setText("No clips")
            self.talking_point.setText("")
            self.caption.setText("")
            return
        self._index = max(0, min(index, len(self._notes) - 1))
        caption, talking = self._notes[self._index]
        self.clip.setText(f"Clip {self._index + 1} of {len(self._notes)}")
        self.talking_point.setText(talking or "(no talking point written for this clip)")
        self.caption.setText(f"They read: “{caption}”" if caption else "They read no caption.")
        self.previous_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(self._index < len(self._notes) - 1)

    def set_playing(self, playing: bool) -> None:
        self.play_button.setText("❚❚ Pause" if playing else "▶ Play")

    def stop_following(self) -> None:
        """The caregiver window has closed: nothing is being shown any more."""
        self._notes = []
        self.hide()
