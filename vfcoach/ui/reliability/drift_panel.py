"""The "Drift" tab: κ against the master coder over time, computed on request.

Drift reads every recording a master coder coded, so it runs on the worker with a progress
dialog and only when asked; the warning line is the organisation's setting (default .60)
and moves as soon as a supervisor saves a new one. The supervisor ticks which coders to
plot (all by default): with a dozen coders one slide is lost in the lines of the others.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.services.access import Actor
from vfcoach.services.reliability.irr import DriftOperation, DriftPoint, IrrSettings
from vfcoach.storage.database import Database
from vfcoach.ui.reliability.drift_chart import DriftChart
from vfcoach.ui.reliability.figures import number
from vfcoach.ui.runner import TaskRunner


class DriftPanel(QWidget):
    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        settings: Callable[[], IrrSettings],
        viewer: Callable[[], Actor | None],
        parent: QWidget | None = None,
        coders: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.runner, self._settings, self._viewer = db, runner, settings, viewer
        self.points: dict[str, list[DriftPoint]] = {}
        self.coder_list = QListWidget()
        self.coder_list.setFlow(QListView.Flow.LeftToRight)
        self.coder_list.setWrapping(True)
        self.coder_list.setMaximumHeight(30)  # one row; more coders scroll
        self.coder_list.setToolTip("The coders to plot against the master coder")
        for name in coders or []:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.coder_list.addItem(item)
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
        if coders:
            plot = QHBoxLayout()
            plot.addWidget(QLabel("Coders to plot:"))
            plot.addWidget(self.coder_list, 1)
            layout.addLayout(plot)
        layout.addWidget(self.chart, 1)

    def chosen_coders(self) -> list[str] | None:
        """The ticked coders; None (every coder but the master) when the list is empty."""
        if self.coder_list.count() == 0:
            return None
        items = [self.coder_list.item(i) for i in range(self.coder_list.count())]
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def set_warning(self, warning: float) -> None:
        """Redraw the line at a newly saved warning level, keeping the points shown."""
        if self.points:
            self._show(self.points, warning)
        else:
            self.chart.show_points({}, warning, self.chart.empty_note.text())

    def compute(self) -> None:
        coders = self.chosen_coders()
        if coders == []:
            self.summary.setText("Tick at least one coder to plot.")
            return
        try:
            settings = self._settings()
            op = DriftOperation(self.db, coders, settings, self._viewer())
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
        nothing = "No recording coded by both a coder and the master coder yet."
        self.chart.show_points(self.points, warning, nothing)
        below = self.chart.below
        if not self.points:
            text = nothing
        elif below:
            items = ", ".join(f"{c} on {p.label} ({number(p.kappa)})" for c, p in below)
            text = f"Below the warning line κ {warning:.2f}: {items}."
        else:
            text = f"Every κ is at or above the warning line κ {warning:.2f}."
        self.summary.setText(text)

    def _fail(self, message: str) -> None:
        self.points = {}
        self.chart.show_points({}, self._settings().drift_warning, message)
        self.summary.setText(message)
