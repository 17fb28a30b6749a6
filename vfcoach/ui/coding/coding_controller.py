"""Turns coding intents (a code key, a digit, a delete, an edited frame) into undoable edits.

The controller asks the player for the frame on screen, asks the pure rules what the intent
means (`place_code`), and pushes one command per intent. It never touches a widget: views
follow the store's signals, and messages go out through `message`. An edit that could not be
saved goes out through `save_failed` instead, with what was not saved and why; undo and redo
go through here too, so a failed one leaves the stack where it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.itm_suggest import suggested_values
from vfcoach.coding.placing import open_states, place_code
from vfcoach.coding.stretches import StretchOverlap, check_change
from vfcoach.ui.coding.modifier_prompt import ModifierPrompt
from vfcoach.ui.commands.annotation_commands import (
    AnswerCommand,
    ApplyChangeCommand,
    NudgeCommand,
    PlaceCodeCommand,
)
from vfcoach.ui.commands.failable import step_stack
from vfcoach.ui.events.event_model import COL_END_FRAME, COL_FRAME, COL_LINK, COL_NOTE
from vfcoach.ui.player.player_controller import PlayerController
from vfcoach.ui.stores.annotation_store import AnnotationStore


class CodingController(QObject):
    message = Signal(str)
    save_failed = Signal(str)  # plain: what was not saved, and why
    prompt_changed = Signal(str)
    open_states_changed = Signal(set)
    annotation_placed = Signal(object)  # AnnotationId of the newest annotation
    refused = Signal(str)  # an edit the rules refused (nothing changed), in plain words

    def __init__(
        self, store: AnnotationStore, player: PlayerController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.player = player
        self.undo_stack = QUndoStack(self)
        self._prompt: ModifierPrompt | None = None
        self.last_placed: AnnotationId | None = None
        store.reset.connect(self._on_reset)
        store.annotations_changed.connect(lambda _c: self._emit_open_states())

    # --- placing codes -----------------------------------------------------------------
    def on_code_key(self, shortcut: str) -> bool:
        scheme, cpass = self.store.scheme, self.store.coding_pass
        if scheme is None or cpass is None or self.store.read_only or not self.player.loaded:
            return False  # the window says why (nothing open, or not started coding)
        code = scheme.by_shortcut(shortcut)
        if code is None:
            return False
        if not cpass.editable:
            self.message.emit("This coding pass is submitted; it can no longer be changed.")
            return True
        at = self.player.current_moment()
        try:
            change = place_code(self.store.annotations(), scheme, code, cpass.id, at)
        except StretchOverlap as exc:  # refused: nothing changes, the coach is told why
            self.message.emit(str(exc))
            self.refused.emit(str(exc))
            return True
        if not self._push(PlaceCodeCommand(self.store, change)):
            return True
        self.message.emit(change.description)
        if change.added:
            placed = change.added[0]
            self.last_placed = placed.id
            self.annotation_placed.emit(placed.id)
            self._start_prompt(placed)
        return True

    def _start_prompt(self, placed: Annotation) -> None:
        scheme = self.store.scheme
        assert scheme is not None
        code = scheme.code(placed.code_key)
        trigger = self.store.get(placed.trigger) if placed.trigger else None
        suggestions = suggested_values(scheme, code, trigger.code_key if trigger else None)
        prompt = ModifierPrompt(placed, code, suggestions)
        self._prompt = None if prompt.done else prompt
        self.prompt_changed.emit("" if self._prompt is None else self._prompt.text())

    @property
    def prompting(self) -> bool:
        return self._prompt is not None

    def on_digit(self, digit: int) -> bool:
        """Answer the current modifier question; False when no question is open."""
        prompt = self._prompt
        if prompt is None:
            return False
        self._store_modifier(prompt, prompt.press(digit))
        return True

    def on_enter(self) -> bool:
        """Accept the suggested value (or finish a set) and move to the next question."""
        prompt = self._prompt
        if prompt is None:
            return False
        self._store_modifier(prompt, prompt.accept())
        return True

    def _store_modifier(self, prompt: ModifierPrompt, picked: tuple[str, str] | None) -> None:
        current = self.store.get(prompt.annotation.id)
        if picked is not None and current is not None:
            name, value = picked
            after = current.with_modifier(name, value or None)
            if after != current:
                mod = prompt.current_def(name)
                shown = mod.title if mod else name
                said = (mod.value_label(value) if mod else value) if value else "-"
                change = AnnotationChange(
                    updated=((current, after),), description=f"{shown}: {said}"
                )
                if not self._push(AnswerCommand(self.store, change)):
                    prompt.step_back()  # not saved: the same question is asked again
                    self.prompt_changed.emit(prompt.text())
                    return
        if prompt.done:
            self.end_prompt()
        else:
            self.prompt_changed.emit(prompt.text())

    def end_prompt(self) -> None:
        self._prompt = None
        self.prompt_changed.emit("")

    # --- editing -----------------------------------------------------------------------
    def delete(self, annotation_id: AnnotationId) -> None:
        self.delete_many((annotation_id,))

    def delete_many(self, annotation_ids: Sequence[AnnotationId]) -> None:
        """One undoable step, so a single Ctrl+Z brings every deleted event back."""
        found = (self.store.get(i) for i in dict.fromkeys(annotation_ids))
        removed = tuple(a for a in found if a is not None)
        if not removed:
            return
        first = removed[0]
        description = (
            f"Delete {self._name(first)} at {format_ms(first.onset.pts_ms)}"
            if len(removed) == 1
            else f"Delete {len(removed)} events"
        )
        self._push(
            ApplyChangeCommand(
                self.store, AnnotationChange(removed=removed, description=description)
            )
        )

    def set_note(self, annotation_id: AnnotationId, note: str) -> None:
        a = self.store.get(annotation_id)
        if a is not None and a.note != note:
            self._push(
                ApplyChangeCommand(
                    self.store,
                    AnnotationChange(
                        updated=((a, replace(a, note=note)),),
                        description=f"Note on {self._name(a)}",
                    ),
                )
            )

    def set_trigger(self, annotation_id: AnnotationId, trigger: AnnotationId | None) -> None:
        """Link an ITM to the behaviour it comments on (or unlink it)."""
        a = self.store.get(annotation_id)
        if a is None or a.trigger == trigger or trigger == annotation_id:
            return
        self._push(
            ApplyChangeCommand(
                self.store,
                AnnotationChange(
                    updated=((a, replace(a, trigger=trigger)),), description=f"Link {self._name(a)}"
                ),
            )
        )

    def nudge(self, annotation_id: AnnotationId, frames: int) -> None:
        """Move an annotation's onset by whole frames (its offset moves with it)."""
        a, fmap = self.store.get(annotation_id), self.player.frame_map
        if a is None or fmap is None:
            return
        try:
            onset = fmap.moment(a.onset.frame + frames)
            offset = None if a.offset is None else fmap.moment(a.offset.frame + frames)
        except VfcoachError:
            return
        after = replace(a, onset=onset, offset=offset)
        self._push(
            NudgeCommand(
                self.store,
                AnnotationChange(updated=((a, after),), description=f"Move {self._name(a)}"),
            )
        )

    def edit(self, a: Annotation, column: int, value: object) -> None:
        """An edit typed in the event list: frames for start/end, text for the note."""
        current = self.store.get(a.id)
        fmap = self.player.frame_map
        if current is None:
            return
        if column == COL_NOTE:
            self.set_note(a.id, str(value))
            return
        if column == COL_LINK:
            if value is None:
                self.set_trigger(a.id, None)
            elif isinstance(value, uuid.UUID) and self.store.get(AnnotationId(value)) is not None:
                self.set_trigger(a.id, AnnotationId(value))
            return
        if fmap is None or not isinstance(value, int):
            return
        try:
            if column == COL_FRAME:
                after = replace(current, onset=fmap.moment(value))
            elif column == COL_END_FRAME and current.offset is not None:
                after = replace(current, offset=fmap.moment(value))
            else:
                return
        except VfcoachError as exc:
            self.message.emit(str(exc))
            return
        self._push(
            ApplyChangeCommand(
                self.store,
                AnnotationChange(
                    updated=((current, after),), description=f"Edit {self._name(current)} frames"
                ),
            )
        )

    # --- undo and redo -------------------------------------------------------------------
    def undo(self) -> None:
        """Ctrl+Z: undo one step; if its write fails, the step stays done and undoable."""
        self.end_prompt()
        self._step(undo=True)

    def redo(self) -> None:
        """Redo one step; if its write fails, the step stays undone and redoable."""
        self.end_prompt()
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        failed = step_stack(self.undo_stack, undo)
        if failed is not None:
            self._failed(failed.error or "Not saved")

    # --- plumbing ----------------------------------------------------------------------
    def _name(self, a: Annotation) -> str:
        """A code's plain name for undo texts and messages ("Delight"), its key if unknown."""
        scheme = self.store.scheme
        return scheme.code(a.code_key).label if scheme and scheme.has(a.code_key) else a.code_key

    def _push(self, command: ApplyChangeCommand) -> bool:
        if self.store.read_only:  # someone else's codes: said plainly, nothing pushed
            self.message.emit("These codes are another coder's and read only; nothing changed.")
            return False
        scheme = self.store.scheme
        if scheme is not None and not isinstance(command, AnswerCommand):
            try:  # an edited frame or a nudge keeps the stretch rule the keys keep
                check_change(self.store.annotations(), scheme, command.change)
            except StretchOverlap as exc:
                self.message.emit(str(exc))
                self.refused.emit(str(exc))
                return False
        self.undo_stack.push(command)
        if command.error:
            self._failed(command.error)
            return False
        return True

    def _failed(self, text: str) -> None:
        self.save_failed.emit(text)

    def _on_reset(self) -> None:
        self.undo_stack.clear()
        self.end_prompt()
        self._emit_open_states()

    def _emit_open_states(self) -> None:
        scheme = self.store.scheme
        keys = (
            {a.code_key for a in open_states(self.store.annotations(), scheme)} if scheme else set()
        )
        self.open_states_changed.emit(keys)
