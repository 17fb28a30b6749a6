"""Caregiver mode on a second (or third) screen while the coach keeps theirs (issue 5 §3).

Qt's offscreen platform simulates several screens from a JSON file given at start-up
(`offscreen:configfile=`, read once when the QApplication is made), and pytest's process
already has its one-screen application, so each layout runs in a child process: the script
builds a real database, recording and reel, exports it, presses *Show to caregiver* in the
real editor, and prints what it found as JSON for the assertions here.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.ui.reel_world import SECOND_CAPTION, TALKING_POINTS

ROOT = Path(__file__).resolve().parents[2]
COACH = {"name": "1-laptop", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96}
TV = {"name": "2-tv", "x": 1280, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96}
TV_LEFT = {**TV, "x": -1920}  # the same TV plugged in to the left of the laptop
PROJECTOR = {"name": "3-wall", "x": 3200, "y": 0, "width": 1024, "height": 768, "logicalDpi": 96}

SCRIPT = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMainWindow, QWidget

    app = QApplication([])
    from tests.actors import who
    from tests.ui.reel_world import CODER, showable_reel, world_in
    from vfcoach.ui.reels.reel_editor import ReelEditorDialog

    def settle(until, seconds=60.0):
        end = time.monotonic() + seconds
        while not until() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)
        for _ in range(20):
            app.processEvents()
        return until()

    folder, pick = Path(sys.argv[1]), sys.argv[2]
    db, rec = world_in(folder)
    showable_reel(db, rec)
    main = QMainWindow()  # the coach's main window, where the app starts: the first screen
    main.resize(1000, 700)
    main.show()
    editor = ReelEditorDialog(db, rec.visit_id, who(db, CODER), main)
    editor.show()
    editor.export_to(folder / "reel.mp4", "fast")
    assert settle(lambda: editor.last_export is not None), editor.bar.status.text()
    chooser = editor.bar.screen_choice
    choices = [chooser.itemText(n) for n in range(chooser.count())]
    if pick:
        chooser.setCurrentIndex(next(n for n, t in enumerate(choices) if pick in t))
    editor.bar.show_button.click()
    window = editor.caregiver
    settle(lambda: window.isFullScreen() and window.isVisible())
    companion = editor.bar.companion

    def texts():
        found = [window.windowTitle()]
        for w in window.findChildren(QWidget):
            found += [w.toolTip(), w.accessibleName(), w.whatsThis(), w.windowTitle()]
            if isinstance(w, QLabel | QAbstractButton):
                found.append(w.text())
        return [t for t in found if t]

    g = window.geometry()
    out = {
        "screens": [s.name() for s in app.screens()],
        "coach": [editor.screen().name(), main.screen().name()],
        "choices": choices,
        "chooser_shown": chooser.isVisibleTo(editor),
        "caregiver_screen": window.screen().name(),
        "geometry": [g.x(), g.y(), g.width(), g.height()],
        "fullscreen": window.isFullScreen(),
        "companion_shown": companion.isVisible(),
        "companion_screen": companion.screen().name(),
        "before": [companion.clip.text(), companion.talking_point.text(), window.clip_index],
    }
    window.next_button.click()  # the caregiver (or the coach beside them) moves on
    settle(lambda: companion.clip_index == 1, 5)
    out["after_next"] = [companion.clip.text(), companion.talking_point.text(),
                         companion.caption.text(), window.caption.text()]
    companion.previous_button.click()  # the coach drives from their own screen
    settle(lambda: window.clip_index == 0, 5)
    out["after_previous"] = [window.clip_index, companion.talking_point.text()]
    out["caregiver_texts"] = texts()
    with db.uow() as uow:
        scheme = uow.schemes.get(rec.scheme_id)
    out["codes"] = [[c.key, c.label] for c in scheme.codes]
    companion.stop_button.click()
    settle(lambda: not window.isVisible(), 5)
    out["after_stop"] = [window.isVisible(), companion.isVisible()]
    editor.dispose()
    print("RESULT " + json.dumps(out))
    """
)


def _run(tmp_path: Path, screens: list[dict[str, Any]], pick: str = "") -> dict[str, Any]:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"windowFrameMargins": False, "screens": screens}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_LOGGING_RULES": "qt.multimedia.*=false",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path), pick],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    return result


def _geometry(screen: dict[str, Any]) -> list[int]:
    return [screen["x"], screen["y"], screen["width"], screen["height"]]


def _assert_companion_and_privacy(out: dict[str, Any]) -> None:
    assert out["companion_shown"] and out["companion_screen"] == COACH["name"]
    assert out["before"] == ["Clip 1 of 2", TALKING_POINTS[0], 0]
    clip, talking, caption, caregiver_caption = out["after_next"]
    assert (clip, talking) == ("Clip 2 of 2", TALKING_POINTS[1])
    assert SECOND_CAPTION in caption and caregiver_caption == SECOND_CAPTION
    assert out["after_previous"] == [0, TALKING_POINTS[0]]
    texts = out["caregiver_texts"]
    joined = "\n".join(texts).lower()
    for point in TALKING_POINTS:
        assert point.lower() not in joined
        assert point.split()[0].lower() + " " not in joined  # not even its opening words
    words = {w for t in texts for w in re.findall(r"\w+", t)}
    for key, label in out["codes"]:
        assert key not in words, key
        assert label.lower() not in joined, label
    assert out["after_stop"] == [False, False]  # Stop showing closes it; the companion goes


@pytest.mark.parametrize("tv", [TV, TV_LEFT], ids=["tv-right", "tv-left"])
def test_two_screens_caregiver_takes_the_one_the_coach_is_not_on(
    tmp_path: Path, tv: dict[str, Any]
) -> None:
    out = _run(tmp_path, [COACH, tv])
    assert out["coach"] == [COACH["name"], COACH["name"]]
    assert out["choices"] == ["2-tv (1920×1080)"] and not out["chooser_shown"]
    assert out["caregiver_screen"] == TV["name"] and out["fullscreen"]
    assert out["geometry"] == _geometry(tv)
    _assert_companion_and_privacy(out)


def test_three_screens_the_coach_picks_where_the_caregiver_watches(tmp_path: Path) -> None:
    out = _run(tmp_path, [COACH, TV, PROJECTOR], pick="3-wall")
    assert out["chooser_shown"] and out["choices"] == ["2-tv (1920×1080)", "3-wall (1024×768)"]
    assert out["caregiver_screen"] == PROJECTOR["name"] and out["fullscreen"]
    assert out["geometry"] == _geometry(PROJECTOR)
    _assert_companion_and_privacy(out)
