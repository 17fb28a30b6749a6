"""The add-videos window copies each video, encrypted, into vfcoach's media store unless the
coach ticks *Keep these videos where they are*; the list of families marks those."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from vfcoach.services.recordings.store import NOT_ENCRYPTED, media_store_folder
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import RecordingRole
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.recordings import entry
from vfcoach.ui.recordings.add_videos import KEEP_IN_PLACE
from vfcoach.ui.runner import TaskRunner
from vfcoach.video.sealed import is_sealed


@pytest.fixture
def window(qtbot: QtBot, sqlite_db: Database, inline_runner: TaskRunner) -> Iterator[MainWindow]:
    w = MainWindow(sqlite_db, "Tester", runner=inline_runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.player.unload()


def _add(w: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path, keep: bool) -> None:
    monkeypatch.setattr(entry, "choose_video_files", lambda _parent: [path])
    dialog = w.add_videos.open_add_videos()
    assert dialog is not None
    w.runner.drain()
    assert dialog.keep_in_place.text() == KEEP_IN_PLACE
    assert not dialog.keep_in_place.isChecked()  # the default: an encrypted copy
    dialog.family_all.setCurrentText("F-0500")
    dialog.use_family_for_all()
    dialog.keep_in_place.setChecked(keep)
    if keep:
        dialog.grab().save("/tmp/h-media-add-dialog.png")
    dialog.add_chosen()
    w.runner.drain()
    assert not dialog.isVisible()


def test_added_videos_are_encrypted_unless_kept_in_place_and_the_list_says_so(
    window: MainWindow, tmp_path: Path, cfr_video: Path, vfr_video: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    copied, kept = tmp_path / "home-visit-1.mp4", tmp_path / "home-visit-2.mp4"
    shutil.copyfile(cfr_video, copied)
    shutil.copyfile(vfr_video, kept)
    before = set(media_store_folder().iterdir())
    _add(window, monkeypatch, copied, keep=False)
    (stored,) = set(media_store_folder().iterdir()) - before
    assert is_sealed(stored) and copied.is_file()  # the coach's file is left as it was
    _add(window, monkeypatch, kept, keep=True)
    assert set(media_store_folder().iterdir()) - before == {stored}

    # named by where each is stored (the list names both by a neutral label, never a file)
    items = {i.data(RecordingRole).media_path: i for i in window.browser_model.recording_items()}
    assert set(items) == {str(stored), str(kept)}
    assert NOT_ENCRYPTED not in items[str(stored)].text()
    assert "kept encrypted" in items[str(stored)].toolTip()
    assert items[str(kept)].text().endswith(NOT_ENCRYPTED)
    assert "home-visit" not in items[str(stored)].text() + items[str(kept)].text()
    window.browser.expandAll()
    window.browser.grab().save("/tmp/h-media-browser.png")
    window.grab().save("/tmp/h-media-window.png")
    for label in items:
        rec = items[label].data(RecordingRole)
        assert window.open_recording(rec.id)
