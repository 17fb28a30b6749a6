"""Table model over the codes of a scheme draft: one row per code, in scheme order.

The draft may be invalid while the coach types (two codes briefly sharing a shortcut is how
shortcuts are swapped), so the model accepts any well-typed value and paints the cells that
break a rule; the dialog lists the reasons and keeps Save disabled. Values that cannot even
be represented (an unknown kind or polarity) are refused in `setData`. `CodeRole` returns
the backing `Code` through any proxy, as `AnnotationRole` does in the event list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from vfcoach.coding.scheme import RESERVED_SHORTCUTS, Code, CodeKind, Polarity

CodeRole = Qt.ItemDataRole.UserRole + 1

COLUMNS = ("Key", "Label", "Kind", "Shortcut", "Colour", "Category", "Caregiver", "Polarity")
COL_KEY, COL_LABEL, COL_KIND, COL_SHORTCUT, COL_COLOUR, COL_CATEGORY, COL_VISIBLE, COL_POLARITY = (
    range(len(COLUMNS))
)
_TEXT_FIELDS = {
    COL_KEY: "key",
    COL_LABEL: "label",
    COL_SHORTCUT: "shortcut",
    COL_COLOUR: "colour",
    COL_CATEGORY: "category",
}
_PROBLEM = QBrush(QColor("#f6d5d1"))

AnyIndex = QModelIndex | QPersistentModelIndex


class CodeTableModel(QAbstractTableModel):
    """The draft's codes; `changed` fires after every edit, add or removal."""

    changed = Signal()

    def __init__(self, codes: Sequence[Code] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._codes: list[Code] = list(codes)

    def codes(self) -> tuple[Code, ...]:
        return tuple(self._codes)

    def set_codes(self, codes: Sequence[Code]) -> None:
        self.beginResetModel()
        self._codes = list(codes)
        self.endResetModel()
        self.changed.emit()

    def code_at(self, row: int) -> Code:
        return self._codes[row]

    def replace_code(self, row: int, code: Code) -> None:
        """Put an edited code in place; a renamed key is renamed in other codes' links too."""
        old = self._codes[row]
        self._codes[row] = code
        if code.key != old.key:
            for i, other in enumerate(self._codes):
                if old.key in other.link_to:
                    links = tuple(code.key if k == old.key else k for k in other.link_to)
                    self._codes[i] = replace(other, link_to=links)
        # Every row: a shortcut or key change can make another row clash or stop clashing.
        self._emit_all_changed()
        self.changed.emit()

    def add_code(self, code: Code, row: int | None = None) -> int:
        row = len(self._codes) if row is None else row
        self.beginInsertRows(QModelIndex(), row, row)
        self._codes.insert(row, code)
        self.endInsertRows()
        self._emit_all_changed()  # a new shortcut can clash with, or free, others
        self.changed.emit()
        return row

    def remove_code(self, row: int) -> Code:
        """Remove a code and drop links to it, so removing never leaves a dangling link."""
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self._codes.pop(row)
        self.endRemoveRows()
        for i, other in enumerate(self._codes):
            if removed.key in other.link_to:
                links = tuple(k for k in other.link_to if k != removed.key)
                self._codes[i] = replace(other, link_to=links)
        self._emit_all_changed()
        self.changed.emit()
        return removed

    # --- Qt model interface ---

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._codes)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._codes):
            return str(section + 1)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_VISIBLE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return None
        code, col = self._codes[index.row()], index.column()
        if role == CodeRole:
            return code
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(code, col)
        if role == Qt.ItemDataRole.CheckStateRole and col == COL_VISIBLE:
            visible = code.caregiver_visible
            return Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole and col == COL_COLOUR:
            colour = QColor(code.colour)
            return colour if colour.isValid() else None
        if role == Qt.ItemDataRole.BackgroundRole and self._breaks_a_rule(index.row(), col):
            return _PROBLEM
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_KEY, COL_LABEL):
            return code.definition or None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._codes):
            return False
        code, col = self._codes[index.row()], index.column()
        edited = self._edited(code, col, value, role)
        if edited is None:
            return False
        if edited != code:
            self.replace_code(index.row(), edited)
        return True

    # --- helpers ---

    @staticmethod
    def _text(code: Code, col: int) -> str | None:
        if col in _TEXT_FIELDS:
            return str(getattr(code, _TEXT_FIELDS[col]))
        if col == COL_KIND:
            return code.kind.value
        if col == COL_POLARITY:
            return code.polarity.value
        return None

    @staticmethod
    def _edited(code: Code, col: int, value: Any, role: int) -> Code | None:
        if col == COL_VISIBLE:
            if role != Qt.ItemDataRole.CheckStateRole:
                return None
            checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
            return replace(code, caregiver_visible=checked)
        if role != Qt.ItemDataRole.EditRole or not isinstance(value, str):
            return None
        text = value if col == COL_SHORTCUT else value.strip()
        if col in _TEXT_FIELDS:
            field: dict[str, Any] = {_TEXT_FIELDS[col]: text}
            return replace(code, **field)
        try:
            if col == COL_KIND:
                return replace(code, kind=CodeKind(text))
            if col == COL_POLARITY:
                return replace(code, polarity=Polarity(text))
        except ValueError:
            return None
        return None

    def _breaks_a_rule(self, row: int, col: int) -> bool:
        code = self._codes[row]
        if col == COL_SHORTCUT:
            shortcuts = Counter(c.shortcut.lower() for c in self._codes)
            sc = code.shortcut.lower()
            return len(sc) != 1 or sc in RESERVED_SHORTCUTS or shortcuts[sc] > 1
        if col == COL_KEY:
            keys = Counter(c.key for c in self._codes)
            return keys[code.key] > 1 or not code.key.replace("_", "").isalnum()
        if col == COL_LABEL:
            return not code.label.strip()
        if col == COL_COLOUR:
            return not QColor.isValidColorName(code.colour) or not code.colour.startswith("#")
        return False

    def _emit_all_changed(self) -> None:
        if self._codes:
            last = self.index(len(self._codes) - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
