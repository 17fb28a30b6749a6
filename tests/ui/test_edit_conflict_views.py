"""A reel or scheme saved elsewhere while it is open: the edit is refused, said, and the view
shows what is stored now (issue 13 §3). The other person is a second connection."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.reel_world import CODER, code_strengths
from vfcoach.coding.project import Recording
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.reels.clip_edits import EditClipTextOperation
from vfcoach.services.schemes import save_edited_scheme
from vfcoach.storage.database import Database
from vfcoach.ui.reels.clip_table_model import CAPTION_COL
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.ui.schemes.code_table_model import COL_LABEL
from vfcoach.ui.schemes.scheme_editor import SchemeEditorDialog


def test_a_reel_edit_against_an_older_reel_is_refused_and_the_editor_reloads(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    dialog = ReelEditorDialog(
        sqlite_db, code_strengths(sqlite_db, recording)[0], who(sqlite_db, CODER)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.suggest()
    assert dialog.reel is not None and dialog.reel.id is not None and dialog.model.rowCount()
    other = Database.open(sqlite_db.url)  # a colleague's window, saving first
    clip = dialog.reel.clips[0].id
    EditClipTextOperation(other, dialog.reel.id, clip, caption="Theirs, saved first.").run()
    other.dispose()

    index = dialog.model.index(0, CAPTION_COL)
    dialog.model.setData(index, "Mine, made on the old reel.")
    qtbot.waitUntil(lambda: "changed by someone else" in dialog.problems.text())
    assert dialog.problems.text().startswith("Not saved: ")
    assert dialog.model.data(index) == "Theirs, saved first."  # reloaded, nothing lost
    with sqlite_db.uow() as uow:
        assert uow.reels.get(dialog.reel.id).clips[0].caption == "Theirs, saved first."
    dialog.grab().save("/tmp/h-live-reel-conflict.png")


def test_a_scheme_saved_elsewhere_first_is_not_overwritten(
    qtbot: QtBot, sqlite_db: Database
) -> None:
    with sqlite_db.uow() as uow:
        scheme = uow.schemes.add(builtin_scheme("vipp-sd-style"))
        uow.commit()
    assert scheme.id is not None
    dialog = SchemeEditorDialog(sqlite_db, scheme.id, actor=who(sqlite_db, "tester"))
    qtbot.addWidget(dialog)
    dialog.show()
    save_edited_scheme(sqlite_db, dataclasses.replace(scheme, description="theirs"))

    dialog.model.setData(dialog.model.index(0, COL_LABEL), "Mine")
    assert dialog.save() is None
    assert "changed by someone else" in dialog.problems_label.text()
    assert dialog.problems_label.text().startswith("Not saved: ")
    assert dialog.scheme().description == "theirs"  # the editor shows what is stored now
    assert dialog.model.codes()[0].label != "Mine"
    qtbot.wait(50)  # let the layout give the message its lines
    dialog.grab().save("/tmp/h-live-scheme-conflict.png")
