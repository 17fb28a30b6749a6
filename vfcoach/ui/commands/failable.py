"""An undo step whose write can fail, and stepping a `QUndoStack` through such steps.

`QUndoStack` cannot be told that an undo or redo failed: it moves its index anyway, and the
screen would then show as undone (or redone) something the database never changed. Every
command whose step is a database write therefore records `index_moved_wrongly` when its
write fails; `step_stack` sees that and moves the index back through `hold()`, which lets
the stack's next call on the command pass without writing. Annotation edits and the
browser's organise edits both work this way, so the rule lives here once.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack


class FailableCommand(QUndoCommand):
    """Base of undo steps that write: `hold()` and `index_moved_wrongly`, as described above."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._hold = False  # the stack's next undo/redo of this command only moves the index
        self.error: str | None = None  # the plain message of the last failed write
        self.index_moved_wrongly = False

    def hold(self) -> None:
        """Let the stack's next undo or redo of this command move its index without writing."""
        self.index_moved_wrongly = False
        self._hold = True

    def _take_hold(self) -> bool:
        held, self._hold = self._hold, False
        return held


def step_stack(stack: QUndoStack, undo: bool) -> FailableCommand | None:
    """Undo (or redo) one step; a step whose write failed stays where it was. Returns the
    command stepped if its write failed (its `error` says why), else None."""
    at = stack.index() - 1 if undo else stack.index()
    if not 0 <= at < stack.count():
        return None
    command = stack.command(at)
    step, back = (stack.undo, stack.redo) if undo else (stack.redo, stack.undo)
    step()
    if isinstance(command, FailableCommand) and command.index_moved_wrongly:
        command.hold()  # nothing was written: the stack's index goes back too
        back()
        return command
    return None
