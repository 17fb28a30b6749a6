"""The "Disagreements" tab: the list, a filter by kind, and the keys that walk through it.

Moving the selection (click, Up, Down) takes the video there at once, because walking
through disagreements one after another is the whole job; Enter takes it there again
(after the supervisor let it play on), so the moment can be replayed without the mouse.
A line above the list names the recording the disagreements are on (or, for several, the
one of the selected row), so nobody reads one visit's list against another's video.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.services.reliability.irr import Disagreement, IrrResult
from vfcoach.ui.reliability.disagreement_model import (
    KINDS,
    DisagreementFilter,
    DisagreementModel,
)
from vfcoach.ui.reliability.navigator import PRE_ROLL_MS


class DisagreementPanel(QWidget):
    chosen = Signal(object)  # Disagreement

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DisagreementModel()
        self.proxy = DisagreementFilter(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # The operation's order (recording, then time) until a column header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self._enter: list[QShortcut] = []
        for key in ("Return", "Enter"):
            sc = QShortcut(QKeySequence(key), self.table)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.jump_again)
            self._enter.append(sc)

        self.kind_boxes: dict[str, QCheckBox] = {}
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        for kind in KINDS:
            box = QCheckBox(kind)
            box.setChecked(True)
            box.toggled.connect(self._on_filter)
            self.kind_boxes[kind] = box
            filters.addWidget(box)
        filters.addStretch(1)
        self.count = QLabel("")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        filters.addWidget(self.count)
        self.recording = QLabel("")
        self.recording.setTextFormat(Qt.TextFormat.PlainText)
        self.recording.setWordWrap(True)
        self.recording.setStyleSheet("font-weight: bold;")
        self._labels: dict[int, str] = {}
        hint = QLabel(
            f"Click a row (or use Up/Down) to see it on the video, from {PRE_ROLL_MS / 1000:g} s "
            "before it; Enter jumps there again. Both coders' lanes are shown on the timeline, "
            "A above B for each code."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.recording)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def show_result(self, result: IrrResult | None) -> None:
        if result is None:
            self._labels = {}
            self.model.set_rows([], {}, "A", "B")
            self.recording.setText("")
        else:
            labels = {int(r.recording_id): r.label for r in result.recordings}
            self._labels = labels
            self.model.set_rows(result.disagreements, labels, result.coder_a, result.coder_b)
            self.table.setColumnHidden(0, len(result.recordings) < 2)
            self.recording.setText(self._heading(result.coder_a, result.coder_b))
        self._update_count()

    def _heading(self, coder_a: str, coder_b: str, current: Disagreement | None = None) -> str:
        """Which recording the list is about: the only one, or the selected row's."""
        who = f"{coder_a} (A) and {coder_b} (B)"
        if len(self._labels) == 1:
            return f"Recording: {next(iter(self._labels.values()))} · {who}"
        if current is not None and int(current.recording_id) in self._labels:
            return f"Recording of the selected row: {self._labels[int(current.recording_id)]}"
        return f"{len(self._labels)} recordings ({who}): the first column says which"

    def select_row(self, row: int) -> None:
        """Select the `row`-th disagreement as listed now (sorted, filtered)."""
        self.table.setFocus()
        self.table.selectRow(row)

    def current(self) -> Disagreement | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.disagreement_at(rows[0].row()) if rows else None

    def jump_again(self) -> None:
        d = self.current()
        if d is not None:
            self.chosen.emit(d)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes: list[QModelIndex] = selected.indexes()
        if indexes:
            d = self.proxy.disagreement_at(indexes[0].row())
            if len(self._labels) > 1:
                self.recording.setText(self._heading("", "", d))
            self.chosen.emit(d)

    def _on_filter(self) -> None:
        self.proxy.set_kinds(frozenset(k for k, box in self.kind_boxes.items() if box.isChecked()))
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{shown} of {total} disagreement(s)" if total else "no disagreements")
