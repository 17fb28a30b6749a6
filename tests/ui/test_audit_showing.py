"""*Show to caregiver* leaves an entry in the audit trail (issue 14 §4): who showed which
reel, when; the export before it is there too. Real export, real caregiver window."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.reel_world import CODER, showable_reel
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.ui.reels.reel_editor import ReelEditorDialog


def test_a_showing_is_in_the_trail(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    showable_reel(sqlite_db, recording)
    dialog = ReelEditorDialog(sqlite_db, recording.visit_id, who(sqlite_db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.export_to(tmp_path / "reel.mp4", "exact")
    qtbot.waitUntil(lambda: not dialog.bar.exporting, timeout=60_000)
    dialog.bar.show_button.click()
    assert dialog.caregiver is not None

    def shown() -> bool:
        with sqlite_db.uow() as uow:
            return bool(uow.audit.list(action="caregiver.showing"))

    qtbot.waitUntil(shown, timeout=10_000)
    with sqlite_db.uow() as uow:
        (showing,) = uow.audit.list(action="caregiver.showing")
        (export,) = uow.audit.list(action="reel.exported")
        assert uow.audit.verify().intact
    assert showing.actor == CODER and showing.subject == export.subject
    assert showing.seq is not None and export.seq is not None and showing.seq > export.seq
    dialog.caregiver.leave()
    dialog.dispose()
