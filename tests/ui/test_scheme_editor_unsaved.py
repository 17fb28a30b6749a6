"""Closing the scheme editor with unsaved changes asks first: Save, Discard or Cancel.

The real question box is answered by clicking its buttons (it is modal, so the click is
scheduled before it opens); Close, Esc and the window's X all ask.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.test_scheme_editor import COL_LABEL, COL_SHORTCUT, open_editor, set_cell
from tests.ui.test_scheme_editor import unused as unused
from vfcoach.coding.scheme import Scheme
from vfcoach.storage.database import Database
from vfcoach.ui.schemes.scheme_editor import SchemeEditorDialog

Button = QMessageBox.StandardButton


def _answer(qtbot: QtBot, dialog: SchemeEditorDialog, button: Button, shot: str = "") -> str:
    """Click `button` in the question on screen; returns the question asked."""
    qtbot.waitUntil(lambda: dialog.question is not None and dialog.question.isVisible())
    box = dialog.question
    assert box is not None
    if shot:
        dialog.grab().save(shot.replace(".png", "-editor.png"))
        box.grab().save(shot)
    target = box.button(button)
    assert target is not None
    target.click()
    return box.text()


def _stored_label(db: Database, scheme: Scheme) -> str:
    assert scheme.id is not None
    with db.uow() as uow:
        return uow.schemes.get(scheme.id).code("C_SIG").label


def _edited(qtbot: QtBot, db: Database, scheme: Scheme) -> SchemeEditorDialog:
    dialog = open_editor(qtbot, db, scheme)
    qtbot.waitExposed(dialog)
    set_cell(dialog, "C_SIG", COL_LABEL, "Signal from the child")
    assert dialog.is_dirty()
    return dialog


CLOSES: dict[str, Callable[[SchemeEditorDialog], object]] = {
    "close button": lambda d: d.reject(),
    "window X": lambda d: d.close(),
}


@pytest.mark.parametrize("how", list(CLOSES))
def test_save_stores_the_changes_and_closes(
    qtbot: QtBot, sqlite_db: Database, unused: Scheme, how: str
) -> None:
    dialog = _edited(qtbot, sqlite_db, unused)
    CLOSES[how](dialog)
    assert dialog.isVisible()  # not closed before the answer
    asked = _answer(qtbot, dialog, Button.Save, "/tmp/h-care-scheme-unsaved.png")
    assert "Save your changes" in asked
    assert not dialog.isVisible() and not dialog.is_dirty()
    assert _stored_label(sqlite_db, unused) == "Signal from the child"


def test_discard_closes_without_saving(qtbot: QtBot, sqlite_db: Database, unused: Scheme) -> None:
    before = _stored_label(sqlite_db, unused)
    dialog = _edited(qtbot, sqlite_db, unused)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc asks too
    _answer(qtbot, dialog, Button.Discard)
    assert not dialog.isVisible()
    assert _stored_label(sqlite_db, unused) == before


def test_cancel_keeps_the_editor_and_the_draft(
    qtbot: QtBot, sqlite_db: Database, unused: Scheme
) -> None:
    before = _stored_label(sqlite_db, unused)
    dialog = _edited(qtbot, sqlite_db, unused)
    dialog.close()
    _answer(qtbot, dialog, Button.Cancel)
    assert dialog.isVisible() and dialog.is_dirty()
    assert _stored_label(sqlite_db, unused) == before
    assert dialog.scheme().code("C_SIG").label == "Signal from the child"
    dialog.discard_changes()  # so the test's own teardown closes it without asking


def test_a_save_that_cannot_go_through_keeps_the_editor_open(
    qtbot: QtBot, sqlite_db: Database, unused: Scheme
) -> None:
    dialog = _edited(qtbot, sqlite_db, unused)
    first, second = dialog.model.codes()[0], dialog.model.codes()[1]
    set_cell(dialog, second.key, COL_SHORTCUT, first.shortcut)  # a clash: cannot be saved
    assert dialog.problems()
    dialog.reject()
    _answer(qtbot, dialog, Button.Save)
    assert dialog.isVisible() and "Cannot save" in dialog.problems_label.text()
    dialog.discard_changes()


def test_without_changes_it_closes_without_asking(
    qtbot: QtBot, sqlite_db: Database, unused: Scheme
) -> None:
    dialog = open_editor(qtbot, sqlite_db, unused)
    dialog.reject()
    assert dialog.question is None and not dialog.isVisible()
