"""The scheme editor: making FR a caregiver-visible strength waits for a supervisor's reason.

The refusal is shown in the window and opens a confirmation dialog (not a command-line hint);
a coder's own name is refused by the save, a supervisor's name and reason save the new version
and are audit-logged, and the version the recording was coded with keeps FR a concern.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.storage.conftest import World, build_world
from tests.ui.test_scheme_editor import open_editor, row_of, set_cell
from vfcoach.coding.audit import SCHEME_KIND_CHANGED
from vfcoach.coding.project import CoderRole
from vfcoach.storage.database import Database
from vfcoach.ui.schemes.code_table_model import COL_POLARITY, COL_VISIBLE

REASON = "the licence holder split this code in two"


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return build_world(sqlite_db)  # abc-style, locked by one coder's pass on one recording


def test_fr_made_a_visible_strength_needs_a_supervisor_in_the_window(
    qtbot: QtBot, sqlite_db: Database, world: World
) -> None:
    with sqlite_db.uow() as uow:
        sue = uow.coders.get_or_create("Sue")
        uow.coders.set_role(sue.id, CoderRole.SUPERVISOR)
        uow.commit()
    dialog = open_editor(qtbot, sqlite_db, world.scheme)
    set_cell(dialog, "FR", COL_POLARITY, "strength")
    visible = dialog.model.index(row_of(dialog, "FR"), COL_VISIBLE)
    assert dialog.model.setData(
        visible, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    assert dialog.save() is None
    assert (
        "FR: polarity concern -> strength, made caregiver-visible" in dialog.problems_label.text()
    )
    asked = dialog.kind_change_dialog
    assert asked is not None and asked.isVisible()
    assert not asked.ok_button.isEnabled()  # no name, no reason yet
    asked.supervisor_edit.setText("tester")  # not a supervisor: the save says so
    asked.reason_edit.setPlainText(REASON)
    assert asked.ok_button.isEnabled()
    qtbot.mouseClick(asked.ok_button, Qt.MouseButton.LeftButton)
    assert "'tester' is not a supervisor" in dialog.problems_label.text()
    again = dialog.kind_change_dialog
    assert again is not None and again is not asked and again.isVisible()
    assert again.reason_edit.toPlainText() == REASON  # what was written is kept
    again.supervisor_edit.setText("Sue")
    with qtbot.waitSignal(dialog.saved) as blocker:
        qtbot.mouseClick(again.ok_button, Qt.MouseButton.LeftButton)
    saved = blocker.args[0]
    assert saved.version == world.scheme.version + 1 and saved.code("FR").caregiver_visible
    with sqlite_db.uow() as uow:
        (event,) = uow.audit.list(action=SCHEME_KIND_CHANGED)
        coded_with = uow.schemes.get(world.scheme.id)  # type: ignore[arg-type]
    assert (event.actor, event.detail["reason"], event.detail["saved_by"]) == (
        "Sue",
        REASON,
        "tester",
    )
    assert not coded_with.code("FR").caregiver_visible
