"""A video in the encrypted media store plays in the window: Qt Multimedia reads it through
the decrypting device (never a plaintext file), time advances, the pictures are the burned-in
frames, and pausing or stepping lands on the exact frame."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.player.sealed_device import SealedDevice
from vfcoach.video.sealed import is_sealed
from vfcoach.video.synth import read_frame_index


def test_a_sealed_recording_plays_and_seeks_exactly(
    qtbot: QtBot, sqlite_db: Database, cfr_video: Path
) -> None:
    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-0100").run()
    assert is_sealed(rec.media_path) and Path(rec.media_path).suffix == ".vfm"
    w = MainWindow(sqlite_db, "Tester")
    qtbot.addWidget(w)
    assert w.open_recording(rec.id)
    player = w.player
    assert isinstance(player._device, SealedDevice)
    played: list[tuple[int, int]] = []  # (frame the map says, frame burned into the picture)
    player.image_changed.connect(
        lambda im: played.append((player.frame, read_frame_index(image_to_rgb(im))))
    )
    positions: list[int] = []
    player._player.positionChanged.connect(positions.append)
    player.play()
    qtbot.waitUntil(lambda: player.playing, timeout=3000)
    qtbot.waitUntil(lambda: len({b for _, b in played}) > 5, timeout=8000)
    player.pause()
    assert max(positions) > 0  # Qt's own clock advanced while decoding the sealed file
    assert all(mapped == burned for mapped, burned in played)
    for frame in (40, 3, 74, 41, 0):
        player.seek_frame(frame)
        qtbot.waitUntil(lambda: not player.decoding, timeout=5000)
        assert read_frame_index(image_to_rgb(w.video.view.image)) == frame
    player.step(1)
    qtbot.waitUntil(lambda: not player.decoding, timeout=5000)
    assert read_frame_index(image_to_rgb(w.video.view.image)) == player.frame
    player.unload()
    assert player._device is None
