"""What caregiver mode shows of a real export: each caption once, and a safe caption only.

Issue 12 §5: a caption burned into the picture is not written again under it (the coach
chooses per reel: in the picture, or under it); *Show to caregiver* keeps showing the last
good export when a re-export is cancelled; and the window runs the caption check again, so
no path, address or other family's name is drawn whatever captions it is handed.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.coding.reels.hostile_captions import HOSTILE, OTHER_CHILD, OTHER_FAMILIES
from tests.ui.reel_world import CODER, SECOND_CAPTION, showable_reel
from vfcoach.coding.ids import FamilyId
from vfcoach.coding.project import Recording
from vfcoach.coding.reels import CaptionLint
from vfcoach.services.reels.caption_place import caption_place
from vfcoach.storage.database import Database
from vfcoach.ui.present.caregiver_window import CaregiverWindow
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.ui.runner import Lane


def _editor(qtbot: QtBot, db: Database, rec: Recording) -> ReelEditorDialog:
    showable_reel(db, rec)
    dialog = ReelEditorDialog(db, rec.visit_id, who(db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _drawn(window: QWidget) -> list[str]:
    texts = [window.windowTitle()]
    for w in window.findChildren(QWidget):
        if isinstance(w, QLabel | QAbstractButton) and w.isVisible():
            texts.append(w.text())
    return texts


def _export(qtbot: QtBot, dialog: ReelEditorDialog, path: Path, place: str) -> None:
    bar = dialog.bar
    bar.captions.setCurrentIndex(bar.captions.findData(place))
    dialog.export_to(path, "exact")
    qtbot.waitUntil(lambda: not bar.exporting, timeout=60_000)
    assert dialog.last_export is not None and dialog.last_export.target == path


@pytest.mark.parametrize(("place", "under"), [("burn", False), ("subtitles", True)])
def test_the_caption_appears_once(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path, place: str,
    under: bool,
) -> None:  # fmt: skip
    dialog = _editor(qtbot, sqlite_db, recording)
    _export(qtbot, dialog, tmp_path / "reel.mp4", place)
    assert dialog.last_export is not None and dialog.last_export.captions == place
    dialog.bar.show_button.click()
    window = dialog.caregiver
    assert window is not None
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.view.image is not None, timeout=5000)
    first = window.view.image
    window.next_clip()
    assert (SECOND_CAPTION in _drawn(window)) is under  # burned in: not drawn a second time
    qtbot.waitUntil(lambda: window.view.image is not first, timeout=5000)  # the new clip's
    window.grab().save(f"/tmp/h-care-caregiver-{place}.png")
    window.leave()
    dialog.dispose()


def test_show_stays_available_after_a_cancelled_re_export(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = _editor(qtbot, sqlite_db, recording)
    first = tmp_path / "reel.mp4"
    _export(qtbot, dialog, first, "burn")
    bar = dialog.bar
    assert bar.show_button.isEnabled()
    gate = threading.Event()  # holds the write lane so the re-export is cancelled for sure
    dialog.runner.start_quiet(lambda _p, _t: gate.wait(30), lambda _v: None, lambda _m: None,
                              lane=Lane.SERIAL)  # fmt: skip
    dialog.export_to(tmp_path / "again.mp4", "exact")
    assert bar.exporting and not bar.show_button.isEnabled()  # not while it renders
    bar.cancel_export()
    gate.set()
    qtbot.waitUntil(lambda: not bar.exporting, timeout=10_000)
    assert "cancelled" in bar.status.text().lower()
    assert not (tmp_path / "again.mp4").exists()
    assert bar.show_button.isEnabled()
    bar.show_button.click()
    window = dialog.caregiver
    assert window is not None and window.isVisible()
    window.leave()
    dialog.dispose()


def test_the_window_draws_no_unsafe_caption_whatever_it_is_handed(
    qtbot: QtBot, cfr_video: Path
) -> None:
    names = ((FamilyId(1), "DEMO-01"), *((FamilyId(2), n) for n in (*OTHER_FAMILIES, OTHER_CHILD)))
    lint = CaptionLint(family_names=names).for_family(FamilyId(1))
    captions = [(n * 100, n * 100 + 99, c) for n, c in enumerate(HOSTILE)]
    window = CaregiverWindow(cfr_video, captions, lint=lint)
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    for n in range(len(HOSTILE)):
        assert window.clip_index == n
        drawn = "\n".join(_drawn(window)).lower()
        for caption in HOSTILE:
            assert caption.lower() not in drawn
        for name in (*OTHER_FAMILIES, OTHER_CHILD, "/home", "@", "www.", "file:"):
            assert name.lower() not in drawn, (n, name)
        window.next_clip()
    window.leave()


def test_the_placement_is_the_coachs_choice_per_reel(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    dialog = _editor(qtbot, sqlite_db, recording)
    reel = dialog.reel
    assert reel is not None and reel.id is not None
    combo = dialog.bar.captions
    assert combo.currentData() == "burn"  # never chosen: in the picture
    combo.setCurrentIndex(combo.findData("subtitles"))
    combo.activated.emit(combo.currentIndex())  # as a click on the list does
    qtbot.waitUntil(lambda: not dialog.runner.busy, timeout=10_000)
    assert caption_place(sqlite_db, reel.id) == "subtitles"
    dialog.dispose()
    again = ReelEditorDialog(sqlite_db, recording.visit_id, who(sqlite_db, CODER))
    qtbot.addWidget(again)
    again.show()
    assert again.reel is not None and again.reel.id == reel.id
    assert again.bar.captions.currentData() == "subtitles"
    again.grab().save("/tmp/h-care-reel-editor-captions.png")
    again.dispose()
