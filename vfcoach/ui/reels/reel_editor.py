"""The reel editor: pick or suggest a visit's reel, edit its clips, export, show it.

Every edit goes through the reel operations (`services/reels/`), which check the whole
reel against the stored evidence before writing, so the editor holds no rule of its own: it
shows the reel as stored, and a refusal inline with its reason. Export runs on the app's
`TaskRunner` (progress and Cancel) from immutable inputs; the caregiver window is then
built from the rendered file and the captions only, on a screen the coach's windows are not
on, while the coach follows it in the companion panel here with the talking points.

A reel is checked as soon as it is opened, not only after an edit: a scheme changed or a
moment recoded since the reel was made shows its problems before the coach plans a visit
around it. Selecting a clip previews it in place (`clip_preview.py`). Opened from the main
window, the editor reads as the session's acting coder and follows a change of coder.

A new reel is made for an audience (`AudienceChoice`); a coach-view reel is never shown in
caregiver mode. A clip refused for a moment of concern offers *Override…*
(`override_dialog.py`), which keeps that one clip with the coach's logged reason.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QGuiApplication, QScreen, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import VisitId
from vfcoach.coding.reels import (
    Problem,
    Reel,
    ReelId,
    check_reel,
)
from vfcoach.services.access import Actor
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.services.reels.evidence import EvidenceReader, reel_settings
from vfcoach.services.reels.view import view_reels
from vfcoach.storage.database import Database
from vfcoach.ui.present.caregiver_window import CaregiverWindow
from vfcoach.ui.reels.clip_editing import ClipEditing, describe
from vfcoach.ui.reels.clip_preview import ClipPreview
from vfcoach.ui.reels.clip_table_model import ClipTableModel
from vfcoach.ui.reels.export_bar import ExportBar
from vfcoach.ui.reels.override_dialog import AudienceChoice, OverrideDialog
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.session import CodingSession
from vfcoach.video.export import ExportReport
from vfcoach.video.export.spec import Mode

NOTHING_SUGGESTED = (
    "No moment could be suggested: a caregiver reel needs a strength you coded (a nurturing "
    "response, delight, following the lead…) that is not close to a moment of concern. "
    "You can still add moments yourself: select them in the coding screen and press "
    "Add to reel."
)


def reel_line(reel: Reel) -> str:
    """How a reel is listed: its title, how many clips, and a coach view said as such."""
    n = len(reel.clips)
    clips = "no clips" if n == 0 else "1 clip" if n == 1 else f"{n} clips"
    view = "" if reel.for_caregiver else ", coach view"
    return f"{reel.title} ({clips}{view})"


def stored_reel(
    db: Database, reel_id: ReelId, viewer: Actor | None = None
) -> tuple[Reel, tuple[Problem, ...]]:
    """The reel as stored and everything the rules find in it now, as every edit checks it.

    Read as `viewer` (the window's coder): under blind double coding a problem about a
    moment they may not read yet names neither its code nor its time.
    """
    with db.uow() as uow:
        reel = uow.reels.get(reel_id)
        reader = EvidenceReader(uow, viewer)
        evidence = reader.evidence({c.recording_id for c in reel.clips}, reel_settings(uow))
        return reel, tuple(check_reel(reel, evidence))


class ReelEditorDialog(ClipEditing, QDialog):
    def __init__(
        self,
        db: Database,
        visit_id: VisitId,
        actor: Actor,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
        session: CodingSession | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.visit_id, self.actor = db, visit_id, actor
        self._own_runner = runner is None  # alone (no main window): it stops its own
        self.runner = runner or TaskRunner(parent=self)
        self._session = session
        if session is not None:
            session.actor_changed.connect(self._follow_session)
            session.changed.connect(self._follow_session)
        self.setWindowTitle("Highlight reels")
        self.resize(1280, 720)
        self.reel: Reel | None = None

        self.reels = QListWidget()
        self.reels.currentItemChanged.connect(self._on_reel_chosen)
        self.suggest_button = QPushButton("Suggest a new reel")
        self.suggest_button.clicked.connect(self.suggest)
        self.audience = AudienceChoice()
        self.override_dialog: OverrideDialog | None = None
        self.model = ClipTableModel()
        # Queued: the stored reel replaces the model's rows, which must not happen inside
        # the delegate's setData call that is still using them.
        self.model.edit_requested.connect(self._on_edit, Qt.ConnectionType.QueuedConnection)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        fit, stretch = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        for column, mode in enumerate((fit, fit, stretch, stretch, fit)):
            header.setSectionResizeMode(column, mode)
        self.table.verticalHeader().setVisible(False)
        # Rows as tall as their text: a caption is read whole, not cut at "at their …".
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.selectionModel().selectionChanged.connect(self._on_clip_selected)
        self.preview = ClipPreview(db, self.runner, self)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.bar = ExportBar(db, actor, lambda: self.reel, self.coach_screens, self.runner, self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self.bar.refresh_screens)
            app.screenRemoved.connect(self.bar.refresh_screens)
        self._build_layout()
        self.refresh_reels()

    def _build_layout(self) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel("Reels of this visit"))
        left.addWidget(self.reels, 1)
        left.addWidget(self.audience)
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
            ("Override…", self.ask_override),
        ]
        for n, (text, slot) in enumerate(specs):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.edit_buttons[text] = button
            edits.addWidget(button, n // 3, n % 3)
        middle = QVBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(edits)
        middle.addWidget(self.problems)
        right = QVBoxLayout()
        right.addWidget(QLabel("Selected clip"))
        right.addWidget(self.preview)
        right.addStretch(1)
        right.addWidget(self.bar.companion)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addLayout(middle, 7)
        columns.addLayout(right, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.bar)

    # --- reels -------------------------------------------------------------------------
    def refresh_reels(self, select: ReelId | None = None, load: bool = True) -> None:
        """Relist the visit's reels; `load=False` when the caller shows a fresher result."""
        stored = [v.reel for v in view_reels(self.db, self.visit_id, self.actor)]
        self.reels.blockSignals(True)
        self.reels.clear()
        for reel in stored:
            item = QListWidgetItem(reel_line(reel))
            item.setData(Qt.ItemDataRole.UserRole, reel.id)
            self.reels.addItem(item)
        wanted = select if select is not None else (self.reel.id if self.reel else None)
        rows = [self.reels.item(n).data(Qt.ItemDataRole.UserRole) for n in range(len(stored))]
        row = rows.index(wanted) if wanted in rows else (0 if rows else -1)
        self.reels.setCurrentRow(row)
        self.reels.blockSignals(False)
        if load:
            self._on_reel_chosen(self.reels.currentItem())

    def _follow_session(self, *_: object) -> None:
        """Act as the main window's person: always its Actor as it is now, never a signal's
        copy. Opening a recording can make a new name a coder (an id of their own) before
        this hears that the person changed; the session then knows the same person better."""
        assert self._session is not None
        actor = self._session.actor
        if actor == self.actor:
            return
        self.actor = self.bar.actor = actor  # read (and export) as them from now on
        self.refresh_reels()

    @property
    def exporting(self) -> bool:
        return self.bar.exporting

    def on_reel_changed(self, visit_id: VisitId, reel_id: ReelId) -> None:
        """A reel of this visit changed elsewhere (moments added from the coding screen)."""
        if visit_id == self.visit_id:
            self.refresh_reels(select=reel_id)

    def _on_reel_chosen(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            self._show(None, ())
            return
        try:
            reel_id = ReelId(item.data(Qt.ItemDataRole.UserRole))
            reel, problems = stored_reel(self.db, reel_id, self.actor)
        except VfcoachError as exc:  # deleted meanwhile, or its evidence cannot be read
            self._show(None, ())
            self.problems.setText(str(exc))
            return
        self._show(reel, problems)

    def _show(self, reel: Reel | None, problems: tuple[Problem, ...], row: int = -1) -> None:
        self.reel = reel
        self.model.set_reel(reel, problems)
        self.problems.setText("\n".join(describe(p) for p in problems))
        self.bar.set_reel(reel)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.preview.show_clip(None)
        self._enable_override()

    def _on_clip_selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self.preview.show_clip(self.model.clip_at(self.current_row()))
        self._enable_override()

    def _enable_override(self) -> None:
        button = self.edit_buttons["Override…"]
        button.setEnabled(bool(self.model.overridable(self.current_row())))
        button.setToolTip(
            "Keep this refused clip, with your reason (written to the audit log)"
            if button.isEnabled()
            else "Only a clip refused for a moment of concern can be kept on override"
            " (never a frightening moment)"
        )

    def suggest(self) -> None:
        op = CreateReelOperation(self.db, self.visit_id, coder_name=self.actor.name,
                                 actor=self.actor,
                                 audience=self.audience.audience)  # fmt: skip
        result = self._attempt(op.run)
        if result is not None:
            self.refresh_reels(select=result.reel.id, load=False)
            self._show(result.reel, result.warnings)
            if not result.reel.clips:  # made, but empty: say why rather than nothing
                said = self.problems.text()
                self.problems.setText(f"{NOTHING_SUGGESTED}\n{said}" if said else NOTHING_SUGGESTED)

    # --- export and showing (the bar does both) ----------------------------------------
    @property
    def last_export(self) -> ExportReport | None:
        return self.bar.last_export

    @property
    def caregiver(self) -> CaregiverWindow | None:
        return self.bar.caregiver

    def export_to(self, path: str | Path, mode: Mode = "exact") -> None:
        self.bar.export_to(path, mode)

    def coach_screens(self) -> list[QScreen | None]:
        """Where the coach's windows are: this editor first, then the main window."""
        parent = self.parentWidget()
        return [self.screen(), parent.window().screen() if parent is not None else None]

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.bar.refresh_screens()

    def done(self, result: int) -> None:
        """Closing the editor cancels an export in flight and stops a clip playing; a reel
        being shown to the caregiver stays on screen."""
        self.bar.cancel_export()
        self.preview.stop()
        super().done(result)

    def dispose(self) -> None:
        """Before the editor is dropped: close the caregiver view and stop its jobs."""
        self.bar.dispose()
        self.preview.dispose()
        if self._own_runner:
            self.runner.shutdown()
