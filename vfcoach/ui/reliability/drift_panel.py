"""The "Drift" tab: κ against the master coder over time, computed on request.

Drift reads every recording a master coder coded, so it runs on the worker with a progress
dialog and only when asked; the warning line is the organisation's setting (default .60).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from vfcoach.coding.errors import VfcoachError
from vfcoach.storage.database import Database
from vfcoach.ui.operations.reliability import DriftOperation, DriftPoint, IrrSettings
from vfcoach.ui.reliability.drift_chart import DriftChart
from vfcoach.ui.reliability.figures import number
from vfcoach.ui.runner import OperationRunner


class DriftPanel(QWidget):
    def __init__(
        self,
        db: Database,
        runner: OperationRunner,
        settings: Callable[[], IrrSettings],
        viewer: Callable[[], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.runner, self._settings, self._viewer = db, runner, settings, viewer
        self.points: dict[str, list[DriftPoint]] = {}
        self.compute_button = QPushButton("Compute drift")
        self.compute_button.clicked.connect(self.compute)
        self.summary = QLabel("κ of every coder against the master coder, recording by recording.")
        self.summary.setWordWrap(True)
        self.chart = DriftChart()
        top = QHBoxLayout()
        top.addWidget(self.compute_button)
        top.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.chart, 1)

    def compute(self) -> None:
        try:
            settings = self._settings()
            op = DriftOperation(self.db, None, settings, self._viewer())
        except VfcoachError as exc:
            self.summary.setText(str(exc))
            return
        self.runner.start(
            op.run,
            title="Computing drift against the master coder",
            on_done=lambda points: self._show(points, settings.drift_warning),
            on_error=self._fail,
            parent_widget=self,
        )

    def _show(self, points: Any, warning: float) -> None:
        self.points = dict(points)
        self.chart.show_points(self.points, warning)
        below = self.chart.below
        if not self.points:
            text = "No recording coded by both a coder and the master coder yet."
        elif below:
            items = ", ".join(f"{c} on {p.label} ({number(p.kappa)})" for c, p in below)
            text = f"Below the warning line κ {warning:.2f}: {items}."
        else:
            text = f"Every κ is at or above the warning line κ {warning:.2f}."
        self.summary.setText(text)

    def _fail(self, message: str) -> None:
        self.points = {}
        self.chart.show_points({}, self._settings().drift_warning)
        self.summary.setText(message)
