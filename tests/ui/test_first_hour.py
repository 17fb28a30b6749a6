"""A coach's first hour, end to end, with the mouse and the keyboard only (issue 12).

From an empty data folder and empty preferences: the first-start question, videos added
through *Add videos…* and by a drop on the browser into a new family's visits, one
recording opened and coded from the keyboard (ten events, a note, a comment with its
questions), the tallies read, a strengths reel made from the Reels menu and exported,
shown to the caregiver, and caregiver mode left by holding Esc under auto-repeat.

Nothing is set up by the CLI or by a service call; the only stand-ins are the system's file
choosers (they would block the test). The window runs on the app's real runner threads, so
every wait is a `qtbot.waitUntil` on what the coach would see.

Screenshots of the main window at three sizes, the add-videos dialog, the key map and
caregiver mode go into one folder: `screenshots/first-hour/` in the repository when
`VFCOACH_SCREENSHOTS` is set (or the folder it names), else the test's own tmp_path.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import av
import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QInputDialog,
    QLabel,
    QLineEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.fixtures_media import GOP, SIZE
from tests.ui.drag import drag_files
from vfcoach.coding.consent import Scope
from vfcoach.storage.database import Database
from vfcoach.ui import launch
from vfcoach.ui.browser.browser_model import RecordingRole
from vfcoach.ui.consent.form import ConsentAnswer
from vfcoach.ui.events.event_model import COL_NOTE
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.people.first_start import COACH_TEXT, PersonDialog
from vfcoach.ui.present.caregiver_window import HOLD_TO_LEAVE_MS, CaregiverWindow
from vfcoach.ui.recordings import entry
from vfcoach.ui.recordings.add_model import FAMILY, VISIT
from vfcoach.ui.recordings.add_videos import AddVideosDialog
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.ui.shell.keymap import KeyMapDialog
from vfcoach.ui.shell.window_state import user_settings
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.synth import make_counter_video

REPO = Path(__file__).resolve().parents[2]
COACH = "Ana Lima"
FAMILY_CODE = "F-0417"
REPEAT_MS = 40  # X's default key repeat (25 a second)
SIZES = ((1280, 720), (1400, 860), (1920, 1080))


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """One folder for every screenshot of the run (see the module docstring)."""
    wanted = os.environ.get("VFCOACH_SCREENSHOTS", "").strip()
    if not wanted:
        folder = tmp_path / "screenshots"
    elif wanted in ("1", "yes", "true"):
        folder = REPO / "screenshots" / "first-hour"
    else:
        folder = Path(wanted).expanduser().absolute()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A computer where vfcoach never ran: no data folder, no saved database choice."""
    home = tmp_path / "home"
    for var in ("VFCOACH_DB", "VFCOACH_DATA"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    return home


@pytest.fixture
def camera_files(tmp_path: Path, cfr_video: Path, vfr_video: Path) -> list[Path]:
    """Three different visits as a phone leaves them, with plain file names."""
    folder = tmp_path / "camera"
    folder.mkdir()
    first, second = folder / "home-visit-1.mp4", folder / "home-visit-2.mp4"
    shutil.copyfile(cfr_video, first)
    shutil.copyfile(vfr_video, second)
    third = make_counter_video(folder / "garden-play.mp4", frames=40, size=SIZE, gop=GOP)
    return [first, second, third]


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _answer_first_start(qtbot: QtBot, shots: Path) -> None:
    """Type the name, choose coach, press Start: once the question is on screen."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PersonDialog):
            QTimer.singleShot(20, act)
            return
        line = dialog.name_box.lineEdit()
        assert line is not None and dialog.coach.text() == COACH_TEXT
        qtbot.keyClicks(line, COACH)
        qtbot.mouseClick(dialog.coach, Qt.MouseButton.LeftButton)
        dialog.grab().save(str(shots / "first-start.png"))
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


def _checked(qtbot: QtBot, dialog: AddVideosDialog, n: int) -> None:
    qtbot.waitUntil(lambda: dialog.add_button.text() == f"Add {n} video{'s' if n > 1 else ''}",
                    timeout=20_000)  # fmt: skip


def _add_videos(
    qtbot: QtBot, w: MainWindow, files: list[Path], monkeypatch: pytest.MonkeyPatch, shots: Path
) -> None:
    """Ctrl+O with two files, a new family for both; then a third dropped on the browser."""
    monkeypatch.setattr(entry, "choose_video_files", lambda _parent: files[:2])
    qtbot.keyClick(_focused(), Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialog = w.add_videos.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    _checked(qtbot, dialog, 2)
    qtbot.keyClicks(dialog.family_all, FAMILY_CODE)  # a new pseudonymous family
    dialog.use_family_for_all()
    m = dialog.model
    assert m.index(0, FAMILY).data() == f"{FAMILY_CODE} (new family)"
    assert m.setData(m.index(1, VISIT), 2)  # two visits of that family
    assert [m.index(r, VISIT).data() for r in range(2)] == ["1", "2"]
    dialog.table.resizeRowsToContents()
    dialog.grab().save(str(shots / "add-videos.png"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: len(w.browser_model.recording_items()) == 2, timeout=5000)

    drag_files(w.browser.viewport(), files[2:])
    third = w.add_videos.dialog
    assert third is not None and third is not dialog
    qtbot.waitExposed(third)
    _checked(qtbot, third, 1)
    qtbot.keyClicks(third.family_all, FAMILY_CODE)  # the family is there now
    third.use_family_for_all()
    assert third.model.index(0, FAMILY).data() == FAMILY_CODE  # not a new one any more
    assert third.model.index(0, VISIT).data() == "3"  # its next visit, suggested
    qtbot.mouseClick(third.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(w.browser_model.recording_items()) == 3, timeout=20_000)
    items = w.browser_model.recording_items()
    # kept encrypted in vfcoach's media store (issue 14 §3); the coach's own files untouched
    stored = [Path(i.data(RecordingRole).media_path) for i in items]
    assert all(p.suffix == ".vfm" and p.is_file() for p in stored), stored
    assert all(f.is_file() for f in files)
    shown = [str(i.text()).split("  ·  ")[0] for i in items]  # never a file's name (§7.1)
    assert all(s.startswith("recording ") for s in shown), shown


def _open_from_browser(qtbot: QtBot, w: MainWindow, file: Path) -> None:
    """Click the recording added from `file` (the tree shows neutral labels, and the store
    keeps an encrypted copy: it is the one whose content is the file's)."""
    items = w.browser_model.recording_items()
    wanted = fingerprint(file)
    item = next(i for i in items if i.data(RecordingRole).facts.fingerprint == wanted)
    index = item.index()
    w.browser.scrollTo(index)  # opens its family and visit
    qtbot.waitUntil(lambda: w.browser.visualRect(index).isValid())
    where = w.browser.visualRect(index).center()
    qtbot.mouseClick(w.browser.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: w.opened is not None)
    assert w.opened is not None and w.opened.recording.id == item.data(RecordingRole).id


def _press(qtbot: QtBot, w: MainWindow, *keys: str | Qt.Key) -> None:
    """Keys on whatever has the keyboard, as a person types; the video keeps it."""
    for key in keys:
        qtbot.keyClick(_focused(), key)
        assert QApplication.focusWidget() is w.video.view, key


def _note(qtbot: QtBot, w: MainWindow, text: str) -> None:
    """F2, type, Enter: the note box answered as a person does."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QInputDialog):
            QTimer.singleShot(20, answer)
            return
        edit = box.findChild(QLineEdit)
        assert edit is not None
        qtbot.keyClicks(edit, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(_focused(), Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.video.view, timeout=2000)


def _code_ten_events(qtbot: QtBot, w: MainWindow) -> None:
    right, enter = Qt.Key.Key_Right, Qt.Key.Key_Return
    w.player.seek_frame(5)
    _press(qtbot, w, "f")  # following the lead starts (a state stretch)
    _press(qtbot, w, *[right] * 5, "c")  # child initiative at 10
    _press(qtbot, w, *[right] * 5, "n")  # nurturing response at 15
    _note(qtbot, w, "picked him up at once")
    _press(qtbot, w, *[right] * 5, "l")  # delight at 20
    _press(qtbot, w, *[right] * 5, "f")  # following the lead ends at 25
    _press(qtbot, w, *[right] * 3, "m")  # a comment at 28 ...
    assert "Target:" in w.code_panel.prompt.text()
    _press(qtbot, w, "2", "1", "1")  # ... on following the lead, on target, positive
    assert "What the comment does" in w.code_panel.prompt.text()
    _press(qtbot, w, "1", enter)  # describes the behaviour; done
    assert "Addressed to" in w.code_panel.prompt.text()
    _press(qtbot, w, "1")  # to the first caregiver
    _press(qtbot, w, *[right] * 7, "l")  # delight at 35
    _press(qtbot, w, *[right] * 2, "m", enter, "1", "1", Qt.Key.Key_Escape)  # on delight, 37
    _press(qtbot, w, *[right] * 8, "n")  # nurturing response at 45
    _press(qtbot, w, *[right] * 17, "i", *[right] * 10, "i")  # taking over, 62 to 72
    _press(qtbot, w, *[Qt.Key.Key_Left] * 4, "c")  # child initiative at 68


def _note_is_in_sight(qtbot: QtBot, w: MainWindow, note: str) -> None:
    """The event list shows a note without scrolling sideways, next to its code's time."""
    table = w.events.table
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, COL_NOTE).data() == note)
    qtbot.waitUntil(lambda: table.horizontalScrollBar().value() == 0)
    cell = table.visualRect(model.index(row, COL_NOTE))
    seen = cell.intersected(table.viewport().rect())
    assert seen.width() >= min(cell.width(), 100), (cell, table.viewport().rect())
    assert model.index(row, COL_NOTE).data(Qt.ItemDataRole.ToolTipRole) == note  # and whole


