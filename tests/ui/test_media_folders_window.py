"""Media folders in the window: a recording whose video moved on this computer opens without
Find moved recording, and Settings → Media folders edits this computer's list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.storage.location import CONFIG_ENV_VAR
from vfcoach.storage.media_folders import add_media_folder, read_media_folders
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.media_finder import LOOKING, NOT_THERE
from vfcoach.ui.shell.settings_dialog import SettingsDialog
from vfcoach.video.synth import read_frame_index


@pytest.fixture
def computer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "this-computer"
    monkeypatch.setenv(CONFIG_ENV_VAR, str(folder / "location.json"))
    return folder


def test_opening_a_moved_recording_finds_it_in_a_media_folder(
    qtbot: QtBot,
    computer: Path,
    sqlite_db: Database,
    recording: Recording,
    tmp_path: Path,
) -> None:
    stored = Path(recording.media_path)
    folder_b = tmp_path / "B"
    (folder_b / "visits").mkdir(parents=True)
    moved = folder_b / "visits" / "F-0001 first visit.mp4"
    stored.rename(moved)
    add_media_folder(folder_b)
    w = MainWindow(sqlite_db, "Tester")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)

    assert w.open_recording(recording.id)
    qtbot.waitUntil(lambda: w.player.loaded, timeout=10_000)
    assert not w.media_notice.isVisible()
    assert w.opened is not None and w.opened.media.path == moved.absolute()
    shown: list[int] = []
    w.player.image_changed.connect(lambda im: shown.append(read_frame_index(image_to_rgb(im))))
    w.player.seek_frame(30)
    qtbot.waitUntil(lambda: not w.player.decoding, timeout=10_000)
    assert shown[-1] == 30  # the stored frame map still fits the file found
    with sqlite_db.uow() as uow:
        assert uow.recordings.get(recording.id).media_path == str(stored)  # row unchanged
    w.player.unload()


def test_a_recording_nowhere_here_is_refused_after_looking(
    qtbot: QtBot,
    computer: Path,
    sqlite_db: Database,
    recording: Recording,
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    add_media_folder(empty)
    Path(recording.media_path).unlink()
    w = MainWindow(sqlite_db, "Tester")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.open_recording(recording.id)
    assert w.media_notice.text() == LOOKING or "not shown" in w.media_notice.text()
    qtbot.waitUntil(lambda: "not shown" in w.media_notice.text(), timeout=10_000)
    assert w.media_notice.text().endswith(NOT_THERE)
    assert w.media_notice.find_button.isVisible() and not w.player.loaded


def test_settings_page_adds_and_removes_media_folders(
    qtbot: QtBot, computer: Path, window: MainWindow, tmp_path: Path
) -> None:
    videos, usb = tmp_path / "Videos", tmp_path / "USB drive"
    videos.mkdir()
    usb.mkdir()
    add_media_folder(videos)
    qtbot.keyClick(window.video.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.shell.dialog
    assert isinstance(dialog, SettingsDialog)
    qtbot.waitExposed(dialog)
    page = dialog.media_page
    dialog.tabs.setCurrentWidget(page)
    assert page.folders() == [str(videos.resolve())]
    assert not page.add_folder(tmp_path / "nowhere")
    assert "no such folder" in page.result.text()
    note = tmp_path / "note.txt"
    note.write_text("x")
    assert not page.add_folder(note) and "not a folder" in page.result.text()
    assert page.add_folder(usb)
    page.view.setCurrentIndex(page.model.index(0))
    assert page.remove_button.isEnabled()
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.folders() == [str(usb.resolve())]
    dialog.grab().save("/tmp/h-roots-settings-media.png")
    assert read_media_folders().folders == (str(videos.resolve()),)  # nothing until Save
    assert dialog.save()
    assert read_media_folders().folders == (str(usb.resolve()),)
    assert "media folders" in window.status.currentMessage()


def test_a_reel_clip_preview_finds_a_moved_video(
    qtbot: QtBot, computer: Path, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    from tests.ui.test_reel_preview import _burned, _click_row, _editor, _reel_with_range

    _reel_with_range(sqlite_db, recording, 23, 37)
    folder = tmp_path / "laptop videos"
    folder.mkdir()
    Path(recording.media_path).rename(folder / "renamed.mp4")
    add_media_folder(folder)
    dialog = _editor(qtbot, sqlite_db, recording)
    _click_row(qtbot, dialog, 1)
    qtbot.waitUntil(lambda: dialog.preview.shown_frame == 23, timeout=10_000)
    assert _burned(dialog.preview) == 23
    assert dialog.preview.source(recording.id).path == (folder / "renamed.mp4").absolute()
    dialog.dispose()
