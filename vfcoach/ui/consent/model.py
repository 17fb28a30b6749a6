"""The consent table: one row per use, with its state and the record that speaks for it."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from vfcoach.coding.consent import Scope
from vfcoach.services.consent import ScopeLine
from vfcoach.ui.flat_table_model import FlatTableModel

ScopeRole = Qt.ItemDataRole.UserRole + 1
_GIVEN, _NOT = QColor("#1b6e2d"), QColor("#8a1c1c")


class ConsentTableModel(FlatTableModel):
    columns: ClassVar[tuple[str, ...]] = (
        "Use",
        "Consent",
        "Given by",
        "Recorded",
        "Until",
        "Form",
    )

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[ScopeLine] = []

    def set_lines(self, lines: list[ScopeLine]) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.lines)

    def line(self, row: int) -> ScopeLine:
        return self.lines[row]

    def scope_at(self, row: int) -> Scope | None:
        return self.lines[row].scope if 0 <= row < len(self.lines) else None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == ScopeRole:
            return line.scope
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            return QBrush(_GIVEN if line.state == "in force" else _NOT)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return line.scope.use[0].upper() + line.scope.use[1:]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(line, index.column())

    @staticmethod
    def _text(line: ScopeLine, column: int) -> str:
        record = line.record if line.state != "missing" else None
        if column == 0:
            return line.scope.label
        if column == 1:
            text = line.state_text
            if record is not None and record.withdrawn_at is not None:
                text += f" on {record.withdrawn_at:%d %b %Y}"
            if record is not None and line.state == "in force":
                extras = []
                if record.clean_take_home:
                    extras.append("clean take-home copy")
                if record.unblurred:
                    extras.append("faces unblurred")
                if extras:
                    text += f" ({', '.join(extras)})"
            return text
        if record is None:
            return ""
        if column == 2:
            return record.consented_by or "not written down"
        if column == 3:
            return f"{record.recorded_at:%d %b %Y} by {record.recorded_by}"
        if column == 4:
            return "" if record.expires is None else f"{record.expires:%d %b %Y}"
        return record.document
