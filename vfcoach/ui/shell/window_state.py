"""What the window remembers between starts: its size, its splitters, the recording and frame.

These are the person's preferences on this computer, not the organisation's, so they live in
QSettings (the project's settings table is shared by everyone on the database). The last
recording is only reopened if it is still in the browser and its file is still where it was:
a recording removed since, or a video moved away, starts the window with nothing open and no
error dialog, because nothing the person did just now went wrong.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtWidgets import QSplitter

from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import Recording
from vfcoach.ui.browser.browser_model import RecordingRole

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

log = logging.getLogger(__name__)

SIZE = "window/size"
MAXIMISED = "window/maximised"
SPLITTER = "window/splitter/"
RECORDING = "last/recording"
FRAME = "last/frame"
CODER = "coder"
MIN_SIZE = QSize(640, 400)


def user_settings() -> QSettings:
    """The person's own preferences on this computer (also read by the start-up)."""
    return QSettings("vfcoach", "vfcoach")


def _int(value: object) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def named_splitters(window: MainWindow) -> list[QSplitter]:
    """The window's own splitters: those it named (dialogs' splitters are not its)."""
    return [s for s in window.findChildren(QSplitter) if s.objectName().startswith("shell:")]


def restore_layout(window: MainWindow, settings: QSettings) -> None:
    """Size and splitter widths as they were when the window last closed."""
    size = settings.value(SIZE)
    if isinstance(size, QSize) and size.isValid():  # a window manager fits it to the screen
        window.resize(size.expandedTo(MIN_SIZE))
    for splitter in named_splitters(window):
        raw = settings.value(SPLITTER + splitter.objectName().removeprefix("shell:"))
        sizes = [_int(v) for v in raw] if isinstance(raw, list) else []
        if len(sizes) == splitter.count() and all(s is not None and s >= 0 for s in sizes):
            splitter.setSizes([s for s in sizes if s is not None])
    if str(settings.value(MAXIMISED, "false")).lower() == "true":
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def save_state(window: MainWindow, settings: QSettings) -> None:
    """Called on close: the layout, the acting coder, and what was open at which frame."""
    settings.setValue(CODER, window.coder_name)
    settings.setValue(MAXIMISED, window.isMaximized())
    if not window.isMaximized() and not window.isFullScreen():
        settings.setValue(SIZE, window.size())
    for splitter in named_splitters(window):
        name = splitter.objectName().removeprefix("shell:")
        settings.setValue(SPLITTER + name, [str(s) for s in splitter.sizes()])
    opened = window.opened
    if opened is not None:
        settings.setValue(RECORDING, int(opened.recording.id))
        settings.setValue(FRAME, window.player.frame)
    else:
        settings.remove(RECORDING)
        settings.remove(FRAME)
    settings.sync()


def remember_recording(window: MainWindow, settings: QSettings) -> None:
    """Called when a recording opens: even after a crash the next start finds it (at the
    frame of the last regular close, or its start)."""
    opened = window.opened
    if opened is not None and _int(settings.value(RECORDING)) != int(opened.recording.id):
        settings.setValue(RECORDING, int(opened.recording.id))
        settings.remove(FRAME)
        settings.sync()


def _still_there(window: MainWindow, recording_id: int) -> Recording | None:
    for item in window.browser_model.recording_items():
        rec = item.data(RecordingRole)
        if isinstance(rec, Recording) and int(rec.id) == recording_id:
            return rec
    return None


def has_last_recording(settings: QSettings) -> bool:
    return _int(settings.value(RECORDING)) is not None


def restore_last_recording(window: MainWindow, settings: QSettings) -> bool:
    """Reopen the recording open at the last close, at its frame. False (quietly) when
    there was none, it was removed since, or its video file is gone."""
    recording_id = _int(settings.value(RECORDING))
    if recording_id is None:
        return False
    rec = _still_there(window, recording_id)
    if rec is None:
        log.info(
            "last recording %s is no longer in the database; starting without it", recording_id
        )
        return False
    if not Path(rec.media_path).is_file():
        log.info("the video of the last recording is gone; starting without it")
        return False
    if not window.open_recording(RecordingId(recording_id)):
        return False
    frame = _int(settings.value(FRAME))
    if frame is not None:
        window.player.seek_frame(frame)
    return True
