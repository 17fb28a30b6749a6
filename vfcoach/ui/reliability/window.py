"""The Reliability window: settings on top, then Agreement, Disagreements and Drift tabs.

It is not modal: the supervisor keeps it beside the main window, whose video and timeline
follow the disagreement selected here. Every figure comes from one `IrrOperation` run on
the worker (progress and Cancel for many recordings), read as the coder acting in the main
window; when blind coding forbids that read, the refusal is all that is shown.

The supervisor's tools live here too, not in the main window: "Save as organisation
defaults" (the settings form into `reliability.irr`, audit-logged) and "Double coding…"
(the sampling plan). Both are offered to a supervisor only; the operations refuse anyone
else as well, so the disabled button is a courtesy, not the rule.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.services.access import Actor
from vfcoach.services.reliability.irr import (
    Disagreement,
    IrrOperation,
    IrrResult,
    IrrSettings,
    RecordingAgreement,
    double_coded_recordings,
    load_irr_settings,
    save_irr_settings,
)
from vfcoach.services.reliability.plan import may_plan
from vfcoach.storage.database import Database
from vfcoach.ui.double_coding.plan_dialog import DoubleCodingDialog
from vfcoach.ui.reliability.disagreement_panel import DisagreementPanel
from vfcoach.ui.reliability.drift_panel import DriftPanel
from vfcoach.ui.reliability.figures_panel import FiguresPanel
from vfcoach.ui.reliability.navigator import ComparisonNavigator
from vfcoach.ui.reliability.report_export import ReportExporter
from vfcoach.ui.reliability.settings_form import IrrRequest, SettingsForm
from vfcoach.ui.runner import TaskRunner


class ReliabilityWindow(QDialog):
    # (RecordingAgreement, Disagreement, that recording's disagreements, viewer)
    disagreement_chosen = Signal(object, object, object, object)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        viewer: Callable[[], Actor],
        recording: tuple[RecordingId, str] | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reliability")
        self.setModal(False)
        self.resize(980, 720)
        self.db, self.runner, self._viewer = db, runner, viewer
        self.irr: IrrResult | None = None
        self.navigator: ComparisonNavigator | None = None  # set by `open_reliability`
        self.plan_dialog: DoubleCodingDialog | None = None
        with db.uow() as uow:
            coders = sorted(c.name for c in uow.coders.list())
            master = next((c.name for c in uow.coders.list() if c.is_master), None)
            drift_coders = sorted(c.name for c in uow.coders.list() if not c.is_master)
            self.settings = load_irr_settings(uow)
            known = sorted({c.key for s in uow.schemes.list() for c in s.codes})
        self.form = SettingsForm(coders, master, recording, self.settings, known_codes=known)
        self.compute_button = QPushButton("Compute")
        self.compute_button.setDefault(False)
        self.compute_button.setAutoDefault(False)
        self.compute_button.clicked.connect(self.compute)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.note("")
        self.figures = FiguresPanel()
        self.disagreements = DisagreementPanel()
        self.disagreements.chosen.connect(self._on_chosen)
        self.drift = DriftPanel(db, runner, self._drift_settings, viewer, coders=drift_coders)
        self.tabs = QTabWidget()
        scroll = QScrollArea()  # many codes or recordings: scroll, never squeeze the figures
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.figures)
        self.tabs.addTab(scroll, "Agreement")
        self.tabs.addTab(self.disagreements, "Disagreements")
        self.tabs.addTab(self.drift, "Drift")
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        self.save_defaults_button = QPushButton("Save as organisation defaults")
        self.save_defaults_button.setAutoDefault(False)
        self.save_defaults_button.clicked.connect(self.save_defaults)
        self.plan_button = QPushButton("Double coding…")
        self.plan_button.setAutoDefault(False)
        self.plan_button.clicked.connect(self.open_plan)
        self.report = ReportExporter(self, db, runner, viewer, lambda: self.irr, self.note)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(self.save_defaults_button)
        buttons.addWidget(self.report.button)
        buttons.addWidget(self.compute_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.tabs, 1)
        self._offer_defaults()

    def _offer_defaults(self) -> None:
        why = may_plan(self.db, self._viewer(), "save the organisation's reliability settings")
        self.save_defaults_button.setEnabled(why is None)
        self.save_defaults_button.setToolTip(
            "Tolerance, slice, slice tolerance, matching, criteria, drift warning line, "
            "minimum N and PABAK share become what every view, `vfcoach irr` and report use"
            if why is None
            else why[0].upper() + why[1:]
        )

    def save_defaults(self) -> None:
        """Store the form as the organisation's settings, in the audit log under the viewer."""
        try:
            settings = self.form.defaults()
            with self.db.uow() as uow:
                save_irr_settings(uow, settings, self._viewer())
                uow.commit()
        except VfcoachError as exc:
            self.note(str(exc))
            return
        self.settings = settings
        self.form.set_base(settings)
        self.drift.set_warning(settings.drift_warning)
        self.note("Saved as the organisation's reliability settings.", error=False)

    def open_plan(self) -> DoubleCodingDialog:
        """The double-coding plan, one per Reliability window, as the main window's coder."""
        if self.plan_dialog is None:
            self.plan_dialog = DoubleCodingDialog(self.db, self.runner, self._viewer, self)
        self.plan_dialog.show()
        self.plan_dialog.raise_()
        return self.plan_dialog

    def note(self, text: str, error: bool = True) -> None:
        """One line under the settings: a refusal or problem in red, a confirmation in grey."""
        self.message.setStyleSheet("color: #a93226;" if error else "color: #444;")
        self.message.setText(text)

    def set_recording(self, recording: tuple[RecordingId, str] | None) -> None:
        """Follow the recording open in the main window (the default scope)."""
        self.form.set_recording(recording)

    def _drift_settings(self) -> IrrSettings:
        return self.settings

    def _recordings(self, request: IrrRequest) -> list[RecordingId]:
        if request.recording_id is not None:
            return [request.recording_id]
        return double_coded_recordings(
            self.db, request.coder_a, request.coder_b, request.since, request.until
        )

    def compute(self) -> None:
        """Check the request, then run the operation on the worker."""
        try:
            request = self.form.request()
            ids = self._recordings(request)
            if not ids:
                raise VfcoachError(
                    f"No recording has passes by both {request.coder_a} and {request.coder_b}"
                    + (" in that period" if request.since else "")
                )
            op = IrrOperation(
                self.db, ids, request.coder_a, request.coder_b, request.settings, self._viewer()
            )
        except VfcoachError as exc:
            self._fail(str(exc))
            return
        self.message.setText("")
        self.runner.start(
            op.run,
            title=f"Comparing {request.coder_a} and {request.coder_b}",
            on_done=self._show,
            on_error=self._fail,
            parent_widget=self,
        )

    def _show(self, result: Any) -> None:
        assert isinstance(result, IrrResult)
        self.irr = result
        self.figures.show_result(result)
        self.disagreements.show_result(result)
        self.report.button.setEnabled(not result.without_codes)  # no report of κ vs nothing
        self.message.setText("")

    def _fail(self, message: str) -> None:
        """A refusal or bad input: say it, and show no figure that might be stale."""
        self.irr = None
        self.figures.show_result(None)
        self.disagreements.show_result(None)
        self.report.button.setEnabled(False)
        self.note(message)

    def recording_of(self, d: Disagreement) -> RecordingAgreement:
        assert self.irr is not None
        return next(r for r in self.irr.recordings if r.recording_id == d.recording_id)

    def _on_chosen(self, d: Disagreement) -> None:
        if self.irr is None:
            return
        same = [x for x in self.irr.disagreements if x.recording_id == d.recording_id]
        self.disagreement_chosen.emit(self.recording_of(d), d, same, self._viewer())

    def keyPressEvent(self, event: Any) -> None:
        # Enter belongs to the disagreement list (jump again), never "close the dialog".
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)
