"""`SchemeEditorDialog`: edit one scheme version's codes and save them as a whole.

The dialog holds a draft; nothing reaches the database until Save. The draft is checked on
every edit with the same `validate_codes` the import uses, the reasons are listed inline, and
Save stays disabled while any remain, so a coach can never store a scheme whose shortcuts
clash. Saving a version a pass uses creates the next version (the rule lives in
`save_edited_scheme`); the dialog says so before and after, and goes on editing the saved one.
Closing with unsaved changes (Close, Esc, the window's X) asks first: Save, Discard or
Cancel; a save that cannot go through keeps the editor open with the reason.
"""

from __future__ import annotations

import logging
import string
from dataclasses import replace

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import SchemeId
from vfcoach.coding.scheme import RESERVED_SHORTCUTS, Code, CodeKind, Polarity, Scheme
from vfcoach.coding.scheme import validate_codes as scheme_problems
from vfcoach.coding.scheme_guard import KindChangeConfirmation, KindChangeRefused
from vfcoach.services.access import Actor
from vfcoach.services.schemes import save_edited_scheme, save_message, scheme_usage
from vfcoach.storage.database import Database
from vfcoach.storage.errors import EditConflict
from vfcoach.ui.schemes.code_form import CodeForm
from vfcoach.ui.schemes.code_table_model import (
    COL_KIND,
    COL_LABEL,
    COL_POLARITY,
    CodeTableModel,
)
from vfcoach.ui.schemes.kind_change_dialog import KindChangeDialog

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for cells with a fixed set of values (kind, polarity)."""

    def __init__(self, choices: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._choices = choices

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        box = QComboBox(parent)
        box.addItems(list(self._choices))
        return box

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole)))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


def _free_shortcut(codes: tuple[Code, ...]) -> str:
    taken = {c.shortcut.lower() for c in codes}
    return next((k for k in string.ascii_lowercase if k not in taken | RESERVED_SHORTCUTS), "")


def _new_code(codes: tuple[Code, ...], category: str) -> Code:
    keys = {c.key for c in codes}
    n = next(i for i in range(1, len(codes) + 2) if f"NEW_{i}" not in keys)
    return Code(f"NEW_{n}", "New code", CodeKind.POINT, _free_shortcut(codes), category=category)


class SchemeEditorDialog(QDialog):
    """Edits scheme `scheme_id`; `saved(Scheme)` fires after each successful save."""

    saved = Signal(object)

    def __init__(
        self,
        db: Database,
        scheme_id: SchemeId,
        parent: QWidget | None = None,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor  # who edits (audit log); None: the OS account
        self.kind_change_dialog: KindChangeDialog | None = None  # open while a change waits
        self.question: QMessageBox | None = None  # the unsaved-changes question while shown
        self.model = CodeTableModel(parent=self)
        self.view = QTableView(self)
        self.view.setObjectName("codeTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.horizontalHeader().setStretchLastSection(True)
        kinds = tuple(k.value for k in CodeKind)
        polarities = tuple(p.value for p in Polarity)
        self.view.setItemDelegateForColumn(COL_KIND, ChoiceDelegate(kinds, self.view))
        self.view.setItemDelegateForColumn(COL_POLARITY, ChoiceDelegate(polarities, self.view))
        self.form = CodeForm(self)
        self.header = QLabel(self)
        self.header.setObjectName("versionNote")
        self.header.setWordWrap(True)
        self.problems_label = QLabel(self)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.problems_label.setObjectName("problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #a3261b;")
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.add_button = QPushButton("Add code", self)
        self.remove_button = QPushButton("Remove code", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save is not None
        self.save_button = save
        self._layout()
        self.add_button.clicked.connect(self.add_code)
        self.remove_button.clicked.connect(self.remove_code)
        self.save_button.clicked.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.model.changed.connect(self._draft_changed)
        self.form.code_edited.connect(self._form_edited)
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(lambda current, _prev: self._show_row(current.row()))
        self.resize(1100, 640)
        self._load(self._read(scheme_id))

    def _layout(self) -> None:
        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(self.view)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        left_box.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.form)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer = QVBoxLayout(self)
        outer.addWidget(self.header)
        outer.addWidget(split, 1)
        outer.addWidget(self.problems_label)
        outer.addWidget(self.status)
        outer.addWidget(self.buttons)

    # --- state ---

    def _read(self, scheme_id: SchemeId) -> Scheme:
        with self._db.uow() as uow:
            return uow.schemes.get(scheme_id)

    def _load(self, scheme: Scheme) -> None:
        self._stored = scheme
        assert scheme.id is not None
        self._usage = scheme_usage(self._db, scheme.id)
        self.setWindowTitle(f"Edit scheme {scheme.name} v{scheme.version}")
        self.header.setText(self._version_note())
        self.model.set_codes(scheme.codes)
        if scheme.codes:
            self.view.selectRow(0)
        self._show_row(self.view.currentIndex().row())

    def _version_note(self) -> str:
        s = self._stored
        if not s.locked:
            return f"{s.name} v{s.version} is not used by any coding yet: saving changes it."
        noun = "recording" if self._usage == 1 else "recordings"
        return (
            f"{s.name} v{s.version} is in use by {self._usage} {noun}: saving keeps "
            f"v{s.version} as it is and stores your changes as a new version."
        )

    def scheme(self) -> Scheme:
        """The draft as a scheme value (raises `SchemeError` while it breaks a rule)."""
        return replace(self._stored, codes=self.model.codes())

    def problems(self) -> list[str]:
        codes = self.model.codes()
        return scheme_problems(codes) if codes else ["a scheme needs at least one code"]

    def is_dirty(self) -> bool:
        return self.model.codes() != self._stored.codes

    # --- reactions ---

    def _show_row(self, row: int) -> None:
        code = self.model.code_at(row) if 0 <= row < self.model.rowCount() else None
        self.form.set_code(code)
        self.remove_button.setEnabled(code is not None)

    def _form_edited(self, code: Code) -> None:
        row = self.view.currentIndex().row()
        if 0 <= row < self.model.rowCount():
            self.model.replace_code(row, code)

    def _draft_changed(self) -> None:
        problems = self.problems()
        if problems:
            shown = "\n".join(f"• {p}" for p in problems[:8])
            more = f"\n(+{len(problems) - 8} more)" if len(problems) > 8 else ""
            self.problems_label.setText(f"Cannot save yet:\n{shown}{more}")
        else:
            self.problems_label.setText("")
        self.save_button.setEnabled(not problems and self.is_dirty())
        row = self.view.currentIndex().row()
        if 0 <= row < self.model.rowCount() and self.model.code_at(row) != self.form.shown():
            self.form.set_code(self.model.code_at(row))  # edited in the table: refresh the form

    # --- closing ---

    def unsaved_question(self) -> QMessageBox:
        """The question asked before closing with unsaved changes (built, not yet shown)."""
        s = self._stored
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save your changes to {s.name} v{s.version} before closing?")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText(
            ("Saving stores them as a new version; the one in use stays as it is. " if s.locked
             else "") + "If you discard them, they are lost."
        )  # fmt: skip
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box

    def reject(self) -> None:
        """Close (button, Esc, or the window's X, which Qt turns into this); with unsaved
        changes, ask first. The question is window-modal but not a nested event loop, so
        closing the whole app meanwhile cannot hang on it."""
        if not self.is_dirty():
            super().reject()
            return
        if self.question is not None and self.question.isVisible():
            return  # already asking
        box = self.unsaved_question()
        box.finished.connect(self._answered)
        self.question = box
        box.open()

    def _answered(self, answer: int) -> None:
        self.question = None
        if answer == QMessageBox.StandardButton.Cancel:
            return
        if answer == QMessageBox.StandardButton.Save and self.save() is None:
            return  # not saved: the reason is on screen; the draft stays
        super().reject()

    def discard_changes(self) -> None:
        """Back to the stored version (what Discard leaves in the database)."""
        self.model.set_codes(self._stored.codes)

    # --- actions ---

    def add_code(self) -> None:
        current = self.view.currentIndex().row()
        category = self.model.code_at(current).category if current >= 0 else ""
        row = self.model.add_code(_new_code(self.model.codes(), category), current + 1)
        self.view.selectRow(row)
        self.view.edit(self.model.index(row, COL_LABEL))

    def remove_code(self) -> None:
        row = self.view.currentIndex().row()
        if row >= 0:
            removed = self.model.remove_code(row)
            self.status.setText(f"Removed {removed.display}.")
            if self.model.rowCount():
                self.view.selectRow(min(row, self.model.rowCount() - 1))

    def save(self, confirm: KindChangeConfirmation | None = None) -> Scheme | None:
        """Store the draft; returns the saved scheme, or None if it could not be saved.

        A change of a code's meaning for reels (kind, polarity, caregiver visibility) is
        refused until a supervisor confirms it: the refusal opens `KindChangeDialog`, and
        its answer saves again with the confirmation (checked and audit-logged there).
        """
        if self.problems():
            return None
        before = self._stored
        try:
            saved = save_edited_scheme(self._db, self.scheme(), self._actor, confirm)
        except EditConflict as exc:  # saved elsewhere first: show theirs, keep nothing stale
            log.warning("scheme not saved: %s", exc)
            if before.id is not None:
                self._load(self._read(before.id))
            self.problems_label.setText(f"Not saved: {exc}")
            return None
        except KindChangeRefused as exc:
            log.warning("scheme not saved: %s", exc)
            self.problems_label.setText(f"Not saved: {exc.summary}")
            self._ask_confirmation(exc.summary, confirm)
            return None
        except VfcoachError as exc:
            log.warning("scheme not saved: %s", exc)
            self.problems_label.setText(f"Not saved: {exc}")
            return None
        self._load(saved)
        self.status.setText(save_message(before, saved, self._usage_of(before)))
        self.saved.emit(saved)
        return saved

    def _ask_confirmation(self, refusal: str, tried: KindChangeConfirmation | None) -> None:
        """Open the supervisor's confirmation; OK saves again with it (non-modal, like Qt's)."""
        dialog = KindChangeDialog(refusal, tried.by if tried else "", self)
        if tried is not None:
            dialog.reason_edit.setPlainText(tried.reason)
        dialog.accepted.connect(lambda: self.save(dialog.confirmation))
        self.kind_change_dialog = dialog  # kept referenced until the next one
        dialog.open()

    def _usage_of(self, scheme: Scheme) -> int:
        return 0 if scheme.id is None else scheme_usage(self._db, scheme.id)
