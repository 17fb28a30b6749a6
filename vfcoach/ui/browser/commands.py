"""Undoable browser edits: rename a family, edit a visit, move or archive a recording.

Each step is one service call (its own transaction and audit row); undo is the same call
with the value the first step replaced, so it passes the same checks (a code taken since is
refused, not overwritten). As with annotation edits, nothing unsaved may look saved: a
first step that fails makes the command obsolete, so the stack drops it; an undo or redo
that fails sets `index_moved_wrongly`, and `BrowserPanel` moves the stack's index back with
`hold()`, since `QUndoStack` itself cannot be told a step failed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from vfcoach.coding.errors import VfcoachError
from vfcoach.ui.commands.failable import FailableCommand

T = TypeVar("T")


class OrganiseCommand(FailableCommand, Generic[T]):
    """`forward()` makes the change and returns what it replaced; `backward(that)` undoes."""

    def __init__(
        self,
        text: str,
        forward: Callable[[], T],
        backward: Callable[[T], object],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(text)
        self._forward, self._backward, self._report = forward, backward, report
        self._before: T | None = None
        self._done_once = False

    def redo(self) -> None:
        if self._take_hold():
            return
        try:
            before = self._forward()
        except VfcoachError as exc:
            self._failed("Not changed" if not self._done_once else "Redo not applied", exc)
            if not self._done_once:
                self.setObsolete(True)
            else:
                self.index_moved_wrongly = True
            return
        if not self._done_once:
            self._before, self._done_once = before, True

    def undo(self) -> None:
        if self._take_hold():
            return
        try:
            self._backward(self._before)  # type: ignore[arg-type]  # set by the first redo
        except VfcoachError as exc:
            self._failed("Undo not applied", exc)
            self.index_moved_wrongly = True

    def _failed(self, what: str, exc: VfcoachError) -> None:
        self.error = f"{what}: {exc}"
        self._report(self.error)
