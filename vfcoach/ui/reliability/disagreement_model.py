"""Every disagreement as a sortable, filterable table: the navigator's list.

One row per substitution (both coded, different codes), miss (A coded, B nothing paired)
or extra (B coded, A nothing paired), flattened by the operation from event pairs or from
runs of disagreeing time slices. Sorting uses the raw numbers (`SortRole`), never the
formatted "00:01:02.500", so times sort as times.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.reliability import NIL
from vfcoach.services.reliability.irr import Disagreement
from vfcoach.ui.flat_table_model import FlatTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
DisagreementRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
KINDS = ("substitution", "miss", "extra")
KIND_TEXT = {
    "substitution": "substitution (different codes)",
    "miss": "miss (only {a})",
    "extra": "extra (only {b})",
}
_COLUMNS = ("Recording", "At", "Kind", "{a}'s code", "{b}'s code", "{a}'s time", "{b}'s time")


def _time(ms: int | None) -> str:
    return "—" if ms is None else format_ms(ms)


def _code(key: str) -> str:
    """An event the coder did not code reads as a dash; a time slice's "none" stays a word."""
    return "—" if key in ("", NIL) else key


class DisagreementModel(FlatTableModel):
    columns: ClassVar[tuple[str, ...]] = _COLUMNS

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Disagreement] = []
        self._labels: dict[int, str] = {}
        self.coder_a, self.coder_b = "A", "B"

    def set_rows(
        self,
        rows: Sequence[Disagreement],
        labels: dict[int, str],
        coder_a: str,
        coder_b: str,
    ) -> None:
        self.beginResetModel()
        self._rows, self._labels = list(rows), dict(labels)
        self.coder_a, self.coder_b = coder_a, coder_b
        self.endResetModel()

    def row_count(self) -> int:
        return len(self._rows)

    def disagreement(self, row: int) -> Disagreement:
        return self._rows[row]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].format(a=self.coder_a, b=self.coder_b)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        d = self._rows[index.row()]
        if role == DisagreementRole:
            return d
        column = index.column()
        if role == SortRole:
            return (
                self._labels.get(int(d.recording_id), ""),
                d.at_ms,
                KINDS.index(d.kind) if d.kind in KINDS else len(KINDS),
                d.code_a,
                d.code_b,
                -1 if d.time_a_ms is None else d.time_a_ms,
                -1 if d.time_b_ms is None else d.time_b_ms,
            )[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                self._labels.get(int(d.recording_id), str(d.recording_id)),
                _time(d.at_ms) if d.end_ms is None else f"{_time(d.at_ms)} – {_time(d.end_ms)}",
                KIND_TEXT.get(d.kind, d.kind).format(a=self.coder_a, b=self.coder_b),
                _code(d.code_a),
                _code(d.code_b),
                _time(d.time_a_ms),
                _time(d.time_b_ms),
            )[column]
        return None


class DisagreementFilter(QSortFilterProxyModel):
    """Shows the kinds the supervisor ticked; sorts on raw values."""

    def __init__(self, source: DisagreementModel) -> None:
        super().__init__()
        self._source = source
        self._kinds: frozenset[str] = frozenset(KINDS)
        self.setSourceModel(source)
        self.setSortRole(SortRole)

    def set_kinds(self, kinds: frozenset[str]) -> None:
        self.beginFilterChange()
        self._kinds = kinds
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        return self._source.disagreement(source_row).kind in self._kinds

    def disagreement_at(self, row: int) -> Disagreement:
        return self._source.disagreement(self.mapToSource(self.index(row, 0)).row())