def _visible_texts(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for child in window.findChildren(QWidget):
        if isinstance(child, QLabel | QAbstractButton) and child.isVisible():
            texts.append(child.text())
    return texts


def _hold_esc(qtbot: QtBot, window: CaregiverWindow, ms: int) -> None:
    """Esc held: a first press, then press/release pairs flagged as auto-repeat."""

    def send(kind: QEvent.Type, repeat: bool) -> None:
        event = QKeyEvent(kind, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, "", repeat)
        QApplication.sendEvent(window, event)

    send(QEvent.Type.KeyPress, False)
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end and window.isVisible():
        qtbot.wait(REPEAT_MS)
        send(QEvent.Type.KeyRelease, True)
        send(QEvent.Type.KeyPress, True)


def test_first_hour(
    qtbot: QtBot,
    empty_home: Path,
    camera_files: list[Path],
    shots: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 1. The first start asks who is coding; the answer opens the window.
    db = Database.open(None)  # the per-user default, in the empty data folder
    assert str(empty_home) in db.masked_url
    prefs = user_settings()
    assert prefs.allKeys() == []
    _answer_first_start(qtbot, shots)
    w = launch.start_window(db, False, prefs)
    assert w is not None
    qtbot.addWidget(w)
    qtbot.waitExposed(w)
    w.activateWindow()
    launch.open_first(w)  # nothing to open yet
    assert w.coder_name == COACH and w.opened is None
    menus = [a.text().replace("&", "") for a in w.menuBar().actions()]
    assert menus == ["File", "Edit", "View", "Code", "Family", "Reels", "Reliability", "Help"]
    assert w.shell.menus["Code"].actions()[0] is w.start_action  # one Code menu, with it
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    try:
        _first_hour(qtbot, w, camera_files, shots, tmp_path, monkeypatch)
    finally:
        w.close()
        db.dispose()


def _record_caregiver_viewing(qtbot: QtBot, w: MainWindow, shots: Path) -> None:
    """Family > Consent…, the open recording's family, *Record consent…* for caregiver viewing."""
    family = next(a for a in w.menuBar().actions() if a.text().replace("&", "") == "Family")
    consent = next(a for a in family.menu().actions() if a.text().startswith("Consent"))
    consent.trigger()
    panel = w.consent.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.family_code == FAMILY_CODE, timeout=3000)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=3000)
    panel.table.selectRow(1)  # Caregiver viewing
    panel.ask_consent = lambda code, scope: ConsentAnswer(
        scope or Scope.CAREGIVER_VIEWING, "birth mother", "CF-1", None, False, False
    )  # the form, answered as the coach would
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: str(panel.model.index(1, 1).data()) == "Given", timeout=3000)
    panel.grab().save(str(shots / "consent.png"))
    panel.accept()


