"""The window under blind double coding: a coder sees only their own codes; submit is final."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.storage.conftest import annotation
from vfcoach.coding.annotation import PassStatus
from vfcoach.coding.project import Recording
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow


def code_as(db: Database, recording: Recording, coder: str, *keys: str) -> None:
    cpass = start_coding(db, recording.id, who(db, coder)).coding_pass
    with db.uow() as uow:
        for i, key in enumerate(keys):
            uow.annotations.add(annotation(cpass.id, 5 + 10 * i, key))
        uow.commit()


def test_assigned_coder_sees_only_their_own_codes_then_submits(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
):
    code_as(sqlite_db, recording, "Ana", "NUR", "DEL", "ITM")
    AssignOperation(sqlite_db, recording.id, "Ben", actor=who(sqlite_db, "Sue")).run()
    code_as(sqlite_db, recording, "Ben", "FTL")

    w = MainWindow(sqlite_db, "Ben")
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        assert w.open_recording(recording.id)
        assert [a.code_key for a in w.store.annotations()] == ["FTL"]
        assert w.table_model.rowCount() == 1
        assert "blind double coding" in w.pass_label.text()
        w.grab().save("/tmp/double_coding_window.png")

        asked: list[str] = []

        def confirm(_parent: object, _title: str, text: str) -> bool:
            asked.append(text)
            return len(asked) > 1  # the first time the coder cancels

        w.pass_actions._confirm = confirm
        w.submit_action.trigger()
        assert w.store.coding_pass is not None
        assert w.store.coding_pass.status is PassStatus.DRAFT  # cancelled: nothing changed
        w.submit_action.trigger()
        assert "can never be changed again" in asked[-1]
        assert w.store.coding_pass.status is PassStatus.SUBMITTED
        assert w.pass_actions.last_message == "Submitted 1 annotation(s)."
        assert "submitted, read only" in w.pass_label.text()
        assert [a.code_key for a in w.store.annotations()] == ["FTL"]  # Ana's still hidden
    finally:
        w.player.unload()
