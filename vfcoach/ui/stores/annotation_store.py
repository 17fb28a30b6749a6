"""The annotations of the pass being coded, kept in memory and written through on every edit.

Each `apply` is its own committed transaction: there is no Save button, and a crash loses at
most the keypress in flight. Views never open a database session; they listen to
`annotations_changed` and redraw what the change touched.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from vfcoach.coding.annotation import Annotation, CodingPass
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import Scheme
from vfcoach.storage.database import Database

log = logging.getLogger(__name__)


class AnnotationStore(QObject):
    """One coder's annotations of one recording (a coding pass)."""

    annotations_changed = Signal(object)  # AnnotationChange
    reset = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pass: CodingPass | None = None
        self._scheme: Scheme | None = None
        self._items: dict[AnnotationId, Annotation] = {}

    @property
    def coding_pass(self) -> CodingPass | None:
        return self._pass

    @property
    def scheme(self) -> Scheme | None:
        return self._scheme

    def load(self, coding_pass: CodingPass | None, scheme: Scheme | None) -> None:
        """Switch to another pass (or to none), reading its annotations once."""
        self._pass, self._scheme = coding_pass, scheme
        self._items = {}
        if coding_pass is not None:
            with self._db.uow() as uow:
                self._items = {a.id: a for a in uow.annotations.for_pass(coding_pass.id)}
        self.reset.emit()

    def annotations(self) -> list[Annotation]:
        return sorted(self._items.values(), key=Annotation.sort_key)

    def get(self, annotation_id: AnnotationId) -> Annotation | None:
        return self._items.get(annotation_id)

    def apply(self, change: AnnotationChange) -> None:
        """Commit the change, then update memory and tell the views; raises if the commit fails."""
        if change.empty:
            return
        with self._db.uow() as uow:
            uow.annotations.apply(change)
            uow.commit()
        for a in change.removed:
            self._items.pop(a.id, None)
        for _before, after in change.updated:
            self._items[after.id] = after
        for a in change.added:
            self._items[a.id] = a
        log.debug("applied %s", change.description)
        self.annotations_changed.emit(change)
