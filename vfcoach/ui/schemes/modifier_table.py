"""Editing the modifiers of one code: name, kind, comma-separated values, label, value labels.

A small `QTableWidget`, not a model of its own: a code has a handful of modifiers and the
form rebuilds them whole on every edit (`modifiers()`), which keeps the one source of truth
in the draft scheme. Values are typed as "low, high" because that is how a coach reads them
in the manual's table; flags and free text have no values, so that cell is disabled. The
plain words a coach reads for each value are typed as "NUR = nurturing; FTL = following the
lead"; the scheme's own rules say when one names a value the modifier does not have.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.scheme import ModifierDef, ModifierKind

HEADERS = ("Name", "Kind", "Values", "Label", "Value labels")
HEADER_TIPS = (
    "Internal name, used in exports",
    "choice, flag (yes/no), text or set (several values at once)",
    "Internal values, comma-separated: low, high",
    "The question as a coach reads it, e.g. Addressed to",
    "The words a coach reads for each value: P1 = first caregiver; P2 = second caregiver",
)
COL_NAME, COL_KIND, COL_VALUES, COL_LABEL, COL_VALUE_LABELS = range(len(HEADERS))
_HAS_VALUES = (ModifierKind.CHOICE, ModifierKind.SET)


def split_values(text: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in text.split(",") if v.strip())


def split_value_labels(text: str) -> tuple[tuple[str, str], ...]:
    """ "NUR = nurturing; FTL = following the lead" -> pairs; a part without "=" keeps an
    empty label, which the scheme's rules then name as a problem instead of dropping it."""
    pairs = []
    for part in text.split(";"):
        if not part.strip():
            continue
        value, _, words = part.partition("=")
        pairs.append((value.strip(), words.strip()))
    return tuple(pairs)


def join_value_labels(pairs: tuple[tuple[str, str], ...]) -> str:
    return "; ".join(f"{value} = {words}" for value, words in pairs)


class ModifierTable(QWidget):
    """Emits `edited` whenever a cell, a kind or the set of modifiers changes."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(HEADERS), self)
        self.table.setObjectName("modifierTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        for col, tip in enumerate(HEADER_TIPS):
            header = self.table.horizontalHeaderItem(col)
            if header is not None:
                header.setToolTip(tip)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.add_button = QPushButton("Add modifier", self)
        self.remove_button = QPushButton("Remove modifier", self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self._loading = False
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.table.itemChanged.connect(self._changed)

    def set_modifiers(self, modifiers: tuple[ModifierDef, ...]) -> None:
        self._loading = True
        try:
            self.table.setRowCount(0)
            for m in modifiers:
                self._append(m)
        finally:
            self._loading = False

    def modifiers(self) -> tuple[ModifierDef, ...]:
        out: list[ModifierDef] = []
        for row in range(self.table.rowCount()):
            kind = ModifierKind(self._kind_box(row).currentText())
            values = split_values(self._cell(row, COL_VALUES)) if kind in _HAS_VALUES else ()
            name = self._cell(row, COL_NAME).strip()
            label = self._cell(row, COL_LABEL).strip()
            words = split_value_labels(self._cell(row, COL_VALUE_LABELS))
            out.append(ModifierDef(name, kind, values, label, words))
        return tuple(out)

    def _append(self, m: ModifierDef) -> None:
        """Add a row; silent, because a half-built row (no kind box yet) is not a modifier."""
        loading, self._loading = self._loading, True
        try:
            row = self.table.rowCount()
            self.table.insertRow(row)
            box = QComboBox(self.table)
            box.addItems([k.value for k in ModifierKind])
            box.setCurrentText(m.kind.value)
            box.currentTextChanged.connect(self._kind_changed)
            self.table.setCellWidget(row, COL_KIND, box)
            self.table.setItem(row, COL_NAME, QTableWidgetItem(m.name))
            self.table.setItem(row, COL_VALUES, QTableWidgetItem(", ".join(m.values)))
            self.table.setItem(row, COL_LABEL, QTableWidgetItem(m.label))
            words = QTableWidgetItem(join_value_labels(m.value_labels))
            words.setToolTip(
                "The words a coach reads for each value, e.g. FTL = following the lead"
            )
            self.table.setItem(row, COL_VALUE_LABELS, words)
            self._enable_values(row, m.kind)
        finally:
            self._loading = loading

    def _kind_box(self, row: int) -> QComboBox:
        box = self.table.cellWidget(row, COL_KIND)
        assert isinstance(box, QComboBox)
        return box

    def _cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return "" if item is None else item.text()

    def _enable_values(self, row: int, kind: ModifierKind) -> None:
        item = self.table.item(row, COL_VALUES)
        if item is None:
            return
        flags = item.flags()
        if kind in _HAS_VALUES:
            item.setFlags(flags | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsEnabled)
        else:
            item.setFlags(flags & ~Qt.ItemFlag.ItemIsEditable & ~Qt.ItemFlag.ItemIsEnabled)

    def _add(self) -> None:
        taken = {m.name for m in self.modifiers()}
        n = 1
        while f"modifier_{n}" in taken:
            n += 1
        self._append(ModifierDef(f"modifier_{n}", ModifierKind.CHOICE, ("yes", "no")))
        self.table.setCurrentCell(self.table.rowCount() - 1, COL_NAME)
        self._changed()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row < 0 and self.table.rowCount():
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def _kind_changed(self, _text: str) -> None:
        if self._loading:
            return
        for row in range(self.table.rowCount()):
            self._enable_values(row, ModifierKind(self._kind_box(row).currentText()))
        self._changed()

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self.edited.emit()
