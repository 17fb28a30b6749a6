"""Showing an exported reel: the caregiver window on its screen, the coach's companion in step.

The caregiver window is built from the rendered file and the captions only; the talking
points stay here, on the coach's side, and reach the companion alone. The two are joined
by signals, so the coach can follow and drive the showing (previous, play, next, stop) from
their own screen without the caregiver window ever holding a coach-only word.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QComboBox

from vfcoach.coding.reels import CaptionLint
from vfcoach.ui.present.caregiver_window import Caption, CaregiverWindow
from vfcoach.ui.present.coach_companion import CoachCompanion, CoachNote
from vfcoach.ui.present.screens import caregiver_screens, describe_screen


def fill_screen_choice(combo: QComboBox, coach: list[QScreen | None]) -> None:
    """List the screens the caregiver may watch on; shown only when there is a choice."""
    previous = combo.currentText()
    combo.clear()
    for screen in caregiver_screens(coach):
        combo.addItem(describe_screen(screen), screen)
    if previous:
        found = combo.findText(previous)
        combo.setCurrentIndex(found if found >= 0 else 0)
    combo.setVisible(combo.count() > 1)


class CaregiverShowing:
    """At most one caregiver window at a time, and the companion that follows it."""

    def __init__(self, companion: CoachCompanion) -> None:
        self.companion = companion
        self.window: CaregiverWindow | None = None
        companion.previous_requested.connect(self.previous)
        companion.toggle_requested.connect(self.toggle)
        companion.next_requested.connect(self.next)
        companion.stop_requested.connect(self.stop)
        companion.hide()

    def start(
        self,
        video: str | Path,
        captions: list[Caption],
        notes: list[CoachNote],
        pin: str | None,
        screen: QScreen | None,
        lint: CaptionLint | None = None,
        captions_under: bool = True,
    ) -> CaregiverWindow:
        """Full screen on `screen` (None: the only screen); the companion shows clip 1."""
        self.stop()
        window = CaregiverWindow(
            video, captions, pin=pin, screen=screen, lint=lint, captions_under=captions_under
        )
        window.clip_changed.connect(self.companion.show_clip)
        window.playing_changed.connect(self.companion.set_playing)
        window.left.connect(self._left)
        self.window = window
        where = f"on {describe_screen(screen)}" if screen is not None else ""
        self.companion.start(notes, where)
        window.present()
        return window

    def previous(self) -> None:
        if self.window is not None:
            self.window.previous_clip()

    def next(self) -> None:
        if self.window is not None:
            self.window.next_clip()

    def toggle(self) -> None:
        if self.window is not None:
            self.window.toggle()

    def stop(self) -> None:
        """The coach ends the showing from their own screen (a deliberate exit too)."""
        if self.showing:
            assert self.window is not None
            self.window.leave()

    @property
    def showing(self) -> bool:
        return self.window is not None and self.window.isVisible()

    def _left(self) -> None:
        # The closed window stays referenced until the next showing: dropping it here would
        # free it inside its own closeEvent.
        self.companion.stop_following()
