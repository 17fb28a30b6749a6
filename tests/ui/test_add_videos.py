"""Add videos without a terminal: the dialog, the empty browser's button and a drop of files.

Real windows on a real SQLite database with generated H.264 files; the runner runs its jobs
inline so each step is delivered by `runner.drain()`. Only the system file chooser is
replaced (it would block the test), by a function returning the files a coach would pick.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QProgressDialog,
    QPushButton,
    QStyleOptionViewItem,
)
from pytestqt.qtbot import QtBot

from tests.ui.drag import drag_files
from vfcoach.services.access import Actor
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import RecordingRole
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.recordings import entry
from vfcoach.ui.recordings.add_model import FAMILY, FILE, FOUND, VISIT
from vfcoach.ui.recordings.add_videos import AddVideosDialog
from vfcoach.ui.runner import TaskRunner
from vfcoach.video.errors import MediaError


@pytest.fixture
def empty_window(
    qtbot: QtBot, sqlite_db: Database, inline_runner: TaskRunner
) -> Iterator[MainWindow]:
    w = MainWindow(sqlite_db, "Tester", runner=inline_runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.player.unload()


@pytest.fixture
def videos(tmp_path: Path, cfr_video: Path, vfr_video: Path, garbage_video: Path) -> list[Path]:
    """Two good visits, a damaged copy and a text file named like a video, with plain names."""
    names = ["home-visit-1.mp4", "home-visit-2.mp4", "sd-card-damaged.mp4", "notes.mp4"]
    out = [tmp_path / n for n in names]
    for src, dst in zip((cfr_video, vfr_video, garbage_video), out, strict=False):
        shutil.copyfile(src, dst)
    out[3].write_text("Notes from the home visit, not a video.\n" * 20, encoding="utf-8")
    return out


def _found(dialog: AddVideosDialog) -> list[str]:
    m = dialog.model
    return [str(m.index(r, FOUND).data()) for r in range(m.rowCount())]


def _open(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, paths: list[Path]
) -> AddVideosDialog:
    monkeypatch.setattr(entry, "choose_video_files", lambda _parent: paths)
    dialog = window.add_videos.open_add_videos()
    assert dialog is not None
    window.runner.drain()  # the check ran inline; deliver it
    return dialog


def test_empty_browser_shows_the_way_in_and_two_files_are_added(
    empty_window: MainWindow, videos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = empty_window
    pane = w.browser_panel.pane
    assert pane.currentWidget() is pane.empty and pane.add_button.text() == "Add videos…"
    pane.empty.grab().save("/tmp/h-addvid-empty.png")
    monkeypatch.setattr(entry, "choose_video_files", lambda _parent: videos[:2])
    pane.add_button.click()  # the empty state's button opens the chooser, then the dialog
    dialog = w.add_videos.dialog
    assert dialog is not None and dialog.isVisible()
    w.runner.drain()
    assert all(t.startswith("Ready") for t in _found(dialog))
    assert dialog.add_button.text() == "Add 2 videos"
    dialog.add_chosen()
    assert "Choose a family for home-visit-1.mp4, home-visit-2.mp4" in dialog.message.text()

    dialog.family_all.setCurrentText("F-0100")
    dialog.use_family_for_all()
    m = dialog.model
    assert m.index(0, FAMILY).data() == "F-0100 (new family)"
    visits = {m.index(r, VISIT).data() for r in range(2)}  # the two files' days
    assert visits <= {"1", "2"}
    dialog.add_chosen()
    w.runner.drain()
    assert not dialog.isVisible()
    assert pane.currentWidget() is w.browser
    labels = sorted(str(i.text()) for i in w.browser_model.recording_items())
    shown = [x.split("  ·  ")[0] for x in labels]  # one visit or two: never a file's name
    assert shown in (["recording 1", "recording 1"], ["recording 1", "recording 2"]), shown
    rec = w.browser_model.recording_items()[0].data(RecordingRole)
    with w.db.uow() as uow:
        assert uow.families.list()[0].code == "F-0100"
        assert {e.actor for e in uow.audit.list()} == {"Tester"}
    assert w.open_recording(rec.id)
    assert "home-visit-" not in w.windowTitle() and "recording " in w.windowTitle()  # §7.1


def test_copy_damage_and_refusal_are_named_and_nothing_is_made_for_a_refused_file(
    empty_window: MainWindow, videos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = empty_window
    dialog = _open(w, monkeypatch, videos[:1])
    dialog.family_all.setCurrentText("DEMO-01")
    dialog.use_family_for_all()
    dialog.model.setData(dialog.model.index(0, VISIT), 2)
    dialog.add_chosen()
    w.runner.drain()

    refused = _open(w, monkeypatch, [videos[3]])  # a text file named .mp4, alone
    with pytest.raises(MediaError) as cli:  # what `vfcoach session add` says of it
        ImportRecordingOperation(w.db, videos[3], "DEMO-01").run()
    assert _found(refused) == [f"Cannot be added: {cli.value.problem}"]
    assert not refused.add_button.isEnabled()
    assert not (refused.model.flags(refused.model.index(0, FILE)) & Qt.ItemFlag.ItemIsUserCheckable)
    refused.reject()
    with w.db.uow() as uow:
        assert len(uow.recordings.list()) == 1 and len(uow.families.list()) == 1

    dialog = _open(w, monkeypatch, [videos[0], videos[2], videos[3]])
    found = _found(dialog)
    assert found[0].startswith("This video is already DEMO-01, visit 2")
    assert found[1].startswith("Damaged: frames ") and "cannot be shown" in found[1]
    assert found[2].startswith("Cannot be added: ")
    assert dialog.add_button.text() == "Add 1 video"  # the copy waits to be ticked
    dialog.family_all.setCurrentText("DEMO-01")
    dialog.use_family_for_all()
    assert dialog.model.index(1, VISIT).data() == "3"  # the next visit of DEMO-01
    dialog.resize(1180, 360)
    dialog.table.resizeRowsToContents()
    dialog.grab().save("/tmp/h-addvid-dialog.png")
    m = dialog.model
    m.setData(m.index(0, FILE), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.add_button.text() == "Add 2 videos"
    dialog.add_chosen()
    w.runner.drain()
    with w.db.uow() as uow:
        assert len(uow.recordings.list()) == 3  # the copy was added anyway, on purpose


def test_files_dropped_on_the_browser_open_the_dialog_with_them(
    empty_window: MainWindow, videos: list[Path]
) -> None:
    w = empty_window
    pane = w.browser_panel.pane
    assert pane.currentWidget() is pane.empty
    drag_files(pane.empty, videos[:2])  # on the empty browser's page
    dialog = w.add_videos.dialog
    assert dialog is not None and dialog.isVisible()
    w.runner.drain()
    assert [r.path.name for r in dialog.model.rows] == ["home-visit-1.mp4", "home-visit-2.mp4"]
    dialog.family_all.setCurrentText("F-7")
    dialog.use_family_for_all()
    dialog.add_chosen()
    w.runner.drain()
    assert pane.currentWidget() is w.browser

    drag_files(w.browser.viewport(), [videos[3]])  # on the tree, once it shows families
    again = w.add_videos.dialog
    assert again is not None and again is not dialog and again.isVisible()
    w.runner.drain()
    assert [r.path.name for r in again.model.rows] == ["notes.mp4"]
    again.reject()


class HeldExecutor(Executor):
    """Keeps each job until the test lets it run, so Cancel can be pressed while it waits."""

    def __init__(self) -> None:
        self.held: list[tuple[Callable[..., Any], tuple[Any, ...], Future[Any]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.held.append((fn, args, future))
        return future

    def run_all(self) -> None:
        for fn, args, future in self.held:
            future.set_result(fn(*args))
        self.held.clear()


def test_cancel_while_checking_adds_nothing_and_a_bad_code_is_refused(
    qtbot: QtBot, sqlite_db: Database, videos: list[Path]
) -> None:
    lane = HeldExecutor()
    runner = TaskRunner(lane, lane)
    dialog = AddVideosDialog(sqlite_db, runner, Actor("Tester"), videos[:2])
    qtbot.addWidget(dialog)
    dialog.show()
    assert _found(dialog) == ["Checking…", "Checking…"]
    progress = dialog.findChild(QProgressDialog)  # the runner's progress dialog
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()  # the coach presses Cancel before the check has run
    lane.run_all()
    runner.drain()
    assert _found(dialog) == ["Not checked (cancelled)"] * 2
    assert "cancelled" in dialog.message.text() and not dialog.add_button.isEnabled()
    with sqlite_db.uow() as uow:
        assert uow.families.list() == [] and uow.recordings.list() == []

    dialog.add_files([videos[0]])  # already listed: nothing new to check
    assert not runner.busy
    dialog.reject()
    runner.shutdown()


def test_a_family_code_with_a_control_character_is_refused(
    empty_window: MainWindow, videos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = _open(empty_window, monkeypatch, videos[:1])
    m = dialog.model
    assert not m.setData(m.index(0, FAMILY), "F-\u202e01")
    assert "control or text-direction" in dialog.message.text()
    assert m.index(0, FAMILY).data() == "choose a family"
    assert m.setData(m.index(0, FAMILY), "  F-0001 ")
    assert m.index(0, FAMILY).data() == "F-0001 (new family)"
    # the family cell's editor: a list of stored codes that also takes a new one
    delegate = dialog.table.itemDelegateForColumn(FAMILY)
    editor = delegate.createEditor(
        dialog.table.viewport(), QStyleOptionViewItem(), m.index(0, FAMILY)
    )
    assert isinstance(editor, QComboBox) and editor.isEditable()
    delegate.setEditorData(editor, m.index(0, FAMILY))
    assert editor.currentText() == "F-0001"
    editor.setCurrentText("F-0002")
    delegate.setModelData(editor, m, m.index(0, FAMILY))
    assert dialog.model.rows[0].family == "F-0002"
    dialog.reject()


def test_ctrl_o_opens_add_videos_and_ctrl_f_puts_the_cursor_in_the_search_box(
    qtbot: QtBot, empty_window: MainWindow, videos: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = empty_window
    monkeypatch.setattr(entry, "choose_video_files", lambda _parent: videos[:1])
    w.activateWindow()
    qtbot.keyClick(w.video.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = w.add_videos.dialog
    assert dialog is not None and dialog.isVisible()
    w.runner.drain()
    assert [t[:5] for t in _found(dialog)] == ["Ready"]
    dialog.reject()
    qtbot.keyClick(w.video.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.browser_panel.search.hasFocus())
