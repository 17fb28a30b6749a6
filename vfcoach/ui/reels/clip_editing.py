"""The reel editor's clip edits: one reel operation per thing the coach does to a clip.

Split from `reel_editor.py` so the dialog keeps to building and wiring its widgets. Every
edit runs one operation of `services/reels/clip_edits.py` (or the override) as the coder at
work, shows a refusal inline with its reason, and re-shows the reel as stored afterwards;
no rule lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels import ClipId, Problem, Reel, ReelId, ReelRefused
from vfcoach.services.access import Actor
from vfcoach.services.reels import clip_edits
from vfcoach.services.reels.clips import ReelResult
from vfcoach.services.reels.override import OverrideClipOperation
from vfcoach.storage.errors import EditConflict
from vfcoach.ui.reels.override_dialog import OverrideDialog

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QTableView

    from vfcoach.storage.database import Database
    from vfcoach.ui.reels.clip_preview import ClipPreview
    from vfcoach.ui.reels.clip_table_model import ClipTableModel


def describe(problem: Problem) -> str:
    """One line a coach can act on; a refusal says it never reaches a caregiver."""
    prefix = "Not for caregivers: " if problem.is_error else "Note: "
    message = problem.message
    if message.lower().startswith(prefix.lower()):  # the rule already says so
        message = message[len(prefix) :]
    return prefix + message


FREEZE_MS = 2000


class ClipEditing:
    """Mixed into `ReelEditorDialog`, which owns the attributes declared here."""

    db: Database
    actor: Actor  # who edits: the window's acting person
    reel: Reel | None
    table: QTableView
    model: ClipTableModel
    problems: QLabel
    preview: ClipPreview
    override_dialog: OverrideDialog | None

    def refresh_reels(self, select: ReelId | None = None, load: bool = True) -> None:
        raise NotImplementedError

    def _show(self, reel: Reel | None, problems: tuple[Problem, ...], row: int = -1) -> None:
        raise NotImplementedError

    # --- clips -------------------------------------------------------------------------
    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _attempt(self, run: Callable[[], ReelResult]) -> ReelResult | None:
        """Run one reel operation; show a refusal or an error inline instead of raising."""
        try:
            return run()
        except EditConflict as exc:  # saved elsewhere meanwhile: show what is stored now
            if self.reel is not None and self.reel.id is not None:
                self.refresh_reels(select=self.reel.id)
            self.problems.setText(f"Not saved: {exc}")
        except ReelRefused as refused:
            self.problems.setText("\n".join(describe(p) for p in refused.problems))
        except VfcoachError as exc:
            self.problems.setText(str(exc))
        return None

    def _update(
        self, row_after: int, edit: type[clip_edits.ClipEdit], clip_id: ClipId, *how: Any, **kw: Any
    ) -> None:
        """Run one clip edit (`clip_edits`: one operation per intent) as the coder at work."""
        if self.reel is None or self.reel.id is None:
            return
        reel_id = self.reel.id
        seen = self.reel.revision
        op = edit(self.db, reel_id, clip_id, *how, actor=self.actor, seen_revision=seen, **kw)
        result = self._attempt(op.run)
        if result is not None:
            self.refresh_reels(select=reel_id, load=False)
            self._show(result.reel, result.warnings, row_after)

    def _on_edit(self, clip_id: ClipId, field: str, text: str) -> None:
        row = self.model.row_of(clip_id)
        self._update(row, clip_edits.EditClipTextOperation, clip_id, **{field: text})

    def move_clip(self, delta: int) -> None:
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is None or not 0 <= row + delta < self.model.rowCount():
            return
        self._update(row + delta, clip_edits.MoveClipOperation, clip.id, row + delta)

    def remove(self) -> None:
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is not None:
            after = min(row, self.model.rowCount() - 2)
            self._update(after, clip_edits.RemoveClipOperation, clip.id)

    def trim(self, edge: str, frames: int) -> None:
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is None:
            return
        side = "start" if edge == "start" else "end"
        to = getattr(clip, side).frame + frames
        self._update(row, clip_edits.TrimClipOperation, clip.id, **{f"{side}_frame": to})
        trimmed = self.model.clip_at(self.current_row())
        if trimmed is not None:
            self.preview.show_clip(trimmed, edge)  # the frame the clip now starts or ends on

    def ask_override(self) -> None:
        """Ask why the selected refused clip should stay; the answer runs the override."""
        row = self.current_row()
        refusals = self.model.overridable(row)
        if self.reel is None or self.reel.id is None or not refusals:
            return
        reel_id = self.reel.id
        dialog = OverrideDialog(row + 1, "; ".join(p.message for p in refusals), self)  # type: ignore[arg-type]
        dialog.accepted.connect(lambda: self._override(reel_id, row, dialog.reason))
        self.override_dialog = dialog  # kept referenced until the next one (never deleteLater)
        dialog.open()

    def _override(self, reel_id: ReelId, row: int, reason: str) -> None:
        op = OverrideClipOperation(self.db, reel_id, row + 1, reason, self.actor)
        result = self._attempt(op.run)
        if result is not None:
            self.refresh_reels(select=reel_id, load=False)
            self._show(result.reel, result.warnings, row)

    def toggle_slow_motion(self) -> None:
        """Half speed for a moment worth watching twice; the export keeps its sound, pitch kept."""
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is None:
            return
        speed = 0.5 if clip.slow_motion is None else None  # None: normal speed again
        self._update(row, clip_edits.SetClipSpeedOperation, clip.id, speed)

    def toggle_freeze(self) -> None:
        """Hold the clip's last picture, so the caregiver can take it in before the next one."""
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is not None:
            held = 0 if clip.freeze_end_ms else FREEZE_MS
            self._update(row, clip_edits.SetClipFreezeOperation, clip.id, held)
