"""The window's pass submitted from elsewhere (the CLI, another computer) while it is open.

The window still believes the pass is a draft; the write is what finds out, under the pass's
lock, so the keypress is refused with a message and nothing reaches the submitted pass.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from vfcoach.coding.project import Recording
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow


def test_a_keypress_after_a_submission_elsewhere_is_refused_and_not_stored(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, recording: Recording
) -> None:
    window.player.seek_frame(10)
    qtbot.keyClick(window.video.view, "n")
    cpass = window.store.coding_pass
    assert cpass is not None and cpass.editable
    with Database.open(sqlite_db.url) as elsewhere:  # its own engine, as another program
        result = SubmitPassOperation(elsewhere, recording.id, "Tester").run()
    assert result.annotation_count == 1

    window.player.seek_frame(20)
    qtbot.keyClick(window.video.view, "n")

    assert "Not saved" in window.status.currentMessage()
    assert "submitted" in window.status.currentMessage()
    assert window.coding.undo_stack.count() == 1  # the refused edit was not stacked
    assert [a.onset.frame for a in window.store.annotations()] == [10]
    with sqlite_db.uow() as uow:
        assert [a.onset.frame for a in uow.annotations.for_pass(cpass.id)] == [10]
