"""A real main window on a real SQLite database with a real generated recording."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from tests.consent_helpers import agree
from vfcoach.coding.project import Recording
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.runner import TaskRunner


@pytest.fixture(autouse=True)
def private_preferences(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Each test's windows read and write their preferences (size, last recording, coder)
    in a folder of their own, never in the person's real settings."""
    folder = tmp_path_factory.mktemp("preferences")
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    yield folder


@pytest.fixture
def recording(sqlite_db: Database, cfr_video: Path, tmp_path: Path) -> Recording:
    # A private copy, so a test may move or delete it without touching the shared media:
    # kept in place, so the file at the recording's path is that copy (sealed recordings in
    # the window: tests/ui/test_sealed_playback.py, test_add_videos_store.py).
    copy = tmp_path / "visit.mp4"
    copy.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(sqlite_db, copy, "F-0001", keep_in_place=True).run()
    agree(sqlite_db, "F-0001")  # caregiver mode, reels, double coding: the family agreed
    return rec


@pytest.fixture
def window(qtbot: QtBot, sqlite_db: Database, recording: Recording) -> Iterator[MainWindow]:
    w = MainWindow(sqlite_db, "Tester")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    assert w.open_recording(recording.id)  # opening only shows it: nothing is coded yet
    assert w.whose.start_button.isVisible()
    qtbot.mouseClick(w.whose.start_button, Qt.MouseButton.LeftButton)  # now Tester codes it
    assert w.opened is not None and w.opened.mine and w.whose.text == "Your codes"
    yield w
    w.player.unload()


class InlineExecutor(Executor):
    """Runs each job at once in the calling thread, like Picard's `FakeThreadPool`: the
    outcome is in the task's queue when `start` returns and arrives on `runner.drain()`."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


@pytest.fixture
def inline_runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """A runner whose two lanes both run jobs inline, for deterministic window tests."""
    runner = TaskRunner(InlineExecutor(), InlineExecutor())
    yield runner
    runner.shutdown()
