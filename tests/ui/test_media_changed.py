"""A recording whose file was replaced is refused on screen, with Find moved recording.

The stored frame map is the only authority for where each code sits; a different video
under the same name would shift every code, so the coding screen does not show it. The bar
above the video names the recording and relinks it to the original file in one click.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.coding.project import Recording
from vfcoach.ui.main_window import MainWindow
from vfcoach.video.synth import make_counter_video, read_frame_index


def test_a_replaced_file_is_refused_and_found_again(
    qtbot: QtBot,
    window: MainWindow,
    recording: Recording,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = Path(recording.media_path)
    original = source.read_bytes()
    other = make_counter_video(tmp_path / "other-take.mp4", frames=80, fps=25, gop=10)
    source.write_bytes(other.read_bytes())  # same name, another take: 5 frames more

    assert not window.open_recording(recording.id)
    notice = window.media_notice
    assert notice.isVisible()
    assert f"recording {recording.id} (F-0001 visit 1)" in notice.text()
    assert "has changed" in notice.text() and "Find moved recording" in notice.text()
    assert notice.find_button.text() == "Find moved recording…" and notice.find_button.isVisible()
    assert not window.player.loaded  # nothing of the other take is on screen
    assert window.relink_action.text() == "Find moved recording…"

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "moved-visit.mp4").write_bytes(original)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(archive))
    qtbot.mouseClick(notice.find_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.player.loaded, timeout=10_000)
    assert not notice.isVisible()
    shown: list[int] = []
    window.player.image_changed.connect(lambda im: shown.append(read_frame_index(image_to_rgb(im))))
    window.player.seek_frame(40)
    assert window.player.frame == 40
    qtbot.waitUntil(lambda: not window.player.decoding, timeout=10_000)
    assert shown[-1] == 40  # the original file: frame 40 shows 40 (decoded on the worker)


def test_an_unchanged_file_opens_without_the_bar(window: MainWindow) -> None:
    assert window.player.loaded and not window.media_notice.isVisible()
