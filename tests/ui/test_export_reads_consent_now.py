"""The export bar reads the family's consent once per reel shown (not at every clip edit), and
again when an export starts: a consent recorded meanwhile, in the panel, on the console or on
another computer, decides the copy that is made."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.reel_world import CODER, code_strengths
from vfcoach.coding.consent import ConsentRecord, Scope
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.ui.reels.reel_editor import ReelEditorDialog


def test_a_clean_take_home_copy_agreed_meanwhile_is_made_clean(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = ReelEditorDialog(
        sqlite_db, code_strengths(sqlite_db, recording)[0], who(sqlite_db, CODER)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.suggest()
    assert "F-0001" in dialog.bar.watermark.label.text()  # a caregiver copy: family and date
    with sqlite_db.uow() as uow:  # the caregiver agrees to a clean copy, recorded elsewhere
        family = uow.families.by_code("F-0001")
        assert family is not None
        uow.consents.add(
            ConsentRecord(
                family_id=family.id, scope=Scope.CAREGIVER_VIEWING, consented_by="caregiver",
                recorded_by="test", recorded_at=dt.datetime.now(dt.UTC), document="form 9",
                clean_take_home=True,
            )
        )  # fmt: skip
        uow.commit()
    target = tmp_path / "take-home.mp4"
    dialog.export_to(target, "exact")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    with sqlite_db.uow() as uow:
        (entry,) = uow.audit.list(action="reel.exported")
    assert entry.detail["watermark"] is None  # the consent in force at export decided
    dialog.dispose()
