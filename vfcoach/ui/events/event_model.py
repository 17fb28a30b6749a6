"""Table model over domain annotations, fed by the store's change signal.

Like Vorta's archive table it exposes raw sort values (frame numbers, not time strings) in
`SortRole` and the backing `Annotation` in `AnnotationRole`, so proxies and views never parse
display text. One edit updates one row; nothing reloads the whole pass.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.modifier_text import describe_modifiers
from vfcoach.coding.scheme import Code, Scheme
from vfcoach.ui.events.code_badge import badge_icon
from vfcoach.ui.flat_table_model import FlatTableModel
from vfcoach.ui.stores.annotation_store import AnnotationStore

SortRole = Qt.ItemDataRole.UserRole + 1
AnnotationRole = Qt.ItemDataRole.UserRole + 2
CodeKeyRole = Qt.ItemDataRole.UserRole + 3

# What a coach reads first comes first: the code, its time and the note, in sight in the
# narrow right-hand panel; the exact frame numbers (for corrections) follow the answers.
COLUMNS = ("Code", "Start", "End", "Note", "Modifiers", "Link", "Frame", "End frame", "Length")
(
    COL_CODE,
    COL_START,
    COL_END,
    COL_NOTE,
    COL_MODS,
    COL_LINK,
    COL_FRAME,
    COL_END_FRAME,
    COL_LEN,
) = range(len(COLUMNS))

AnyIndex = QModelIndex | QPersistentModelIndex


class AnnotationTableModel(FlatTableModel):
    columns = COLUMNS

    edit_requested = Signal(object, int, object)  # Annotation, column, new value

    def __init__(self, store: AnnotationStore) -> None:
        super().__init__(store)
        self.store = store
        self._rows: list[Annotation] = []
        self._scheme: Scheme | None = None
        store.reset.connect(self._reload)
        store.annotations_changed.connect(self.apply)
        self._reload()

    def _reload(self) -> None:
        self.beginResetModel()
        self._rows = self.store.annotations()
        self._scheme = self.store.scheme
        self.endResetModel()

    def row_of(self, annotation_id: AnnotationId) -> int:
        return next((i for i, a in enumerate(self._rows) if a.id == annotation_id), -1)

    def annotation_at(self, row: int) -> Annotation:
        return self._rows[row]

    def apply(self, change: AnnotationChange) -> None:
        """Turn one change into row removals, dataChanged and inserts (rows stay in store order)."""
        for a in change.removed:
            row = self.row_of(a.id)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for _before, after in change.updated:
            row = self.row_of(after.id)
            if row >= 0:
                self._rows[row] = after
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        for a in change.added:
            row = len(self._rows)
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.append(a)
            self.endInsertRows()
        if self._rows and (change.removed or change.updated):
            # a link names another event: its text follows that event's edits
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, COL_LINK), self.index(last, COL_LINK))

    def row_count(self) -> int:
        return len(self._rows)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.store.read_only:  # another coder's codes, shown to look at
            return base
        if index.column() in (COL_FRAME, COL_END_FRAME, COL_NOTE, COL_LINK):
            a = self._rows[index.row()]
            if index.column() != COL_END_FRAME or a.offset is not None:
                return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == AnnotationRole:
            return a
        if role == CodeKeyRole:
            return a.code_key
        if role == SortRole:
            return self._sort_value(a, col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._display(a, col, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.ToolTipRole and col in (COL_NOTE, COL_MODS):
            return self._display(a, col, False) or None  # whole, where the column cuts it
        code = self._code(a)
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_CODE and code is not None:
            return code.definition or code.label
        if role == Qt.ItemDataRole.DecorationRole and col == COL_CODE and code is not None:
            return badge_icon(code.colour, code.shortcut)
        return None

    def _code(self, a: Annotation) -> Code | None:
        scheme = self._scheme
        return scheme.code(a.code_key) if scheme is not None and scheme.has(a.code_key) else None

    def _display(self, a: Annotation, col: int, edit: bool) -> Any:
        if col == COL_CODE:  # the plain name; the key is the badge beside it
            code = self._code(a)
            return code.label if code is not None else a.code_key
        if col == COL_START:
            return format_ms(a.onset.pts_ms)
        if col == COL_FRAME:
            return a.onset.frame
        if col == COL_END:
            return "" if a.offset is None else format_ms(a.offset.pts_ms)
        if col == COL_END_FRAME:
            return (None if edit else "") if a.offset is None else a.offset.frame
        if col == COL_LEN:
            return "" if a.offset is None else f"{a.duration_ms / 1000:.1f} s"
        if col == COL_MODS:
            return describe_modifiers(a.modifiers, self._code(a))
        if col == COL_NOTE:
            return a.note
        if col == COL_LINK:
            return a.trigger if edit else self._link_text(a)
        return None

    def _link_text(self, a: Annotation) -> str:
        if a.trigger is None:
            return ""
        target = self.store.get(a.trigger)
        if target is None:
            return "→ (deleted event)"
        code = self._code(target)
        name = code.label if code is not None else target.code_key
        return f"→ {name} {format_ms(target.onset.pts_ms)}"

    def _sort_value(self, a: Annotation, col: int) -> Any:
        if col in (COL_START, COL_FRAME):
            return a.onset.frame
        if col in (COL_END, COL_END_FRAME):
            return -1 if a.offset is None else a.offset.frame
        if col == COL_LEN:
            return a.duration_ms
        return str(self._display(a, col, edit=False))

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Edits become requests: the controller turns them into undoable commands."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self.edit_requested.emit(self._rows[index.row()], index.column(), value)
        return True


class AnnotationFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values and filters by code key (empty = all codes)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._code: str = ""

    def set_code_filter(self, code_key: str) -> None:
        self.beginFilterChange()
        self._code = code_key
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._code:
            return True
        idx = self.sourceModel().index(source_row, COL_CODE, source_parent)
        return bool(idx.data(CodeKeyRole) == self._code)
