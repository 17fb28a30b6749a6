"""Undoable annotation edits: one command per intent, each step one transaction.

Undo applies the exact inverse change in its own transaction, and because annotation ids are
minted in the domain, redo after undo rewrites the same rows. The command keeps the change
as the store last wrote it (versions included), since that is what its undo must name for
the compare-and-set to pass.

Nothing unsaved may look saved. A change whose first write fails marks its command
obsolete, so `QUndoStack.push` drops it instead of stacking a lie. An undo or redo whose
write fails cannot be refused by `QUndoStack`, which moves its index anyway; the command
then records `index_moved_wrongly`, and `CodingController` moves the index back through
`hold()`, which lets the stack's next call on this command pass without writing.

A placed code and the modifier answers typed right after it (`M`, Enter, 1, 1) are one
intent: each answer is saved as it is typed, but merges into the placing command, so one
Ctrl+Z removes the comment with all its answers in one transaction.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QUndoCommand

from vfcoach.coding.changes import AnnotationChange, compose
from vfcoach.coding.errors import VfcoachError
from vfcoach.ui.commands.failable import FailableCommand
from vfcoach.ui.stores.annotation_store import AnnotationStore

log = logging.getLogger(__name__)

NOT_SAVED, UNDO_FAILED, REDO_FAILED = "Not saved", "Undo not applied", "Redo not applied"


class ApplyChangeCommand(FailableCommand):
    """Place, edit, or delete annotations: whatever the change says, with its exact inverse."""

    def __init__(self, store: AnnotationStore, change: AnnotationChange) -> None:
        super().__init__(change.description or "Edit annotations")
        self._store = store
        self._change = change
        self._on_stack = False  # the first redo (inside push) has succeeded

    @property
    def change(self) -> AnnotationChange:
        """The change as last written, versions included."""
        return self._change

    def redo(self) -> None:
        if self._take_hold():
            return
        applied = self._run(self._change, REDO_FAILED if self._on_stack else NOT_SAVED)
        if applied is not None:
            self._change = applied
            self._on_stack = True
        elif not self._on_stack:
            self.setObsolete(True)
        else:
            self.index_moved_wrongly = True

    def undo(self) -> None:
        if self._take_hold():
            return
        applied = self._run(self._change.inverse(), UNDO_FAILED)
        if applied is not None:
            self._change = applied.inverse()
        else:
            self.index_moved_wrongly = True

    def _run(self, change: AnnotationChange, failed: str) -> AnnotationChange | None:
        self.error = None
        try:
            return self._store.apply(change)
        except VfcoachError as exc:
            reason = str(exc)
        except Exception:  # a bug must not leave an unsaved edit looking saved either
            log.exception("edit failed unexpectedly")
            reason = "an unexpected error occurred (details are in the log)"
        self.error = f"{failed}: {self.text()} — {reason}"
        log.warning("%s: %s", failed, reason)
        return None


NUDGE_ID = 0x4E55
PLACE_ID = 0x504C


class PlaceCodeCommand(ApplyChangeCommand):
    """A code key: the annotation it adds (and any state it ends) plus the answers that follow."""

    def id(self) -> int:
        return PLACE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, AnswerCommand) or other.error or self.error:
            return False
        if other.annotation_id not in {a.id for a in self._change.added}:
            return False
        self._change = compose(self._change, other.change)
        return True


class AnswerCommand(ApplyChangeCommand):
    """One modifier answer of the annotation just placed; it merges into the placing step."""

    def id(self) -> int:
        return PLACE_ID

    @property
    def annotation_id(self) -> object:
        (pair,) = self._change.updated
        return pair[1].id


class NudgeCommand(ApplyChangeCommand):
    """Moving one annotation a frame at a time; consecutive nudges of it undo as one."""

    def id(self) -> int:
        return NUDGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NudgeCommand) or other.error or self.error:
            return False
        mine, theirs = self._change.updated, other.change.updated
        if len(mine) != 1 or len(theirs) != 1 or mine[0][1].id != theirs[0][0].id:
            return False
        self._change = compose(self._change, other.change)
        return True
