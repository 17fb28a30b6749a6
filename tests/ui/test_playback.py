"""Playback through Qt Multimedia, then pausing onto the exact frame from the video core."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.video.synth import read_frame_index


def test_play_then_pause_shows_the_exact_frame(qtbot, window):
    seen: list[int] = []
    shown: list[tuple[int, int]] = []  # (frame the map says, frame burned into the picture)
    window.player.frame_changed.connect(lambda f, _ms: seen.append(f))
    window.player.image_changed.connect(
        lambda im: shown.append((window.player.frame, read_frame_index(image_to_rgb(im))))
    )
    window.player.play()
    qtbot.waitUntil(lambda: window.player.playing, timeout=3000)
    qtbot.waitUntil(lambda: len(set(seen)) > 5, timeout=5000)
    window.player.pause()
    assert not window.player.playing
    qtbot.waitUntil(lambda: not window.player.decoding, timeout=5000)  # decoded off-thread
    frame = window.player.frame
    assert frame > 0
    assert read_frame_index(image_to_rgb(window.video.view.image)) == frame
    assert seen == sorted(seen)  # time never runs backwards while playing
    assert all(mapped == burned for mapped, burned in shown)  # codes snap to the frame seen


@pytest.mark.parametrize("fixture", ["rotated_video", "vfr_video"])
def test_rotated_and_vfr_recordings_show_exact_upright_frames(
    qtbot, request, sqlite_db: Database, tmp_path: Path, fixture: str
):
    source: Path = request.getfixturevalue(fixture)
    rec = ImportRecordingOperation(sqlite_db, source, "F-0002").run()
    w = MainWindow(sqlite_db, "Tester")
    qtbot.addWidget(w)
    assert w.open_recording(rec.id)
    fmap = w.player.frame_map
    playing: list[tuple[int, int, int]] = []
    w.player.image_changed.connect(
        lambda im: playing.append((im.width(), im.height(), read_frame_index(image_to_rgb(im))))
    )
    w.player.play()
    qtbot.waitUntil(lambda: len(playing) > 5, timeout=5000)
    w.player.pause()
    assert all((pw, ph) == (rec.facts.width, rec.facts.height) for pw, ph, _ in playing)
    for frame in (0, fmap.frame_count // 2, fmap.frame_count - 1, 7):
        w.player.seek_frame(frame)
        qtbot.waitUntil(lambda: not w.player.decoding, timeout=5000)
        image = w.video.view.image
        assert (image.width(), image.height()) == (rec.facts.width, rec.facts.height)
        assert read_frame_index(image_to_rgb(image)) == frame
    w.player.unload()
