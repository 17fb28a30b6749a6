"""Caregiver mode on a really exported reel: no code drawn, clip navigation, a deliberate exit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.reel_world import CODER, code_strengths
from vfcoach.coding.project import Recording
from vfcoach.coding.scheme import Scheme
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.export import ExportReelOperation
from vfcoach.storage.database import Database
from vfcoach.ui.present.caregiver_window import Caption, CaregiverWindow
from vfcoach.video.export import ExportOptions


@pytest.fixture
def exported(
    sqlite_db: Database, recording: Recording, tmp_path: Path
) -> tuple[Path, list[Caption], Scheme]:
    visit, _pass = code_strengths(sqlite_db, recording)
    reel = CreateReelOperation(sqlite_db, visit, coder_name=CODER).run().reel
    assert reel.id is not None
    reel = AddClipOperation(sqlite_db, reel.id, recording_id=recording.id, start_frame=40,
                            end_frame=70, caption="You laughed together.").run().reel  # fmt: skip
    target = tmp_path / "reel.mp4"
    report = ExportReelOperation(sqlite_db, reel.id, target, ExportOptions(mode="fast")).run()
    captions = [
        (round(c.out_start_ms), round(c.out_end_ms), clip.caption)
        for c, clip in zip(report.clips, reel.clips, strict=True)
    ]
    with sqlite_db.uow() as uow:
        assert recording.scheme_id is not None
        scheme = uow.schemes.get(recording.scheme_id)
    return target, captions, scheme


@pytest.fixture
def caregiver(
    qtbot: QtBot, exported: tuple[Path, list[Caption], Scheme]
) -> Iterator[CaregiverWindow]:
    path, captions, _scheme = exported
    window = CaregiverWindow(path, captions)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    yield window
    window.leave()


def _texts(window: CaregiverWindow) -> list[str]:
    return [w.text() for w in window.findChildren(QWidget) if isinstance(w, QLabel | QPushButton)]


def test_no_code_key_label_or_path_is_drawn(
    caregiver: CaregiverWindow, exported: tuple[Path, list[Caption], Scheme]
) -> None:
    path, captions, scheme = exported
    assert not caregiver.grab().isNull()
    assert caregiver.isFullScreen()
    texts = [*_texts(caregiver), caregiver.windowTitle()]
    assert captions[0][2] in texts
    words = {w for t in texts for w in re.findall(r"\w+", t)}
    for code in scheme.codes:
        assert code.key not in words, code.key
        assert all(code.label.lower() not in t.lower() for t in texts), code.label
    assert all(path.name not in t and str(path.parent) not in t for t in texts)


def test_next_and_previous_move_between_clips(
    caregiver: CaregiverWindow, exported: tuple[Path, list[Caption], Scheme]
) -> None:
    _path, captions, _scheme = exported
    assert caregiver.clip_index == 0
    caregiver.next_button.click()
    assert caregiver.clip_index == 1 and caregiver.caption.text() == captions[1][2]
    caregiver.next_button.click()  # already the last clip
    assert caregiver.clip_index == 1
    caregiver.previous_button.click()
    assert caregiver.clip_index == 0 and caregiver.caption.text() == captions[0][2]


def test_a_short_esc_does_not_leave_but_a_held_one_does(
    qtbot: QtBot, caregiver: CaregiverWindow
) -> None:
    qtbot.keyPress(caregiver, Qt.Key.Key_Escape)
    assert caregiver.hold_timer.isActive()
    assert "keep holding esc" in caregiver.hint.text().lower()
    qtbot.keyRelease(caregiver, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not caregiver.hold_timer.isActive(), timeout=1000)  # after the gap
    caregiver.close()  # a window manager's close is not a deliberate exit either
    assert caregiver.isVisible()
    qtbot.keyPress(caregiver, Qt.Key.Key_Escape)
    caregiver.hold_timer.timeout.emit()  # two seconds of holding, without the wait
    assert not caregiver.isVisible()


def test_a_pin_guards_the_exit_when_set(
    qtbot: QtBot, exported: tuple[Path, list[Caption], Scheme]
) -> None:
    path, captions, _scheme = exported
    window = CaregiverWindow(path, captions, pin="2468")
    qtbot.addWidget(window)
    window.show()
    assert not window.leave_with_pin("1111") and window.isVisible()
    assert window.leave_with_pin("2468") and not window.isVisible()


def test_shows_the_first_picture_then_plays_and_pauses(
    qtbot: QtBot, caregiver: CaregiverWindow
) -> None:
    qtbot.waitUntil(lambda: caregiver.view.image is not None, timeout=5000)
    caregiver.play_button.click()
    qtbot.waitUntil(lambda: caregiver.playing, timeout=5000)
    assert "Pause" in caregiver.play_button.text()
    caregiver.play_button.click()
    qtbot.waitUntil(lambda: not caregiver.playing, timeout=5000)
    assert "Play" in caregiver.play_button.text()
