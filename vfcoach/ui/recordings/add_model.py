"""The add-videos table: one row per file, with what checking found and where it will go.

The model holds plain values only (a `FileCheck` per file once checked, the family code,
visit number, date and child the coach chose), so the dialog builds `Placement`s from it
without reading widgets. Visit numbers stay suggestions until the coach edits one: a new
family for a row renumbers the rows the coach has not touched (`suggest_visits`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QColor

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.services.recordings.add import FileCheck, Placement, suggest_visits
from vfcoach.services.recordings.import_recording import checked_family_code

Index = QModelIndex | QPersistentModelIndex
FILE, FOUND, FAMILY, VISIT, DATE, CHILD = range(6)
HEADERS = ("File", "What we found", "Family", "Visit", "Date", "Child (optional)")
_WARN, _BAD, _LEFT_OUT = QColor("#8a5a00"), QColor("#a4161a"), QColor("#8c8c8c")


@dataclass
class FileRow:
    path: Path
    check: FileCheck | None = None  # None while the file is still being checked
    family: str = ""
    visit: int = 1
    date: dt.date | None = None
    child: str = ""
    include: bool = False
    visit_edited: bool = False
    cancelled: bool = field(default=False)

    def found(self) -> str:
        c = self.check
        if c is None:
            return "Not checked (cancelled)" if self.cancelled else "Checking…"
        if c.facts is None:
            prefix = f"{c.path.name}: "
            text = c.refused[len(prefix) :] if c.refused.startswith(prefix) else c.refused
            return f"Cannot be added: {text}"
        notes = []
        if c.duplicate_of:
            notes.append(f"This video is already {c.duplicate_of}: tick it to add a second copy")
        if c.damage:
            notes.append(f"Damaged: {c.damage} (the rest can be coded)")
        if notes:
            return " · ".join(notes)
        return f"Ready · {format_ms(c.facts.duration_ms)} · {c.facts.frame_count} frames"


class AddVideosModel(QAbstractTableModel):
    """Editable rows; `problem` carries a plain sentence when an edit is refused."""

    problem = QtSignal(str)
    chosen_changed = QtSignal()

    def __init__(self, next_numbers: dict[str, int]) -> None:
        super().__init__()
        self.rows: list[FileRow] = []
        self.next_numbers = dict(next_numbers)

    # --- filling ------------------------------------------------------------------------
    def add_paths(self, paths: list[Path], family: str = "") -> None:
        known = {r.path for r in self.rows}
        new = [p for p in dict.fromkeys(paths) if p not in known]
        if not new:
            return
        start = len(self.rows)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self.rows.extend(FileRow(p, family=family) for p in new)
        self.endInsertRows()

    def set_checks(self, checks: list[FileCheck]) -> None:
        """Checking finished: fill rows, tick what can be added (copies stay unticked)."""
        by_path = {c.path: c for c in checks}
        for row in self.rows:
            c = by_path.get(row.path)
            if c is not None and row.check is None:
                row.check, row.date = c, c.file_date
                row.include = c.usable and not c.duplicate_of
        self._resuggest()
        self._all_changed()

    def mark_cancelled(self) -> None:
        for row in self.rows:
            row.cancelled = row.check is None
        self._all_changed()

    def set_family_for_all(self, code: str) -> None:
        for row in self.rows:
            row.family, row.visit_edited = code.strip(), False
        self._resuggest()
        self._all_changed()

    def placements(self) -> list[Placement]:
        return [
            Placement(r.check, r.family, r.visit, r.date, r.child)
            for r in self.rows
            if r.include and r.check is not None and r.check.usable
        ]

    def unchecked(self) -> list[Path]:
        return [r.path for r in self.rows if r.check is None and not r.cancelled]

    # --- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        row = self.rows[index.row()]
        if row.check is None or not row.check.usable:
            return base
        if index.column() == FILE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() in (FAMILY, VISIT, DATE, CHILD):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == FILE:
            if row.check is not None and row.check.usable:
                return Qt.CheckState.Checked if row.include else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, col, role == Qt.ItemDataRole.ToolTipRole)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(row, col)
        if role == Qt.ItemDataRole.ForegroundRole and col == FOUND and row.check is not None:
            if not row.check.usable:
                return _BAD
            return _WARN if row.check.duplicate_of or row.check.damage else None
        if role == Qt.ItemDataRole.ForegroundRole and col >= FAMILY and not row.include:
            return _LEFT_OUT  # where an unticked file would go: shown, but quietly
        return None

    def _text(self, row: FileRow, col: int, tip: bool) -> str | None:
        usable = row.check is not None and row.check.usable
        if col == FILE:
            return str(row.path) if tip else row.path.name
        if col == FOUND:
            return row.found()
        if not usable:
            return None if tip else ""
        if col == FAMILY:
            if not row.family:
                return "choose a family"
            new = row.family not in self.next_numbers
            return f"{row.family} (new family)" if new else row.family
        if col == VISIT:
            return str(row.visit)
        if col == DATE:
            return row.date.isoformat() if row.date else "no date"
        return row.child

    @staticmethod
    def _edit_value(row: FileRow, col: int) -> Any:
        if col == FAMILY:
            return row.family
        if col == VISIT:
            return row.visit
        if col == DATE:
            return (
                QDate(row.date.year, row.date.month, row.date.day)
                if row.date
                else QDate.currentDate()
            )
        return row.child if col == CHILD else None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == FILE:
            row.include = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        elif col == FAMILY:
            try:
                row.family = checked_family_code(str(value))
            except VfcoachError as exc:
                self.problem.emit(f"{row.path.name}: {exc}")
                return False
            row.visit_edited = False
            self._resuggest()
            self._all_changed()
            return True
        elif col == VISIT:
            if int(value) < 1:
                self.problem.emit("A visit number is 1 or more.")
                return False
            row.visit, row.visit_edited = int(value), True
        elif col == DATE:
            picked = value.toPython() if isinstance(value, QDate) else value
            row.date = picked if isinstance(picked, dt.date) else None
        elif col == CHILD:
            row.child = str(value).strip()
        self.dataChanged.emit(index, index)
        self.chosen_changed.emit()
        return True

    def _resuggest(self) -> None:
        free = [r for r in self.rows if not r.visit_edited and r.check and r.check.usable]
        for r, n in zip(
            free, suggest_visits(self.next_numbers, [(r.family, r.date) for r in free]), strict=True
        ):
            r.visit = n

    def _all_changed(self) -> None:
        if self.rows:
            last = self.index(len(self.rows) - 1, len(HEADERS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        self.chosen_changed.emit()
