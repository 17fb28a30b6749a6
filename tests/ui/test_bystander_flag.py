"""Code → Flag bystander span… (Shift+B) in the real window, and the watermark the export bar shows.

The key opens the dialog with the in/out marks (or the frame on screen and 5 s on), Flag
stores the span for the recording, the timeline draws it hatched, and a reel clip over it
is refused afterwards; *Remove the bystander flag here* takes it back. The export bar says
what the exported copy will be marked with, and asks who will watch a coach-view reel.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import ClassVar

import pytest
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.reel_world import code_strengths, shown_editor
from vfcoach.coding.project import Recording
from vfcoach.coding.reels import Audience, ReelRefused
from vfcoach.services.bystanders import bystander_spans
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database
from vfcoach.ui.coding.bystander_flag import FLAG_KEY, FLAG_TEXT, UNFLAG_TEXT, BystanderDialog
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.shell.keymap import EDIT_KEYS


class Accepting(BystanderDialog):
    """The real dialog, answered as a coach would: a note, then Flag."""

    seen: ClassVar[list[tuple[str, str]]] = []

    def exec(self) -> int:
        Accepting.seen.append((self.start.text(), self.end.text()))
        self.note.setText("neighbour at the door")
        self._accept()
        return int(QDialog.DialogCode.Accepted)


def code_menu_texts(window: MainWindow) -> list[str]:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    menu = menus["Code"]
    assert menu is not None
    return [a.text() for a in menu.actions()]  # type: ignore[union-attr]


def test_shift_b_flags_the_marked_range_and_the_timeline_hatches_it(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, recording: Recording
):
    assert FLAG_TEXT in code_menu_texts(window) and UNFLAG_TEXT in code_menu_texts(window)
    assert window.bystanders.flag_action.shortcut().toString() == FLAG_KEY
    assert any(key == FLAG_KEY for key, _ in EDIT_KEYS)  # in the key map (F1)
    window.bystanders.ask = Accepting
    marks = window.toolbar.moments.marks
    window.player.seek_frame(20)
    marks.mark_in()
    window.player.seek_frame(40)
    marks.mark_out()
    window.bystanders.flag_action.trigger()
    assert Accepting.seen[-1] == ("00:00:00.800", "00:00:01.600")  # the marks, 25 fps
    qtbot.waitUntil(lambda: window.timeline.bystanders == [(800, 1600)], timeout=10_000)
    (span,) = bystander_spans(sqlite_db, recording.id)
    assert (span.start.frame, span.end.frame, span.note) == (20, 40, "neighbour at the door")
    assert "no reel will show it" in window.status.currentMessage()
    window.timeline.resize(900, 160)
    window.timeline.grab().save("/tmp/h-privacy-timeline.png")
    # a clip over it is refused from now on
    visit, _pass = code_strengths(sqlite_db, recording)
    reel = CreateReelOperation(sqlite_db, visit, coder_name="Ana").run().reel
    assert reel.id is not None
    with pytest.raises(ReelRefused, match="bystander who has not consented"):
        AddClipOperation(sqlite_db, reel.id, recording_id=recording.id, start_frame=30,
                         end_frame=50).run()  # fmt: skip
    # and the flag comes off at the frame on screen
    window.player.seek_frame(30)
    window.bystanders.unflag_action.trigger()
    qtbot.waitUntil(lambda: window.timeline.bystanders == [], timeout=10_000)
    assert bystander_spans(sqlite_db, recording.id) == []


def test_a_bad_time_is_said_in_the_dialog_and_nothing_is_stored(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, recording: Recording
):
    dialog = BystanderDialog(0, 5000, window)
    qtbot.addWidget(dialog)
    dialog.start.setText("soon")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and "not a time" in dialog.error.text()
    assert bystander_spans(sqlite_db, recording.id) == []


def test_the_export_bar_says_what_the_copy_is_marked_with(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
):
    visit, _pass = code_strengths(sqlite_db, recording)
    CreateReelOperation(sqlite_db, visit).run()
    editor = shown_editor(qtbot, sqlite_db, visit)
    field = editor.bar.watermark
    today = dt.date.today().isoformat()
    qtbot.waitUntil(lambda: field.label.text() != "", timeout=10_000)
    assert field.label.text() == f"Watermark: F-0001 · {today}"
    assert not field.viewer.isVisible()  # a caregiver copy: no name asked
    editor.bar.mode.setCurrentIndex(editor.bar.mode.findData("fast"))  # Fast is told at once
    qtbot.waitUntil(lambda: "watermark is drawn" in editor.bar.status.text(), timeout=20_000)
    editor.resize(1300, 700)
    editor.grab().save("/tmp/h-privacy-export-bar.png")
    reel = editor.reel
    assert reel is not None
    field.set_reel(dataclasses.replace(reel, audience=Audience.COACH))
    # the audience is read from storage: a caregiver reel stays a caregiver reel
    assert not field.viewer.isVisible()


def test_a_coach_view_reel_is_marked_with_who_will_watch_it(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
):
    visit, _pass = code_strengths(sqlite_db, recording)
    CreateReelOperation(sqlite_db, visit, audience=Audience.COACH).run()
    editor = shown_editor(qtbot, sqlite_db, visit)
    field = editor.bar.watermark
    today = dt.date.today().isoformat()
    qtbot.waitUntil(lambda: field.viewer.isVisible(), timeout=10_000)
    assert field.label.text() == f"Watermark: Ana · {today}"  # blank: the coach's own name
    field.viewer.setText("Training group B")
    assert field.label.text() == f"Watermark: Training group B · {today}"
    mark = field.watermark()
    assert mark is not None and mark.text.startswith("Training group B")
    bar: QWidget = editor.bar
    # the whole mark is read, never cut to "Training group B ·"
    qtbot.waitUntil(lambda: field.label.width() >= field.label.sizeHint().width(), timeout=5000)
    bar.grab().save("/tmp/h-privacy-export-bar-coach.png")
