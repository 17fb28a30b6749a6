"""A video in the encrypted media store plays in the window: Qt Multimedia reads it through
the decrypting device (never a plaintext file), time advances, the pictures are the burned-in
frames, and pausing or stepping lands on the exact frame."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.services.test_media_store import holds_plaintext, plaintext_windows
from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.coding.reels import Audience
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import ExportReelOperation
from vfcoach.storage.database import Database
from vfcoach.storage.engine import data_folder
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.player.sealed_device import SealedDevice
from vfcoach.video.export import ExportOptions
from vfcoach.video.sealed import is_sealed
from vfcoach.video.synth import read_frame_index

EXACT = ExportOptions(mode="exact", width=160, height=120, captions="subtitles")


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


def _files_under(folders: list[Path]) -> dict[Path, int]:
    found: dict[Path, int] = {}
    for folder in folders:
        for p in folder.rglob("*"):
            if p.is_file() and not p.is_symlink():
                found[p] = p.stat().st_mtime_ns
    return found


def test_open_play_still_and_export_write_no_plaintext_anywhere(
    qtbot: QtBot,
    sqlite_db: Database,
    cfr_video: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every file written under the data folder, the temporary folder and the test's own
    folder while a sealed recording is opened, played, stepped (stills) and exported is
    listed; only the reel the coach asked for may hold video, and none holds a 64-byte run
    of the source video."""
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(private_tmp))  # Qt and FFmpeg read it at each call
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    source = tmp_path / "from-camera" / "visit.mp4"
    source.parent.mkdir()
    source.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(sqlite_db, source, "F-0101").run()
    source.unlink()  # the coach deletes the camera copy: the store has the only one
    watched = [data_folder(), private_tmp, tmp_path]
    before = _files_under(watched)

    w = MainWindow(sqlite_db, "Tester")
    qtbot.addWidget(w)
    assert w.open_recording(rec.id)
    shown: list[int] = []
    w.player.image_changed.connect(lambda im: shown.append(read_frame_index(image_to_rgb(im))))
    w.player.play()
    qtbot.waitUntil(lambda: len(shown) > 5, timeout=8000)
    w.player.pause()
    for frame in (12, 13, 60):
        w.player.seek_frame(frame)
        qtbot.waitUntil(lambda: not w.player.decoding, timeout=5000)
    reel = CreateReelOperation(sqlite_db, rec.visit_id, audience=Audience.COACH).run().reel
    assert reel.id is not None
    AddClipOperation(sqlite_db, reel.id, None, rec.id, 10, 30, "", "").run()
    target = tmp_path / "asked-for" / "reel.mp4"
    target.parent.mkdir()
    ExportReelOperation(sqlite_db, reel.id, target, EXACT).run()
    w.player.unload()
    w.close()

    after = _files_under(watched)
    written = [p for p, m in after.items() if before.get(p) != m and p != target]
    assert target.is_file() and target.stat().st_size > 0  # written where the coach asked
    windows = plaintext_windows(cfr_video.read_bytes())
    assert holds_plaintext(cfr_video.read_bytes()[333:1400], windows)  # the check can fail
    leaks = [p for p in written if holds_plaintext(p.read_bytes(), windows)]
    assert leaks == [], f"plaintext video written to {leaks}"
    assert not [p for p in after if p.suffix in {".mp4", ".part", ".mov"} and p != target]
