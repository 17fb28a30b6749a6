"""Save dialogs follow the same output policy as `--out` (issue 10 item 1).

The file the dialog returns is judged before anything runs: a recording's own video is
refused with its reason on screen and stays byte-identical; an existing ordinary file is
replaced only after "Replace it?" is answered yes (the question is injectable, so the test
answers it without a modal loop).
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.services.reliability_world import (
    EXAMPLE3_A,
    EXAMPLE3_B,
    code,
    import_video,
)
from tests.ui.reel_world import code_strengths, shown_editor
from tests.ui.reliability_view_world import compute, open_view
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reel_export_dialog_refuses_the_recordings_video(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    dialog = shown_editor(qtbot, sqlite_db, code_strengths(sqlite_db, recording)[0])
    dialog.suggest()
    assert dialog.reel is not None and dialog.model.rowCount() == 1
    video = Path(recording.media_path)
    before = _digest(video)
    asked: list[Path] = []
    dialog.bar.ask_path = lambda: str(video)
    dialog.bar.confirm_replace = lambda p: asked.append(p) or True
    qtbot.mouseClick(dialog.bar.export_button, Qt.MouseButton.LeftButton)
    text = dialog.bar.status.text()
    assert text.startswith("Not exported: ") and "the video of recording" in text
    assert asked == []  # a protected file is never even offered for replacing
    assert not dialog.bar.exporting and dialog.bar.export_button.isEnabled()
    assert _digest(video) == before


def test_reel_export_dialog_asks_before_replacing(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = shown_editor(qtbot, sqlite_db, code_strengths(sqlite_db, recording)[0])
    dialog.suggest()
    older = tmp_path / "last-week.mp4"
    older.write_bytes(b"last week's reel")
    answers = [False, True]
    asked: list[Path] = []

    def confirm(path: Path) -> bool:
        asked.append(path)
        return answers.pop(0)

    dialog.bar.ask_path = lambda: str(older)
    dialog.bar.confirm_replace = confirm
    qtbot.mouseClick(dialog.bar.export_button, Qt.MouseButton.LeftButton)
    assert asked == [older] and older.read_bytes() == b"last week's reel"
    assert "was kept as it is" in dialog.bar.status.text()
    qtbot.mouseClick(dialog.bar.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    assert asked == [older, older]
    assert older.read_bytes()[4:8] == b"ftyp"
    assert stat.S_IMODE(older.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".*.part"))


def test_report_dialog_refuses_and_asks_like_the_command_line(
    qtbot: QtBot, sqlite_db: Database, video_120s: Path, tmp_path: Path
) -> None:
    rec = import_video(sqlite_db, video_120s, "F-1", 1)
    code(sqlite_db, rec, "Ana", list(EXAMPLE3_A))
    code(sqlite_db, rec, "Ben", list(EXAMPLE3_B))
    v = open_view(qtbot, sqlite_db, rec)
    compute(qtbot, v)
    exporter = v.dialog.report
    disguised = tmp_path / "report.html"
    disguised.symlink_to(video_120s)  # a report "named" .html that is really the video
    before = _digest(video_120s)
    exporter.ask_path = lambda: disguised
    qtbot.mouseClick(exporter.button, Qt.MouseButton.LeftButton)
    assert "was not written" in v.dialog.message.text()
    assert "leads to" in v.dialog.message.text()
    assert _digest(video_120s) == before and exporter.written is None

    older = tmp_path / "irr.html"
    older.write_text("an older report", encoding="utf-8")
    exporter.ask_path = lambda: older
    exporter.confirm_replace = lambda _p: False
    qtbot.mouseClick(exporter.button, Qt.MouseButton.LeftButton)
    assert older.read_text(encoding="utf-8") == "an older report"
    exporter.confirm_replace = lambda _p: True
    qtbot.mouseClick(exporter.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: exporter.written == older, timeout=30_000)
    assert "Coder reliability" in older.read_text(encoding="utf-8")
    assert stat.S_IMODE(older.stat().st_mode) == 0o600
    v.window.player.unload()
