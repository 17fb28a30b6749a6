"""The editor's audience choice, *Override…* dialog and the Show button of coach-view reels."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.storage.conftest import annotation
from tests.ui.reel_world import CODER, code_strengths, shown_editor
from vfcoach.coding.project import Recording
from vfcoach.coding.reels import Audience, ClipOverride
from vfcoach.storage.database import Database
from vfcoach.ui.reels.override_dialog import COACH_ONLY_TIP

REASON = "she asked to watch the hard moment again"


def test_a_refused_clip_is_kept_through_the_override_dialog(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    visit, pass_id = code_strengths(sqlite_db, recording)
    dialog = shown_editor(qtbot, sqlite_db, visit)
    dialog.suggest()
    dialog.table.selectRow(0)
    override = dialog.edit_buttons["Override…"]
    assert not override.isEnabled()  # nothing to override on a clean clip
    with sqlite_db.uow() as uow:
        uow.annotations.add(annotation(pass_id, 30, "OVW"))  # recoded after the reel was made
        uow.commit()
    dialog.refresh_reels()
    dialog.table.selectRow(0)
    assert "OVW" in dialog.problems.text() and override.isEnabled()
    override.click()
    asked = dialog.override_dialog
    assert asked is not None and asked.isVisible()
    assert "audit log" in asked.findChildren(type(dialog.problems))[0].text()
    asked.reason_edit.setPlainText("fine")
    assert not asked.ok_button.isEnabled()  # a one-word reason is not a reason
    asked.reason_edit.setPlainText(REASON)
    asked.grab().save(str(tmp_path / "override.png"))
    asked.ok_button.click()
    assert dialog.reel is not None and dialog.reel.clips[0].override == ClipOverride(REASON, CODER)
    assert "Not for caregivers" not in dialog.problems.text()
    assert REASON in dialog.problems.text()  # kept, and the editor says why
    assert not override.isEnabled()
    dialog.dispose()


def test_a_coach_view_reel_is_never_shown_to_the_caregiver(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    visit, _pass = code_strengths(sqlite_db, recording)
    dialog = shown_editor(qtbot, sqlite_db, visit)
    dialog.audience.setCurrentIndex(dialog.audience.findData(Audience.COACH.value))
    dialog.suggest()
    assert dialog.reel is not None and dialog.reel.audience is Audience.COACH
    assert "coach view" in dialog.reels.currentItem().text()
    show = dialog.bar.show_button
    assert not show.isEnabled() and show.toolTip() == COACH_ONLY_TIP
    target = tmp_path / "coach.mp4"
    dialog.export_to(target, "fast")  # for the coach's own use
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    assert target.exists() and "coach view" in dialog.bar.status.text()
    assert not show.isEnabled()
    dialog.bar.show_to_caregiver()  # even called directly, nothing opens
    assert dialog.caregiver is None
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not dialog]
    assert all("Caregiver" not in type(w).__name__ for w in visible)
    dialog.grab().save(str(tmp_path / "editor.png"))
    dialog.dispose()
