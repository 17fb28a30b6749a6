"""Opening the Reliability window from the main window and wiring it to the navigator.

The window reads who is acting and what is open from the main window's `CodingSession`;
closing it ends a comparison it started, so the main window codes again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vfcoach.coding.ids import RecordingId
from vfcoach.coding.pseudonym import safe_label
from vfcoach.ui.reliability.navigator import ComparisonNavigator
from vfcoach.ui.reliability.window import ReliabilityWindow

if TYPE_CHECKING:
    from vfcoach.services.access import Actor
    from vfcoach.ui.main_window import MainWindow


def _current(window: MainWindow) -> tuple[RecordingId, str] | None:
    """The recording the main window shows, coded or compared: the default scope."""
    session = window.session
    if session.opened is not None:
        o = session.opened
        label = f"{o.family_code} visit {o.visit_number}"
        if safe_label(o.recording):  # never the file's name (§7.1)
            label += f" {safe_label(o.recording)}"
        return o.recording.id, label
    if session.compared is not None:
        return session.compared.recording_id, session.compared.label
    return None


def _viewer(window: MainWindow) -> Callable[[], Actor]:
    """The window's acting person, asked each time (the coder box may change meanwhile)."""
    session = window.session

    def actor() -> Actor:
        return session.actor

    return actor


def open_reliability(window: MainWindow, existing: ReliabilityWindow | None) -> ReliabilityWindow:
    """Show the Reliability window (one per main window); the video follows its selection."""
    if existing is not None:
        existing.set_recording(_current(window))
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = ReliabilityWindow(window.db, window.runner, _viewer(window), _current(window), window)
    navigator = ComparisonNavigator(window, dialog)
    dialog.disagreement_chosen.connect(navigator.go_to)
    navigator.failed.connect(dialog.message.setText)
    dialog.finished.connect(lambda _result: navigator.end())  # closed: code again
    dialog.navigator = navigator
    dialog.show()
    return dialog
