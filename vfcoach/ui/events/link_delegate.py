"""Edits an event's link (an ITM's trigger) by choosing among the behaviours before it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.linking import candidates
from vfcoach.ui.events.event_model import AnnotationRole
from vfcoach.ui.stores.annotation_store import AnnotationStore

EDIT_WINDOW_MS = 60_000  # when choosing by hand, offer the last minute of behaviour

AnyIndex = QModelIndex | QPersistentModelIndex


class LinkDelegate(QStyledItemDelegate):
    def __init__(self, store: AnnotationStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        box = QComboBox(parent)
        box.addItem("(no link)", None)
        a = index.data(AnnotationRole)
        scheme = self._store.scheme
        if isinstance(a, Annotation) and scheme is not None and scheme.has(a.code_key):
            code = scheme.code(a.code_key)
            for c in candidates(self._store.annotations(), scheme, code, a.onset, EDIT_WINDOW_MS):
                name = scheme.code(c.code_key).label if scheme.has(c.code_key) else c.code_key
                box.addItem(f"{name} at {format_ms(c.onset.pts_ms)}", c.id)
            if a.trigger is not None:
                box.setCurrentIndex(max(box.findData(a.trigger), 0))
        return box

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
