"""The export bar's "Blur faces" and "For training": a training export is always blurred."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.reel_world import CODER, code_strengths
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.ui.reels.reel_editor import ReelEditorDialog


def test_for_training_locks_blur_on_and_the_export_is_blurred(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = ReelEditorDialog(
        sqlite_db, code_strengths(sqlite_db, recording)[0], who(sqlite_db, CODER)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.suggest()
    choice = dialog.bar.blur
    assert not choice.blur.isChecked() and choice.face_blur is None and choice.showing is None
    choice.blur.setChecked(True)
    choice.blur.setChecked(False)  # the coach's own choice: off
    choice.training.setChecked(True)
    assert choice.blur.isChecked() and not choice.blur.isEnabled()
    assert "outside the family" in choice.blur.toolTip()
    dialog.bar.grab().save("/tmp/h-blur-export-bar.png")
    dialog.grab().save("/tmp/h-blur-editor.png")
    choice.training.setChecked(False)
    assert not choice.blur.isChecked() and choice.blur.isEnabled()  # the coach's choice back

    choice.training.setChecked(True)
    target = tmp_path / "training.mp4"
    dialog.export_to(target, "exact")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    assert target.exists()
    with sqlite_db.uow() as uow:
        (entry,) = uow.audit.list(action="reel.exported")
    assert entry.detail["showing"] == "training" and entry.detail["faces_blurred"] is True
    dialog.dispose()
