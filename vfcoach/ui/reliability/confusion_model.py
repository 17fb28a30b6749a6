"""The agreement (confusion) table as a heatmap: rows coder A, columns coder B.

A supervisor reads a confusion matrix for two things: how much sits on the diagonal and
where the rest goes. Shading each cell by its share of the row (A's category) answers the
second at a glance whatever the prevalence; the diagonal gets a green hue and the
off-diagonal a red one, so agreement reads as agreement even in a grey-scale screenshot
(the diagonal is also bold).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from vfcoach.coding.reliability import NIL, AgreementTable

AnyIndex = QModelIndex | QPersistentModelIndex
TOTAL = "Total"
_AGREE = QColor("#2e7d4f")
_DISAGREE = QColor("#c0392b")
_PAPER = QColor("#ffffff")


def _blend(colour: QColor, share: float) -> QColor:
    """Paper tinted towards `colour`; never fully saturated so the count stays legible."""
    t = 0.08 + 0.62 * max(0.0, min(share, 1.0)) if share > 0 else 0.0
    return QColor(
        round(_PAPER.red() + (colour.red() - _PAPER.red()) * t),
        round(_PAPER.green() + (colour.green() - _PAPER.green()) * t),
        round(_PAPER.blue() + (colour.blue() - _PAPER.blue()) * t),
    )


class ConfusionModel(QAbstractTableModel):
    """Counts of one agreement table plus a total row and column (not shaded)."""

    def __init__(self, coder_a: str = "A", coder_b: str = "B") -> None:
        super().__init__()
        self.coder_a, self.coder_b = coder_a, coder_b
        self._table: AgreementTable | None = None

    def set_table(self, table: AgreementTable | None, coder_a: str, coder_b: str) -> None:
        self.beginResetModel()
        self._table, self.coder_a, self.coder_b = table, coder_a, coder_b
        self.endResetModel()

    @property
    def categories(self) -> tuple[str, ...]:
        return self._table.categories if self._table is not None else ()

    def count(self, row: int, column: int) -> int:
        """A's category `row` against B's category `column`, straight from the table."""
        assert self._table is not None
        return int(self._table.matrix[row, column])

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self._table is None else len(self.categories) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return self.rowCount(parent)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._table is None:
            return None
        return self.categories[section] if section < len(self.categories) else TOTAL

    def _value(self, row: int, column: int) -> int:
        assert self._table is not None
        m, k = self._table.matrix, len(self.categories)
        if row < k and column < k:
            return int(m[row, column])
        if row < k:
            return int(m[row].sum())
        if column < k:
            return int(m[:, column].sum())
        return int(m.sum())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._table is None:
            return None
        row, column, k = index.row(), index.column(), len(self.categories)
        value = self._value(row, column)
        inside = row < k and column < k
        if role == Qt.ItemDataRole.DisplayRole:
            nothing = inside and row == column and self.categories[row] == NIL
            return "—" if nothing else str(value)  # nil–nil: empty by construction
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not inside:
                return QColor("#f1f1ee")
            row_total = int(self._table.matrix[row].sum())
            share = value / row_total if row_total else 0.0
            return _blend(_AGREE if row == column else _DISAGREE, share)
        if role == Qt.ItemDataRole.FontRole and inside and row == column:
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == Qt.ItemDataRole.ToolTipRole and inside:
            a, b = self.categories[row], self.categories[column]
            return f"{self.coder_a} coded {a}, {self.coder_b} coded {b}: {value}"
        return None
