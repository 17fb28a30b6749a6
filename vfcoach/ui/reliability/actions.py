"""Opening the Reliability window from the main window and wiring it to the navigator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfcoach.coding.ids import RecordingId
from vfcoach.ui.reliability.navigator import ComparisonNavigator
from vfcoach.ui.reliability.window import ReliabilityWindow

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow


def _current(
    window: MainWindow, navigator: ComparisonNavigator | None
) -> tuple[RecordingId, str] | None:
    if window.opened is not None:
        o = window.opened
        label = f"{o.family_code} visit {o.visit_number}"
        if o.recording.label:
            label += f" {o.recording.label}"
        return o.recording.id, label
    if navigator is not None and navigator.compared is not None:
        return navigator.compared.recording_id, navigator.compared.label
    return None


def open_reliability(window: MainWindow, existing: ReliabilityWindow | None) -> ReliabilityWindow:
    """Show the Reliability window (one per main window); the video follows its selection."""
    if existing is not None:
        existing.set_recording(_current(window, existing.navigator))
        existing.show()
        existing.raise_()
        existing.activateWindow()
        return existing
    dialog = ReliabilityWindow(
        window.db, window.runner, lambda: window.coder_name, _current(window, None), window
    )
    navigator = ComparisonNavigator(window, dialog)
    dialog.disagreement_chosen.connect(navigator.go_to)
    navigator.failed.connect(dialog.message.setText)
    dialog.navigator = navigator
    dialog.show()
    return dialog
