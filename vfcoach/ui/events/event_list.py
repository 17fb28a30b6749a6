"""The event list: filter by code, sort by any column, jump, edit frames and notes, delete."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import Scheme
from vfcoach.ui.events.code_badge import badge_icon
from vfcoach.ui.events.event_model import (
    COL_LINK,
    COL_START,
    AnnotationFilterProxy,
    AnnotationRole,
    AnnotationTableModel,
)
from vfcoach.ui.events.link_delegate import LinkDelegate


class EventList(QWidget):
    jump_requested = Signal(int)  # frame
    delete_requested = Signal(object)  # tuple[AnnotationId, ...]: every selected event
    selected = Signal(object)  # AnnotationId | None

    def __init__(self, model: AnnotationTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.proxy = AnnotationFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.filter = QComboBox()
        self.filter.addItem("All codes", "")
        self.filter.currentIndexChanged.connect(
            lambda _i: self.proxy.set_code_filter(str(self.filter.currentData() or ""))
        )
        self.count = QLabel("")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip(
            "Delete the selected events (Del); one Ctrl+Z brings them back"
        )
        self.delete_button.clicked.connect(self._delete_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.delete_button)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegateForColumn(COL_LINK, LinkDelegate(model.store, self.table))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_START, Qt.SortOrder.AscendingOrder)  # time order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows (Ctrl/Shift+click): hand-picked moments go to a reel together.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._on_activated)
        self.table.clicked.connect(self._on_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset):
            signal.connect(self._update_count)
        self._update_count()

    def set_scheme(self, scheme: Scheme | None) -> None:
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem("All codes", "")
        for code in scheme.codes if scheme else ():
            self.filter.addItem(badge_icon(code.colour, code.shortcut), code.label, code.key)
        self.filter.blockSignals(False)
        self.proxy.set_code_filter("")

    def _update_count(self) -> None:
        self.count.setText(f"{self.model.rowCount()} events")
        self.delete_button.setEnabled(not self.model.store.read_only)

    def current(self) -> Annotation | None:
        idx = self.table.currentIndex()
        value = idx.data(AnnotationRole) if idx.isValid() else None
        return value if isinstance(value, Annotation) else None

    def chosen(self) -> list[Annotation]:
        """The selected events in the order shown (the current one alone if none is selected)."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        found = [i.data(AnnotationRole) for i in rows]
        chosen = [a for a in found if isinstance(a, Annotation)]
        current = self.current()
        return chosen or ([current] if current is not None else [])

    def add_context_action(self, action: QAction) -> None:
        """An action offered on the events' context menu (it acts on `chosen()`)."""
        self.table.addAction(action)

    def select(self, annotation_id: AnnotationId) -> None:
        row = self.model.row_of(annotation_id)
        if row < 0:
            return
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        if idx.isValid():
            self.table.selectRow(idx.row())
            self.table.scrollTo(idx)

    def _on_activated(self, index: QModelIndex) -> None:
        a = index.data(AnnotationRole)
        if isinstance(a, Annotation):
            self.jump_requested.emit(a.onset.frame)

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        a = self.current()
        self.selected.emit(a.id if a else None)

    def _delete_selected(self) -> None:
        ids = tuple(a.id for a in self.chosen())
        if ids:
            self.delete_requested.emit(ids)
