"""What the main window has open follows one `CodingSession`: coding, comparing or nothing.

The bug this pins down: after the Reliability window took the main window to a comparison
(read only) and was closed, the window stayed "comparing … read only" and code keys did
nothing until a recording was clicked in the browser.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.services.reliability_world import EXAMPLE3_A, EXAMPLE3_B, code, import_video
from tests.ui.reliability_view_world import compute, open_view
from vfcoach.coding.ids import RecordingId
from vfcoach.services.access import Actor
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.session import Mode


@pytest.fixture
def rec(sqlite_db: Database, video_120s: Path) -> RecordingId:
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    return rec


def _compare_first_disagreement(qtbot: QtBot, window: MainWindow, dialog) -> None:
    panel = dialog.disagreements
    dialog.tabs.setCurrentWidget(panel)
    table = panel.table
    rect = table.visualRect(table.model().index(0, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "read only" in window.windowTitle(), timeout=10_000)


def _codes_of(db: Database, coder: str, rec: RecordingId) -> list[tuple[str, int]]:
    with db.uow() as uow:
        coder_id = uow.coders.by_name(coder).id
        passes = [p for p in uow.passes.for_recording(rec) if p.coder_id == coder_id]
        return sorted(
            (a.code_key, a.onset.frame) for p in passes for a in uow.annotations.for_pass(p.id)
        )


def test_closing_reliability_returns_to_coding_the_recording_open_before(
    qtbot: QtBot, sqlite_db: Database, rec: RecordingId
) -> None:
    view = open_view(qtbot, sqlite_db, rec)  # Sue, a supervisor who also codes
    w = view.window
    assert w.open_recording(rec)
    assert w.start_coding()  # opening only shows it; Sue starts coding it herself
    w.player.seek_frame(200)  # where Sue is coding
    dialog = w.open_reliability_window()
    compute(qtbot, view)
    _compare_first_disagreement(qtbot, w, dialog)
    assert w.store.coding_pass is None  # read only while comparing

    dialog.close()

    qtbot.waitUntil(lambda: "read only" not in w.windowTitle(), timeout=10_000)
    assert w.store.coding_pass is not None and "comparing" not in w.pass_label.text().lower()
    assert not any("·" in lane.label for lane in w.timeline.lanes)  # Sue's own lanes again
    assert w.timeline.current_mark is None
    qtbot.waitUntil(lambda: w.player.loaded and w.isActiveWindow(), timeout=10_000)
    assert w.player.frame == 200  # back where she was, not at the disagreement
    qtbot.keyClick(w.video.view, "n")
    assert _codes_of(sqlite_db, "Sue", rec) == [("NUR", 200)]
    w.player.unload()


def test_closing_reliability_with_nothing_open_before_says_so(
    qtbot: QtBot, sqlite_db: Database, rec: RecordingId
) -> None:
    view = open_view(qtbot, sqlite_db, rec)  # nothing open in the main window
    w = view.window
    compute(qtbot, view)
    _compare_first_disagreement(qtbot, w, view.dialog)

    view.dialog.close()

    qtbot.waitUntil(lambda: "read only" not in w.windowTitle(), timeout=10_000)
    assert "Nothing open" in w.pass_label.text()
    assert w.timeline.lanes == [] and w.timeline.current_mark is None
    assert not w.player.loaded
    qtbot.waitUntil(w.isActiveWindow, timeout=10_000)
    qtbot.keyClick(w.video.view, "n")  # nothing to code into, and nothing is created
    assert "Nothing open" in w.status.currentMessage()
    with sqlite_db.uow() as uow:
        assert uow.coders.by_name("Sue") is None or _codes_of(sqlite_db, "Sue", rec) == []
    w.player.unload()


def test_closing_reliability_while_coding_leaves_the_coding_alone(
    qtbot: QtBot, sqlite_db: Database, rec: RecordingId
) -> None:
    view = open_view(qtbot, sqlite_db, rec)
    w = view.window
    assert w.open_recording(rec)
    assert w.start_coding()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow, timeout=10_000)
    w.player.seek_frame(12)
    qtbot.keyClick(w.video.view, "n")
    dialog = w.open_reliability_window()
    dialog.close()  # no disagreement was looked at: nothing to go back from
    assert w.session.mode is Mode.CODING and w.coding.undo_stack.canUndo()
    assert w.store.coding_pass is not None and len(w.store.annotations()) == 1
    w.player.unload()


def test_the_session_names_the_acting_coder_and_the_windows_follow(
    qtbot: QtBot, sqlite_db: Database, rec: RecordingId
) -> None:
    view = open_view(qtbot, sqlite_db, rec)
    w = view.window
    assert w.open_recording(rec)
    seen: list[Actor] = []
    w.session.actor_changed.connect(seen.append)
    w.session.act_as("Ana")
    assert [a.name for a in seen] == ["Ana"] and w.session.actor.coder_id != 0  # Ana has coded
    assert w.opened is not None and w.store.coding_pass is not None
    with sqlite_db.uow() as uow:
        assert uow.coders.get(w.store.coding_pass.coder_id).name == "Ana"  # her own pass
    assert "Coder: Ana" in w.pass_label.text()
    assert w.open_reliability_window()._viewer() == w.session.actor  # the one Actor
    w.player.unload()
