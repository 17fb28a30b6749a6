"""The coach's companion follows and drives caregiver mode; on one screen nothing else changes.

pytest's offscreen application has a single screen, which is the "one screen" case: the
caregiver window takes it, as it always did. Two and three screens run in a child process
(`test_caregiver_second_screen.py`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.reel_world import CODER, SECOND_CAPTION, TALKING_POINTS, showable_reel
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.ui.present.coach_companion import CoachCompanion
from vfcoach.ui.reels.reel_editor import ReelEditorDialog


def _showing(qtbot: QtBot, db: Database, rec: Recording, folder: Path) -> ReelEditorDialog:
    showable_reel(db, rec)
    dialog = ReelEditorDialog(db, rec.visit_id, who(db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.export_to(folder / "reel.mp4", "fast")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    assert not dialog.bar.companion.isVisible()  # nothing is being shown yet
    dialog.bar.show_button.click()
    assert dialog.caregiver is not None
    qtbot.waitExposed(dialog.caregiver)
    return dialog


def _caregiver_texts(window: QWidget) -> str:
    found = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        found += [w.toolTip(), w.accessibleName(), w.windowTitle()]
        if isinstance(w, QLabel | QAbstractButton):
            found.append(w.text())
    return "\n".join(found)


def test_one_screen_the_caregiver_window_takes_it_and_the_companion_follows(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = _showing(qtbot, sqlite_db, recording, tmp_path)
    window, companion = dialog.caregiver, dialog.bar.companion
    assert window is not None
    assert not dialog.bar.screen_choice.isVisibleTo(dialog)  # no choice to make
    assert window.isFullScreen() and window.screen() is dialog.screen()
    assert companion.isVisible()
    assert (companion.clip.text(), companion.talking_point.text()) == (
        "Clip 1 of 2",
        TALKING_POINTS[0],
    )
    window.next_button.click()
    assert companion.clip.text() == "Clip 2 of 2"
    assert companion.talking_point.text() == TALKING_POINTS[1]
    assert SECOND_CAPTION in companion.caption.text()
    assert not companion.next_button.isEnabled()  # the last clip
    companion.previous_button.click()
    assert window.clip_index == 0 and companion.talking_point.text() == TALKING_POINTS[0]
    texts = _caregiver_texts(window).lower()
    assert all(point.lower() not in texts for point in TALKING_POINTS)
    companion.stop_button.click()
    assert not window.isVisible() and not companion.isVisible()
    dialog.dispose()


def test_the_companion_follows_the_reel_as_it_plays_on(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = _showing(qtbot, sqlite_db, recording, tmp_path)
    window, companion = dialog.caregiver, dialog.bar.companion
    assert window is not None
    companion.play_button.click()  # the coach starts it from their own screen
    qtbot.waitUntil(lambda: window.playing, timeout=5000)
    assert "Pause" in companion.play_button.text()
    qtbot.waitUntil(lambda: companion.clip_index == 1, timeout=20_000)  # clip 1 played out
    assert window.clip_index == 1 and companion.talking_point.text() == TALKING_POINTS[1]
    companion.play_button.click()
    qtbot.waitUntil(lambda: not window.playing, timeout=5000)
    assert "Play" in companion.play_button.text()
    window.leave()  # what a held Esc does (tested in test_caregiver_window)
    assert not companion.isVisible()
    dialog.dispose()


def test_a_companion_without_talking_points_says_so(qtbot: QtBot) -> None:
    companion = CoachCompanion()
    qtbot.addWidget(companion)
    companion.start([("You held her close.", "")], "")
    assert companion.heading.text() == "Showing to the caregiver"
    assert "no talking point" in companion.talking_point.text()
    assert not companion.previous_button.isEnabled() and not companion.next_button.isEnabled()


def test_the_companion_shows_what_the_export_read_not_the_editors_copy(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    """Issue 11 §4: captions and talking points come from the export's own report."""
    from vfcoach.services.reels.clip_edits import EditClipTextOperation

    reel = showable_reel(sqlite_db, recording)
    dialog = ReelEditorDialog(sqlite_db, recording.visit_id, who(sqlite_db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    assert reel.id is not None
    first = reel.clips[0]
    # edited elsewhere (another window, the CLI) after the editor read the reel
    EditClipTextOperation(
        sqlite_db, reel.id, first.id, caption="You looked at him.", talking_point="new point"
    ).run()
    dialog.export_to(tmp_path / "reel.mp4", "fast")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    report = dialog.last_export
    assert report is not None and report.clips[0].caption == "You looked at him."
    dialog.bar.show_button.click()
    assert dialog.caregiver is not None
    qtbot.waitExposed(dialog.caregiver)
    assert dialog.caregiver.caption.text() == "You looked at him."
    assert dialog.bar.companion.talking_point.text() == "new point"
    dialog.bar.dispose()
