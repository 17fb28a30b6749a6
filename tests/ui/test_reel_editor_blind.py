"""The reel editor, opened by the coach while her recording is double-coded blind, shows her
clips as held: the same words whether or not the other coder marked something under a clip,
no override offered for it, and an export refused with the same neutral reason (issue 6 §1;
issue 10, item 3).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.storage.conftest import annotation, moment
from tests.ui.reel_world import code_strengths, shown_editor
from vfcoach.coding.project import Recording
from vfcoach.coding.reels.safety import HELD
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database

CLOCK = re.compile(r"\d\d:\d\d:\d\d")


def test_the_editor_holds_the_clips_and_names_nothing(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    visit, _pass = code_strengths(sqlite_db, recording)
    dialog = shown_editor(qtbot, sqlite_db, visit)
    dialog.suggest()
    assert dialog.reel is not None and dialog.reel.clips
    AssignOperation(sqlite_db, recording.id, "Ben", actor=who(sqlite_db, "Sue")).run()
    ben = start_coding(sqlite_db, recording.id, who(sqlite_db, "Ben")).coding_pass
    ovw = annotation(ben.id, 30, "OVW")  # under the suggested clip
    with sqlite_db.uow() as uow:
        uow.annotations.add(ovw)
        uow.commit()
    dialog.refresh_reels()
    dialog.table.selectRow(0)
    shown = dialog.problems.text()
    assert f"Note: {HELD}" in shown, shown
    assert "OVW" not in shown and "Overwhelming" not in shown and "Not for caregivers" not in shown
    assert not dialog.edit_buttons["Override…"].isEnabled()  # nobody overrides a held clip
    QApplication.processEvents()  # let the layout give the wrapped note its lines
    dialog.grab().save(str(tmp_path / "editor-held.png"))

    with sqlite_db.uow() as uow:  # Ben's moment elsewhere: the editor reads the same
        uow.annotations.update(replace(ovw, onset=moment(230)))
        uow.commit()
    dialog.refresh_reels()
    dialog.table.selectRow(0)
    assert dialog.problems.text() == shown

    target = tmp_path / "reel.mp4"
    dialog.export_to(target, "fast")
    qtbot.waitUntil(lambda: "Not exported" in dialog.bar.status.text(), timeout=30_000)
    status = dialog.bar.status.text()
    assert HELD in status and "OVW" not in status and not CLOCK.search(status), status
    assert list(tmp_path.glob("reel.mp4*")) == []
    dialog.dispose()