def _first_hour(
    qtbot: QtBot,
    w: MainWindow,
    files: list[Path],
    shots: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 2. Two videos through the dialog, one dropped on the browser.
    _add_videos(qtbot, w, files, monkeypatch, shots)

    # 3. Open one, start coding it, code ten events from the keyboard.
    _open_from_browser(qtbot, w, files[0])  # home-visit-1.mp4
    assert w.whose.start_button.isVisible() and not w.opened.mine  # type: ignore[union-attr]
    qtbot.mouseClick(w.whose.start_button, Qt.MouseButton.LeftButton)
    assert w.opened is not None and w.opened.mine and w.whose.text == "Your codes"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.video.view, timeout=2000)
    _code_ten_events(qtbot, w)
    rows = sorted(w.store.annotations(), key=lambda a: (a.onset.frame, a.code_key))
    assert [(a.code_key, a.onset.frame) for a in rows] == [
        ("FTL", 5), ("C_LEAD", 10), ("NUR", 15), ("DEL", 20), ("ITM", 28),
        ("DEL", 35), ("ITM", 37), ("NUR", 45), ("INT", 62), ("C_LEAD", 68),
    ]  # fmt: skip
    by_frame = {a.onset.frame: a for a in rows}
    assert by_frame[5].offset is not None and by_frame[5].offset.frame == 25
    assert by_frame[62].offset is not None and by_frame[62].offset.frame == 72
    assert by_frame[15].note == "picked him up at once"
    assert dict(by_frame[28].modifiers)["target"] == "FTL"
    assert dict(by_frame[37].modifiers)["target"] == "DEL"  # Enter took the suggestion

    assert "draft, not submitted yet" in w.pass_label.text()  # said in words

    # 4. The tallies say what was coded: two comments in three seconds, both on target.
    w.tabs.setCurrentWidget(w.tally_panel)
    figures = w.tally_panel.figures
    qtbot.waitUntil(lambda: figures["Comments"].text() == "2", timeout=5000)
    assert figures["Per minute"].text() == "40.00"
    assert figures["On target"].text() == "100.0 %"
    w.grab().save(str(shots / "main-tallies.png"))
    w.tabs.setCurrentWidget(w.events)

    for width, height in SIZES:  # the window with the recording open and its codes
        w.resize(width, height)
        qtbot.waitUntil(lambda width=width: w.width() == width, timeout=2000)
        qtbot.wait(30)  # layouts settle (no event to wait for)
        w.grab().save(str(shots / f"main-{width}x{height}.png"))
    w.resize(1400, 860)
    qtbot.waitUntil(lambda: w.width() == 1400, timeout=2000)
    _note_is_in_sight(qtbot, w, "picked him up at once")

    qtbot.keyClick(_focused(), Qt.Key.Key_F1)  # the key map
    keymap = w.shell.dialog
    assert isinstance(keymap, KeyMapDialog)
    qtbot.waitExposed(keymap)
    keymap.grab().save(str(shots / "key-map.png"))
    keymap.reject()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.video.view, timeout=2000)

    # 5. The family agreed to see its reels: recorded in Family > Consent before any export.
    _record_caregiver_viewing(qtbot, w, shots)

    # 6. A strengths reel from the Reels menu, exported and decoded.
    reels_menu = w.shell.menus["Reels"]
    reels = next(a for a in reels_menu.actions() if a.text().startswith("Highlight reels"))
    reels.trigger()
    editor = w.findChild(ReelEditorDialog)
    assert editor is not None
    qtbot.waitExposed(editor)
    qtbot.mouseClick(editor.suggest_button, Qt.MouseButton.LeftButton)
    assert editor.reel is not None and editor.model.rowCount() >= 1, editor.problems.text()
    target = tmp_path / "exports" / "F-0417 visit 1.mp4"
    target.parent.mkdir()
    editor.bar.ask_path = lambda: str(target)  # the system's save dialog
    qtbot.mouseClick(editor.bar.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.bar.exporting, timeout=30_000)
    assert editor.last_export is not None, editor.bar.status.text()
    editor.grab().save(str(shots / "reel-editor.png"))
    with av.open(str(target)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    assert frames > 0

    # 7. Caregiver mode: no codes, then Esc held under auto-repeat leaves it.
    assert editor.bar.show_button.isEnabled()
    qtbot.mouseClick(editor.bar.show_button, Qt.MouseButton.LeftButton)
    caregiver = editor.caregiver
    assert caregiver is not None
    qtbot.waitExposed(caregiver)
    qtbot.waitUntil(lambda: caregiver.view.image is not None, timeout=5000)
    caregiver.grab().save(str(shots / "caregiver.png"))
    scheme = w.store.scheme
    assert scheme is not None
    jargon = {c.key for c in scheme.codes} | {"ITM", "on_target", "valence"}
    drawn = "\n".join(_visible_texts(caregiver))
    for word in jargon:
        assert not re.search(rf"\b{re.escape(word)}\b", drawn), word
    _hold_esc(qtbot, caregiver, HOLD_TO_LEAVE_MS + 500)
    assert not caregiver.isVisible()
    editor.dispose()
