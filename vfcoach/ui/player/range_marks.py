"""In and out marks on the player: a free range of frames, for a reel clip.

The marks are frame indices taken from the player, so they are exact frames already (the
same snapping `AddClipOperation` applies); the timeline shows them through `changed`, and a
new recording clears them, since a range belongs to one recording.

Keys: Shift+I and Shift+O while the video has focus. Plain I and O are code shortcuts of
the built-in schemes (INT and LEAD_NONE in abc-style, MOMENT in vipp-sd-style), and a
scheme's shortcut is always one key without a modifier, so no scheme can take these two.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QToolButton, QWidget

from vfcoach.ui.player.player_controller import PlayerController

MARK_IN_KEY = "Shift+I"
MARK_OUT_KEY = "Shift+O"


class RangeMarks(QObject):
    """The marked in and out frames of the open recording (either may be unset)."""

    changed = Signal(object, object)  # in ms | None, out ms | None: what the timeline shows

    def __init__(self, player: PlayerController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.in_frame: int | None = None
        self.out_frame: int | None = None
        player.media_loaded.connect(self.clear)

    def mark_in(self) -> None:
        self.in_frame = self.player.frame
        self._changed()

    def mark_out(self) -> None:
        self.out_frame = self.player.frame
        self._changed()

    def clear(self) -> None:
        self.in_frame = self.out_frame = None
        self._changed()

    def span(self) -> tuple[int, int] | None:
        """In and out in playing order (marked backwards still means that range), or None."""
        if self.in_frame is None or self.out_frame is None:
            return None
        first, last = sorted((self.in_frame, self.out_frame))
        return first, last

    def _ms(self, frame: int | None) -> int | None:
        fmap = self.player.frame_map
        if frame is None or fmap is None or not 0 <= frame < fmap.frame_count:
            return None
        return fmap.ms_at(frame)

    def _changed(self) -> None:
        self.changed.emit(self._ms(self.in_frame), self._ms(self.out_frame))


class RangeBar(QWidget):
    """Mark in, mark out and clear buttons; the keys work while the video has focus."""

    def __init__(self, marks: RangeMarks, video: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marks = marks
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        self.shortcuts: list[QShortcut] = []
        for text, tip, key, slot in (
            ("In", f"Mark the in point of a clip here ({MARK_IN_KEY})", MARK_IN_KEY, marks.mark_in),
            ("Out", f"Mark the out point here ({MARK_OUT_KEY})", MARK_OUT_KEY, marks.mark_out),
            ("×", "Clear the in and out marks", None, marks.clear),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the video
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[text] = button
            if key is not None:
                shortcut = QShortcut(QKeySequence(key), video)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
                self.shortcuts.append(shortcut)

    def add_button(self, button: QToolButton) -> None:
        """The action that uses the marks (Add range to reel…) next to them."""
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = self.layout()
        assert layout is not None
        layout.addWidget(button)
