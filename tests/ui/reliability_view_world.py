"""A main window on a recording two coders coded (domain.md §6 worked example 3), for the view."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from vfcoach.coding.ids import RecordingId
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.reliability.window import ReliabilityWindow

SUPERVISOR = "Sue"


@dataclass
class View:
    window: MainWindow
    dialog: ReliabilityWindow
    rec: RecordingId


def open_view(qtbot: QtBot, db: Database, rec: RecordingId, viewer: str = SUPERVISOR) -> View:
    """The main window (acting coder `viewer`) with the Reliability window opened on Ana/Ben."""
    window = MainWindow(db, viewer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    dialog = window.open_reliability_window()
    dialog.form.coder_a.setCurrentText("Ana")
    dialog.form.coder_b.setCurrentText("Ben")
    return View(window, dialog, rec)


def compute(qtbot: QtBot, view: View) -> None:
    """Press Compute and wait for the worker: figures, or the refusal, are then on screen."""
    view.dialog.irr = None
    view.dialog.message.setText("")
    qtbot.mouseClick(view.dialog.compute_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: view.dialog.irr is not None or bool(view.dialog.message.text()), timeout=20_000
    )
