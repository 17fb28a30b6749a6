"""A thin Qt table model over one reel's clips, in playing order.

The model never writes: an edited caption or talking point is emitted as `edit_requested`
so the editor runs one clip edit (`services.reels.clip_edits`), which checks the whole reel
again before anything is stored. The table then shows the reel as stored, so what the coach
sees is what exports.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from vfcoach.coding.reels import ClipId, Problem, Reel, ReelClip
from vfcoach.ui.flat_table_model import FlatTableModel

COLUMNS = ("#", "Time", "Caption (caregiver sees)", "Talking point (coach only)", "Length")
CAPTION_COL, TALKING_COL = 2, 3
ClipRole = Qt.ItemDataRole.UserRole + 1  # the backing ReelClip


def _length(clip: ReelClip) -> str:
    text = f"{clip.source_ms / 1000:.1f} s"
    if clip.slow_motion is not None:
        text += f" · {clip.slow_motion:g}× speed"
    if clip.freeze_end_ms:
        text += f" · hold {clip.freeze_end_ms / 1000:g} s"
    return text


_Index = QModelIndex | QPersistentModelIndex


def format_ms(ms: int) -> str:
    """mm:ss.d, the precision a coach reads on the timeline."""
    minutes, rest = divmod(max(0, ms), 60_000)
    return f"{minutes:02d}:{rest / 1000:04.1f}"


class ClipTableModel(FlatTableModel):
    columns = COLUMNS

    edit_requested = Signal(object, str, str)  # clip id, "caption" | "talking_point", text

    def __init__(self) -> None:
        super().__init__()
        self._clips: tuple[ReelClip, ...] = ()
        self._problems: dict[ClipId, list[Problem]] = {}

    # --- content -----------------------------------------------------------------------
    def set_reel(self, reel: Reel | None, problems: tuple[Problem, ...] = ()) -> None:
        self.beginResetModel()
        self._clips = () if reel is None else reel.clips
        self._problems = {}
        for p in problems:
            if p.clip_id is not None:
                self._problems.setdefault(p.clip_id, []).append(p)
        self.endResetModel()

    def clip_at(self, row: int) -> ReelClip | None:
        return self._clips[row] if 0 <= row < len(self._clips) else None

    def overridable(self, row: int) -> list[Problem]:
        """The refusals of this row an override with a reason would lift ([]: none)."""
        clip = self.clip_at(row)
        found = [] if clip is None else self._problems.get(clip.id, [])
        return [p for p in found if p.overridable]

    def row_of(self, clip_id: ClipId) -> int:
        return next((n for n, c in enumerate(self._clips) if c.id == clip_id), -1)

    # --- Qt model ----------------------------------------------------------------------
    def row_count(self) -> int:
        return len(self._clips)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() in (CAPTION_COL, TALKING_COL):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        clip = self.clip_at(index.row()) if index.isValid() else None
        if clip is None:
            return None
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (
                str(index.row() + 1),
                f"{format_ms(clip.start.pts_ms)} – {format_ms(clip.end.pts_ms)}",
                clip.caption,
                clip.talking_point,
                _length(clip),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            found = self._problems.get(clip.id, [])
            return "\n".join(p.message for p in found) or None
        if role == Qt.ItemDataRole.BackgroundRole and clip.id in self._problems:
            bad = any(p.is_error for p in self._problems[clip.id])
            return QBrush(QColor("#f4c7c3" if bad else "#fcefc7"))
        if role == ClipRole:
            return clip
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        clip = self.clip_at(index.row()) if index.isValid() else None
        if clip is None or role != Qt.ItemDataRole.EditRole:
            return False
        field = {CAPTION_COL: "caption", TALKING_COL: "talking_point"}.get(index.column())
        if field is None or str(value) == getattr(clip, field):
            return False
        self.edit_requested.emit(clip.id, field, str(value))
        return True
