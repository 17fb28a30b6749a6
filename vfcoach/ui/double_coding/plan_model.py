"""The double-coding plan as a table: one row per drawn or assigned recording.

Rows are `DueItem`s from `DueOperation(everything=True)`, the same rows `vfcoach double due
--json` prints (plus the submitted ones), so the window and the console never disagree on
what is due. "Due" means what the console means: nobody assigned yet, or the assigned
coder has not submitted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from vfcoach.services.reliability.plan import DueItem
from vfcoach.ui.flat_table_model import FlatTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
ItemRole = Qt.ItemDataRole.UserRole + 1
DONE = ("submitted", "locked")
NEEDS_CODER = "needs a coder"
DUE = "due"
BOTH = "both submitted"
_COLUMNS = (
    "Recording",
    "Family",
    "Visit",
    "Date",
    "Coach",
    "Second coder",
    "As",
    "Blind",
    "Status",
    "Drawn with seed",
)
_STATUS_COLOUR = {NEEDS_CODER: "#fdebd0", DUE: "#fef9e7", BOTH: "#e9f7ef"}


def status(item: DueItem) -> str:
    """Where the two passes stand: the words a supervisor asks about first."""
    if item.coder is None:
        return NEEDS_CODER
    coach_done, coder_done = item.coach_status in DONE, item.coder_status in DONE
    if coach_done and coder_done:
        return BOTH
    if coach_done:
        return f"submitted by one ({item.coach}, the coach)"
    if coder_done:
        return f"submitted by one ({item.coder})"
    return DUE


def is_due(item: DueItem) -> bool:
    return item.coder is None or item.coder_status not in DONE


class PlanModel(FlatTableModel):
    columns: ClassVar[tuple[str, ...]] = _COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._all: list[DueItem] = []
        self._rows: list[DueItem] = []
        self.due_only = False

    def set_items(self, items: Sequence[DueItem]) -> None:
        self._all = list(items)
        self._refilter()

    def set_due_only(self, due_only: bool) -> None:
        self.due_only = due_only
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = [i for i in self._all if is_due(i) or not self.due_only]
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def item(self, row: int) -> DueItem:
        return self._rows[row]

    def items(self) -> list[DueItem]:
        return list(self._rows)

    def row_of(self, item: DueItem) -> int:
        return self._rows.index(item)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        if role == ItemRole:
            return item
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = _STATUS_COLOUR.get(status(item))
            return None if colour is None or index.column() != 8 else QColor(colour)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 8:
            return f"coach's pass: {item.coach_status}; second pass: {item.coder_status}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(item, index.column())

    @staticmethod
    def _text(item: DueItem, column: int) -> str:
        date = "undated" if item.visit_date is None else item.visit_date.isoformat()
        texts = (
            str(item.recording_id),
            item.family_code,
            str(item.visit_number),
            date,
            item.coach or "—",
            item.coder or "—",
            ""
            if item.coder is None
            else ("master coder" if item.purpose == "master" else "second"),
            "blind" if item.blind else "open",
            status(item),
            "—" if item.draw_seed is None else str(item.draw_seed),
        )
        return texts[column]
