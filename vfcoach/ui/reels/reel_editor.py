"""The reel editor: pick or suggest a visit's reel, edit its clips, export, show it.

Every edit goes through the reel operations (`ui/operations/reels.py`), which check the whole
reel against the stored evidence before writing, so the editor holds no rule of its own: it
shows the reel as stored, and a refusal inline with its reason. Export runs on the
`OperationRunner` (progress and Cancel) from immutable inputs; the caregiver window is then
built from the rendered file and the captions only.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.cancel import CancelToken
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import VisitId
from vfcoach.coding.reels import ClipId, Problem, Reel, ReelId, ReelRefused
from vfcoach.storage.database import Database
from vfcoach.ui.operations.export_reel import ExportReelOperation
from vfcoach.ui.operations.reels import CreateReelOperation, ReelResult, UpdateClipOperation
from vfcoach.ui.present.caregiver_window import Caption, CaregiverWindow
from vfcoach.ui.reels.clip_table_model import ClipTableModel
from vfcoach.ui.runner import OperationRunner
from vfcoach.video.export import ExportOptions, ExportReport
from vfcoach.video.export.spec import Mode


def describe(problem: Problem) -> str:
    """One line a coach can act on; a refusal says it never reaches a caregiver."""
    prefix = "Not for caregivers: " if problem.is_error else "Note: "
    message = problem.message
    if message.lower().startswith(prefix.lower()):  # the rule already says so
        message = message[len(prefix) :]
    return prefix + message


FREEZE_MS = 2000


class ReelEditorDialog(QDialog):
    def __init__(
        self,
        db: Database,
        visit_id: VisitId,
        coder_name: str,
        parent: QWidget | None = None,
        executor: Executor | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.visit_id, self.coder_name = db, visit_id, coder_name
        self.setWindowTitle("Highlight reels")
        self.resize(1100, 600)
        self.runner = OperationRunner(executor, self)
        self.reel: Reel | None = None
        self.last_export: ExportReport | None = None
        self.caregiver: CaregiverWindow | None = None
        self._exported_captions: list[Caption] = []
        self._export_clips: tuple[str, ...] = ()
        self._export_token: CancelToken | None = None

        self.reels = QListWidget()
        self.reels.currentItemChanged.connect(self._on_reel_chosen)
        self.suggest_button = QPushButton("Suggest a new reel")
        self.suggest_button.clicked.connect(self.suggest)
        self.model = ClipTableModel()
        # Queued: the stored reel replaces the model's rows, which must not happen inside
        # the delegate's setData call that is still using them.
        self.model.edit_requested.connect(self._on_edit, Qt.ConnectionType.QueuedConnection)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setColumnWidth(2, 340)
        self.table.setColumnWidth(3, 260)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mode = QComboBox()
        self.mode.addItem("Exact cuts", "exact")
        self.mode.addItem("Fast (cuts at keyframes)", "fast")
        self.captions = QComboBox()
        self.captions.addItem("Captions in the picture", "burn")
        self.captions.addItem("Captions as subtitles", "subtitles")
        self.captions.addItem("No captions", "none")
        self.title = QLineEdit()
        self.title.setPlaceholderText("Title card (optional)")
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self._ask_export)
        self.export_status = QLabel("")
        self.export_status.setWordWrap(True)
        self.show_button = QPushButton("Show to caregiver")
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self.show_to_caregiver)
        self.pin = QLineEdit()
        self.pin.setPlaceholderText("PIN to leave (optional)")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaximumWidth(180)
        self._build_layout()
        self.refresh_reels()

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel("Reels of this visit"))
        left.addWidget(self.reels, 1)
        left.addWidget(self.suggest_button)
        edits = QGridLayout()
        self.edit_buttons: dict[str, QPushButton] = {}
        specs: list[tuple[str, Callable[[], None]]] = [
            ("Move up", lambda: self.move_clip(-1)),
            ("Move down", lambda: self.move_clip(1)),
            ("Remove", self.remove),
            ("Start −1 frame", lambda: self.trim("start", -1)),
            ("Start +1 frame", lambda: self.trim("start", 1)),
            ("End −1 frame", lambda: self.trim("end", -1)),
            ("End +1 frame", lambda: self.trim("end", 1)),
            ("Slow motion on/off", self.toggle_slow_motion),
            ("Hold last frame 2 s on/off", self.toggle_freeze),
        ]
        for n, (text, slot) in enumerate(specs):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.edit_buttons[text] = button
            edits.addWidget(button, n // 4, n % 4)
        bottom = QHBoxLayout()
        bottom.addWidget(self.mode)
        bottom.addWidget(self.captions)
        bottom.addWidget(self.title)
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.export_status, 1)
        bottom.addWidget(self.pin)
        bottom.addWidget(self.show_button)
        right = QVBoxLayout()
        right.addWidget(self.table, 1)
        right.addLayout(edits)
        right.addWidget(self.problems)
        right.addLayout(bottom)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 4)

    # --- reels -------------------------------------------------------------------------
    def refresh_reels(self, select: ReelId | None = None, load: bool = True) -> None:
        """Relist the visit's reels; `load=False` when the caller shows a fresher result."""
        with self.db.uow() as uow:
            stored = uow.reels.list_for_visit(self.visit_id)
        self.reels.blockSignals(True)
        self.reels.clear()
        for reel in stored:
            item = QListWidgetItem(f"{reel.title} ({len(reel.clips)} clips)")
            item.setData(Qt.ItemDataRole.UserRole, reel.id)
            self.reels.addItem(item)
        wanted = select if select is not None else (self.reel.id if self.reel else None)
        rows = [self.reels.item(n).data(Qt.ItemDataRole.UserRole) for n in range(len(stored))]
        row = rows.index(wanted) if wanted in rows else (0 if rows else -1)
        self.reels.setCurrentRow(row)
        self.reels.blockSignals(False)
        if load:
            self._on_reel_chosen(self.reels.currentItem())

    def _on_reel_chosen(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            self._show(None, ())
            return
        with self.db.uow() as uow:
            reel = uow.reels.get(ReelId(item.data(Qt.ItemDataRole.UserRole)))
        self._show(reel, ())

    def _show(self, reel: Reel | None, problems: tuple[Problem, ...], row: int = -1) -> None:
        self.reel = reel
        self.model.set_reel(reel, problems)
        self.problems.setText("\n".join(describe(p) for p in problems))
        if row >= 0:
            self.table.selectRow(row)

    def suggest(self) -> None:
        op = CreateReelOperation(self.db, self.visit_id, coder_name=self.coder_name,
                                 created_by=self.coder_name)  # fmt: skip
        result = self._attempt(op.run)
        if result is not None:
            self.refresh_reels(select=result.reel.id, load=False)
            self._show(result.reel, result.warnings)

    # --- clips -------------------------------------------------------------------------
    def current_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _attempt(self, run: Callable[[], ReelResult]) -> ReelResult | None:
        """Run one reel operation; show a refusal or an error inline instead of raising."""
        try:
            return run()
        except ReelRefused as refused:
            self.problems.setText("\n".join(describe(p) for p in refused.problems))
        except VfcoachError as exc:
            self.problems.setText(str(exc))
        return None

    def _update(self, clip_id: ClipId, row_after: int, **changes: object) -> None:
        if self.reel is None or self.reel.id is None:
            return
        reel_id = self.reel.id
        op = UpdateClipOperation(self.db, reel_id, clip_id, actor=self.coder_name,
                                 **changes)  # type: ignore[arg-type]  # fmt: skip
        result = self._attempt(op.run)
        if result is not None:
            self.refresh_reels(select=reel_id, load=False)
            self._show(result.reel, result.warnings, row_after)

    def _on_edit(self, clip_id: ClipId, field: str, text: str) -> None:
        self._update(clip_id, self.model.row_of(clip_id), **{field: text})

    def move_clip(self, delta: int) -> None:
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is None or not 0 <= row + delta < self.model.rowCount():
            return
        self._update(clip.id, row + delta, position=row + delta)

    def remove(self) -> None:
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is not None:
            self._update(clip.id, min(row, self.model.rowCount() - 2), remove=True)

    def trim(self, edge: str, frames: int) -> None:
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is None:
            return
        if edge == "start":
            self._update(clip.id, row, start_frame=clip.start.frame + frames)
        else:
            self._update(clip.id, row, end_frame=clip.end.frame + frames)

    def toggle_slow_motion(self) -> None:
        """Half speed for a moment worth watching twice (the export plays it without sound)."""
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is None:
            return
        if clip.slow_motion is None:
            self._update(clip.id, row, slow_motion=0.5)
        else:
            self._update(clip.id, row, clear_slow_motion=True)

    def toggle_freeze(self) -> None:
        """Hold the clip's last picture, so the caregiver can take it in before the next one."""
        row = self.current_row()
        clip = self.model.clip_at(row)
        if clip is not None:
            self._update(clip.id, row, freeze_end_ms=0 if clip.freeze_end_ms else FREEZE_MS)

    # --- export ------------------------------------------------------------------------
    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export reel", "reel.mp4", "MP4 video (*.mp4)")
        if path:
            target = path if path.lower().endswith(".mp4") else f"{path}.mp4"
            self.export_to(target, "fast" if self.mode.currentData() == "fast" else "exact")

    def export_to(self, path: str | Path, mode: Mode = "exact") -> None:
        """Render the current reel to `path` on the runner; the result arrives on the UI thread."""
        if self.reel is None or self.reel.id is None or self.runner.busy:
            return
        self._exported_captions = []
        self._export_clips = tuple(c.caption for c in self.reel.clips)
        captions = str(self.captions.currentData())
        options = ExportOptions(
            mode=mode,
            captions="subtitles"
            if captions == "subtitles"
            else "none"
            if captions == "none"
            else "burn",
            title=self.title.text().strip() or None,
        )
        op = ExportReelOperation(self.db, self.reel.id, path, options, self.coder_name)
        self.export_button.setEnabled(False)
        self.show_button.setEnabled(False)
        self.export_status.setText("Exporting…")
        self._export_token = self.runner.start(
            op.run,
            title="Exporting the reel",
            on_done=self._exported,
            on_error=self._export_failed,
            parent_widget=self,
        )

    def _exported(self, report: ExportReport) -> None:
        self._export_token = None
        self.export_button.setEnabled(True)
        self.last_export = report
        self._exported_captions = [
            (round(c.out_start_ms), round(c.out_end_ms), caption)
            for c, caption in zip(report.clips, self._export_clips, strict=False)
        ]
        notes = "".join(f"\n{w}" for w in report.warnings)
        self.export_status.setText(f"Saved {report.target}{notes}")
        self.show_button.setEnabled(True)

    def _export_failed(self, message: str) -> None:
        self._export_token = None
        self.export_button.setEnabled(True)
        self.export_status.setText(f"Not exported: {message}")

    def show_to_caregiver(self) -> None:
        if self.last_export is None:
            return
        if self.caregiver is not None:
            self.caregiver.leave()  # one caregiver view at a time
        screens = self.screen().virtualSiblings() if self.screen() else []
        other = next((s for s in screens if s is not self.screen()), None)
        self.caregiver = CaregiverWindow(
            self.last_export.target,
            self._exported_captions,
            pin=self.pin.text().strip() or None,
            screen=other,
        )
        self.caregiver.present()

    def done(self, result: int) -> None:
        """Closing the editor cancels an export in flight; a shown reel stays on screen."""
        if self._export_token is not None:
            self._export_token.cancel()
        super().done(result)

    def dispose(self) -> None:
        """Before the editor is dropped: close the caregiver view and stop the worker."""
        if self.caregiver is not None:
            self.caregiver.leave()
            self.caregiver = None
        if self._export_token is not None:
            self._export_token.cancel()
        self.runner.shutdown()
