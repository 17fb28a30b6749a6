"""Paused stepping decodes exact frames off the UI thread, and the newest request wins.

Real media with the frame index burned in (`tests/fixtures_media.py`); the picture on screen
is read back from its pixels, not from the controller's bookkeeping.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pytest

from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.video.grabber import FrameGrabber
from vfcoach.video.source import MediaSource
from vfcoach.video.synth import read_frame_index


@pytest.fixture
def player(qtbot, long_gop_video: Path):
    controller = PlayerController()
    shown: list[int] = []
    controller.image_changed.connect(lambda im: shown.append(read_frame_index(image_to_rgb(im))))
    assert controller.load(MediaSource.of_file(long_gop_video))
    controller.shown = shown  # type: ignore[attr-defined]
    yield controller
    controller.shutdown()


def settle(qtbot, player: PlayerController) -> None:
    qtbot.waitUntil(lambda: not player.decoding, timeout=10_000)


def test_after_rapid_steps_the_picture_is_the_last_frame_asked(qtbot, player):
    settle(qtbot, player)
    for _ in range(40):  # an arrow key held down: steps far faster than frames decode
        player.step(1)
    assert player.frame == 40  # the position (and a code placed now) moves at once
    settle(qtbot, player)
    assert player.shown[-1] == 40
    for target in (300, 260, 499, 3, 251):  # seeks across the 10 s keyframe gap
        player.seek_frame(target)
    for _ in range(5):
        player.step(-1)
    settle(qtbot, player)
    assert player.frame == 246 and player.shown[-1] == 246
    # older requests were dropped, not queued: far fewer pictures than requests
    assert len(player.shown) < 40


def test_a_request_returns_at_once_and_the_decode_runs_on_another_thread(
    qtbot, player, monkeypatch
):
    settle(qtbot, player)
    threads: list[int] = []
    real_grab = FrameGrabber.grab

    def grab(self: FrameGrabber, frame: int) -> np.ndarray:
        threads.append(threading.get_ident())
        time.sleep(0.2)  # a slow 1080p decode
        return real_grab(self, frame)

    monkeypatch.setattr(FrameGrabber, "grab", grab)
    started = time.perf_counter()
    player.seek_frame(400)
    assert time.perf_counter() - started < 0.1  # the UI thread did not wait for the decode
    assert player.decoding and player.frame == 400
    settle(qtbot, player)
    assert player.shown[-1] == 400
    assert threads and threading.get_ident() not in threads


def test_stepping_while_a_slow_decode_runs_never_shows_an_older_frame_last(
    qtbot, player, monkeypatch
):
    settle(qtbot, player)
    real_grab = FrameGrabber.grab
    decoded: list[int] = []

    def grab(self: FrameGrabber, frame: int) -> np.ndarray:
        time.sleep(0.05)
        decoded.append(frame)
        return real_grab(self, frame)

    monkeypatch.setattr(FrameGrabber, "grab", grab)
    for _ in range(20):
        player.step(1)
        qtbot.wait(5)  # auto-repeat: a step every few ms, each faster than a decode
    settle(qtbot, player)
    assert player.shown[-1] == 20 and decoded[-1] == 20
    assert len(decoded) < 20  # steps that were overtaken were never decoded
    assert player.shown == sorted(player.shown)  # never an older picture after a newer one


def test_unloading_while_decoding_closes_the_grabber_on_the_decode_thread(
    qtbot, player, cfr_video: Path
):
    player.seek_frame(450)
    assert player.load(MediaSource.of_file(cfr_video))  # unloads the first file
    player.seek_frame(30)
    settle(qtbot, player)
    assert player.shown[-1] == 30


def test_a_frame_of_the_previous_recording_never_lands_on_the_next_one(
    qtbot, player, cfr_video: Path, monkeypatch
):
    settle(qtbot, player)
    real_grab = FrameGrabber.grab

    def grab(self: FrameGrabber, frame: int) -> np.ndarray:
        time.sleep(0.2)  # still decoding the old file when the new one opens
        return real_grab(self, frame)

    monkeypatch.setattr(FrameGrabber, "grab", grab)
    player.seek_frame(450)
    monkeypatch.setattr(FrameGrabber, "grab", real_grab)
    assert player.load(MediaSource.of_file(cfr_video))  # shows its frame 0
    qtbot.wait(400)
    settle(qtbot, player)
    assert player.shown[-1] == 0 and player.frame == 0
