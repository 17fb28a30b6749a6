"""Leaving caregiver mode by holding Esc for two seconds, as X really delivers a held key.

With key auto-repeat on, X sends a press/release pair every repeat interval while a key is
held. Qt marks a repeat release as auto-repeat only when it already sees the next press in
its queue; when it does not (a busy machine), the release reads as a real one. The hold is
therefore counted from the first press until a gap longer than the repeat interval, whatever
the flags say. These tests send those patterns to a real window with real waits.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vfcoach.ui.present.caregiver_window import HOLD_TO_LEAVE_MS, CaregiverWindow

REPEAT_MS = 40  # X's default rate (25 per second)


@pytest.fixture
def window(qtbot: QtBot, cfr_video: Path) -> Iterator[CaregiverWindow]:
    w = CaregiverWindow(cfr_video, [(0, 1000, "You laughed together.")])
    qtbot.addWidget(w)
    w.present()
    qtbot.waitExposed(w)
    yield w
    w.leave()


def _send(window: CaregiverWindow, kind: QEvent.Type, autorep: bool) -> None:
    event = QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "", autorep)
    QApplication.sendEvent(window, event)


def _hold(qtbot: QtBot, window: CaregiverWindow, ms: int, flagged: bool) -> None:
    """Esc held for `ms`: a first press, then release/press pairs every repeat interval.

    `flagged` False sends the pairs without the auto-repeat flag (Qt missed the next press).
    """
    _send(window, QEvent.Type.KeyPress, False)
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end and window.isVisible():
        qtbot.wait(REPEAT_MS)
        _send(window, QEvent.Type.KeyRelease, flagged)
        _send(window, QEvent.Type.KeyPress, flagged)


@pytest.mark.parametrize("flagged", [True, False], ids=["flagged", "flags-missed"])
def test_holding_esc_under_auto_repeat_leaves(
    qtbot: QtBot, window: CaregiverWindow, flagged: bool
) -> None:
    _hold(qtbot, window, HOLD_TO_LEAVE_MS + 400, flagged)
    assert not window.isVisible()


def test_a_tap_does_not_leave(qtbot: QtBot, window: CaregiverWindow) -> None:
    _send(window, QEvent.Type.KeyPress, False)
    assert "keep holding esc" in window.hint.text().lower()
    _send(window, QEvent.Type.KeyRelease, False)
    qtbot.wait(HOLD_TO_LEAVE_MS + 300)
    assert window.isVisible()
    assert window.hint.text() == ""


def test_a_gap_longer_than_the_repeat_restarts_the_count(
    qtbot: QtBot, window: CaregiverWindow
) -> None:
    _hold(qtbot, window, 800, flagged=True)
    _send(window, QEvent.Type.KeyRelease, False)
    qtbot.wait(600)  # let go for longer than any repeat interval
    _hold(qtbot, window, 900, flagged=True)  # 2.3 s since the first press, 0.9 s held
    assert window.isVisible()
    _send(window, QEvent.Type.KeyRelease, False)


def test_with_a_pin_the_prompt_comes_once_esc_is_let_go(qtbot: QtBot, cfr_video: Path) -> None:
    window = CaregiverWindow(cfr_video, [(0, 1000, "You laughed together.")], pin="2468")
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    _hold(qtbot, window, HOLD_TO_LEAVE_MS + 400, flagged=True)
    assert window.isVisible() and window.pin_prompt is None  # its repeats would cancel it
    assert "let go of esc" in window.hint.text().lower()
    _send(window, QEvent.Type.KeyRelease, False)
    qtbot.waitUntil(lambda: window.pin_prompt is not None and window.pin_prompt.isVisible())
    prompt = window.pin_prompt
    assert prompt is not None
    prompt.setTextValue("2468")
    prompt.accept()
    assert not window.isVisible()
