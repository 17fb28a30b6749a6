"""The scheme editor: edit, refuse clashes with the reason, add codes, save as the rules say."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.storage.conftest import World, build_world
from vfcoach.coding.audit import SCHEME_EDITED, SCHEME_VERSIONED
from vfcoach.coding.scheme import Code, CodeKind, ModifierKind, Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.ui.schemes.code_table_model import (
    COL_KIND,
    COL_LABEL,
    COL_SHORTCUT,
    COL_VISIBLE,
    CodeRole,
    CodeTableModel,
)
from vfcoach.ui.schemes.scheme_editor import SchemeEditorDialog


@pytest.fixture
def unused(sqlite_db: Database) -> Scheme:
    with sqlite_db.uow() as uow:
        scheme = uow.schemes.add(builtin_scheme("vipp-sd-style"))
        uow.commit()
    return scheme


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return build_world(sqlite_db)  # abc-style, locked by one coder's pass on one recording


def open_editor(qtbot: QtBot, db: Database, scheme: Scheme) -> SchemeEditorDialog:
    assert scheme.id is not None
    dialog = SchemeEditorDialog(db, scheme.id, actor=who(db, "tester"))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def row_of(dialog: SchemeEditorDialog, key: str) -> int:
    return next(i for i, c in enumerate(dialog.model.codes()) if c.key == key)


def set_cell(dialog: SchemeEditorDialog, key: str, col: int, value: str) -> None:
    index = dialog.model.index(row_of(dialog, key), col)
    assert dialog.model.setData(index, value)


def test_edit_a_label_of_an_unused_version_saves_in_place(qtbot, sqlite_db, unused):
    dialog = open_editor(qtbot, sqlite_db, unused)
    assert "not used by any coding yet" in dialog.header.text()
    assert not dialog.save_button.isEnabled()  # nothing changed yet
    set_cell(dialog, "C_SIG", COL_LABEL, "Signal from the child")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = blocker.args[0]
    assert (saved.id, saved.version) == (unused.id, 1)
    assert dialog.status.text() == "Saved vipp-sd-style v1."
    with sqlite_db.uow() as uow:
        assert uow.schemes.get(unused.id).code("C_SIG").label == "Signal from the child"
        assert len(uow.schemes.list()) == 1
        assert [e.actor for e in uow.audit.list(action=SCHEME_EDITED)] == ["tester"]
    assert not dialog.save_button.isEnabled()


def test_edit_a_locked_version_creates_the_next(qtbot, sqlite_db, world):
    dialog = open_editor(qtbot, sqlite_db, world.scheme)
    assert "in use by 1 recording" in dialog.header.text()
    set_cell(dialog, "FTL", COL_LABEL, "Going along with the child")
    saved = dialog.save()
    assert saved is not None and saved.version == world.scheme.version + 1
    v, n = world.scheme.version, saved.version
    assert dialog.status.text().startswith(
        f"v{v} is in use by 1 recording, so your changes are saved as v{n}."
    )
    assert dialog.windowTitle() == f"Edit scheme abc-style v{n}"
    with sqlite_db.uow() as uow:
        assert uow.schemes.get(world.scheme.id).code("FTL").label == "Following the lead"
        assert uow.schemes.get(saved.id).code("FTL").label == "Going along with the child"
        assert len(uow.audit.list(action=SCHEME_VERSIONED)) == 1
    # The dialog now edits the new, unused version: a second save changes it in place.
    set_cell(dialog, "DEL", COL_LABEL, "Enjoyment")
    again = dialog.save()
    assert again is not None and again.id == saved.id


def test_duplicate_shortcut_is_refused_with_the_reason(qtbot, sqlite_db, world):
    dialog = open_editor(qtbot, sqlite_db, world.scheme)
    set_cell(dialog, "INT", COL_SHORTCUT, "f")
    assert "INT: shortcut 'f' is already used by FTL (Following the lead)" in (
        dialog.problems_label.text()
    )
    assert not dialog.save_button.isEnabled()
    assert dialog.save() is None
    shortcut = dialog.model.index(row_of(dialog, "INT"), COL_SHORTCUT)
    assert shortcut.data(Qt.ItemDataRole.BackgroundRole) is not None  # painted as a problem
    set_cell(dialog, "INT", COL_SHORTCUT, "t")  # fixed: the message goes, Save comes back
    assert dialog.problems_label.text() == ""
    assert dialog.save_button.isEnabled()


def test_reserved_keys_and_unknown_links_are_explained(qtbot, sqlite_db, unused):
    dialog = open_editor(qtbot, sqlite_db, unused)
    set_cell(dialog, "C_SIG", COL_SHORTCUT, "1")
    assert "kept for the player" in dialog.problems_label.text()
    set_cell(dialog, "C_SIG", COL_SHORTCUT, "s")
    dialog.view.selectRow(row_of(dialog, "P_RESP"))
    dialog.form.link_to.setText("C_SIG, NOPE")
    dialog.form.link_to.textEdited.emit("C_SIG, NOPE")
    assert "links to 'NOPE', which is not a code" in dialog.problems_label.text()
    assert not dialog.save_button.isEnabled()


def test_add_a_code_with_a_modifier(qtbot, sqlite_db, unused):
    dialog = open_editor(qtbot, sqlite_db, unused)
    before = dialog.model.rowCount()
    dialog.view.selectRow(row_of(dialog, "MOMENT"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == before + 1
    new = dialog.model.code_at(row_of(dialog, "MOMENT") + 1)
    assert new.key == "NEW_1" and new.category == "Moments" and len(new.shortcut) == 1
    assert dialog.form.shown() == new
    set_cell(dialog, "NEW_1", COL_LABEL, "Turn taking")
    set_cell(dialog, "NEW_1", COL_KIND, "state")
    assert not dialog.model.setData(dialog.model.index(0, COL_KIND), "sometimes")
    dialog.form.definition.setPlainText("Caregiver and child take turns.")
    qtbot.mouseClick(dialog.form.modifiers.add_button, Qt.MouseButton.LeftButton)
    item = dialog.form.modifiers.table.item(0, 2)
    assert item is not None
    item.setText("short, long")
    visible = dialog.model.index(row_of(dialog, "NEW_1"), COL_VISIBLE)
    assert dialog.model.setData(
        visible, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole
    )
    saved = dialog.save()
    assert saved is not None
    code = saved.code("NEW_1")
    assert code.label == "Turn taking" and code.kind is CodeKind.STATE
    assert code.definition == "Caregiver and child take turns." and code.caregiver_visible
    (modifier,) = code.modifiers
    assert (modifier.kind, modifier.values) == (ModifierKind.CHOICE, ("short", "long"))


def test_remove_a_code_drops_links_to_it(qtbot, sqlite_db, unused):
    dialog = open_editor(qtbot, sqlite_db, unused)
    dialog.view.selectRow(row_of(dialog, "C_SIG"))
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert "C_SIG" not in [c.key for c in dialog.model.codes()]
    assert dialog.model.code_at(row_of(dialog, "P_RESP")).link_to == ()
    assert dialog.status.text() == "Removed C_SIG (Child signal)."
    assert dialog.problems() == []


def test_renaming_a_key_follows_links(qtbot, sqlite_db, unused):
    dialog = open_editor(qtbot, sqlite_db, unused)
    set_cell(dialog, "C_SIG", 0, "SIGNAL")
    assert dialog.model.code_at(row_of(dialog, "P_RESP")).link_to == ("SIGNAL",)


def test_model_passes_qt_checks(qtmodeltester):
    codes = builtin_scheme("abc-style").codes
    model = CodeTableModel(codes)
    qtmodeltester.check(model)
    assert model.index(0, 0).data(CodeRole) == codes[0]
    model.add_code(Code("X_1", "Extra", CodeKind.POINT, "x"))
    model.remove_code(0)
    qtmodeltester.check(model)


def test_modifier_value_labels_survive_the_editor_and_can_be_edited() -> None:
    from vfcoach.coding.scheme import ModifierDef, ModifierKind
    from vfcoach.ui.schemes.modifier_table import COL_VALUE_LABELS, ModifierTable

    table = ModifierTable()
    addressee = ModifierDef(
        "addressee", ModifierKind.CHOICE, ("P1", "P2"), "Addressed to",
        (("P1", "first caregiver"), ("P2", "second caregiver")),
    )  # fmt: skip
    table.set_modifiers((addressee,))
    assert table.modifiers() == (addressee,)  # opening and saving keeps the words
    table.table.item(0, COL_VALUE_LABELS).setText("P1 = mother; P2 = father")
    (edited,) = table.modifiers()
    assert edited.value_label("P2") == "father"
    table.deleteLater()
