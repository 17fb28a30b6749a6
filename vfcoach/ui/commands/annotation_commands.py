"""Undoable annotation edits.

Undo applies the exact inverse change in its own transaction, and because annotation ids are
minted in the domain, redo after undo rewrites the same rows. A change whose commit fails
marks its command obsolete, so `QUndoStack.push` drops it instead of stacking a lie.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QUndoCommand

from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.errors import VfcoachError
from vfcoach.ui.stores.annotation_store import AnnotationStore

log = logging.getLogger(__name__)


class ApplyChangeCommand(QUndoCommand):
    """Place, edit, or delete annotations: whatever the change says, with its exact inverse."""

    def __init__(self, store: AnnotationStore, change: AnnotationChange) -> None:
        super().__init__(change.description or "Edit annotations")
        self._store = store
        self._change = change
        self.error: str | None = None

    def redo(self) -> None:
        self._run(self._change)

    def undo(self) -> None:
        self._run(self._change.inverse())

    def _run(self, change: AnnotationChange) -> None:
        try:
            self._store.apply(change)
        except VfcoachError as exc:
            self.error = str(exc)
            log.warning("edit not saved: %s", exc)
            self.setObsolete(True)


NUDGE_ID = 0x4E55


class NudgeCommand(ApplyChangeCommand):
    """Moving one annotation a frame at a time; consecutive nudges of it undo as one."""

    def id(self) -> int:
        return NUDGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NudgeCommand) or other.error or self.error:
            return False
        mine, theirs = self._change.updated, other._change.updated
        if len(mine) != 1 or len(theirs) != 1 or mine[0][1].id != theirs[0][0].id:
            return False
        self._change = AnnotationChange(
            updated=((mine[0][0], theirs[0][1]),), description=self._change.description
        )
        return True
