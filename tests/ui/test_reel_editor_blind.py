"""The reel editor, opened by the coach while her recording is double-coded blind, shows the
other coder's moment of concern as a refusal without its code or time, and the *Override…*
dialog does not name it either (issue 6 §1).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.storage.conftest import annotation
from tests.ui.reel_world import code_strengths, shown_editor
from vfcoach.coding.project import Recording
from vfcoach.coding.reels.safety import HIDDEN_MOMENT
from vfcoach.storage.database import Database
from vfcoach.ui.operations.reliability_plan import AssignOperation
from vfcoach.ui.session_loader import open_recording

CLOCK = re.compile(r"\d\d:\d\d:\d\d")


def test_the_editor_warns_of_a_hidden_moment_without_its_code(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    visit, _pass = code_strengths(sqlite_db, recording)
    dialog = shown_editor(qtbot, sqlite_db, visit)
    dialog.suggest()
    assert dialog.reel is not None and dialog.reel.clips
    AssignOperation(sqlite_db, recording.id, "Ben", by="Sue").run()
    ben = open_recording(sqlite_db, recording.id, "Ben").coding_pass
    with sqlite_db.uow() as uow:
        uow.annotations.add(annotation(ben.id, 30, "OVW"))  # under the suggested clip
        uow.commit()
    dialog.refresh_reels()
    dialog.table.selectRow(0)
    warning = dialog.problems.text()
    assert warning.startswith("Not for caregivers: ") and HIDDEN_MOMENT in warning
    assert "OVW" not in warning and "Overwhelming" not in warning
    assert not CLOCK.search(warning), warning
    QApplication.processEvents()  # let the layout give the wrapped warning its lines
    dialog.grab().save(str(tmp_path / "editor-blind.png"))
    override = dialog.edit_buttons["Override…"]
    assert override.isEnabled()  # a hidden OVW may still be kept with a reason
    override.click()
    asked = dialog.override_dialog
    assert asked is not None and asked.isVisible()
    (explain,) = [w for w in asked.findChildren(QLabel) if "is refused" in w.text()]
    assert HIDDEN_MOMENT in explain.text() and "OVW" not in explain.text()
    assert not CLOCK.search(explain.text())
    asked.grab().save(str(tmp_path / "override-blind.png"))
    asked.reject()
    dialog.dispose()
