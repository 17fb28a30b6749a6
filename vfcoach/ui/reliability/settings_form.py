"""What to compare and how: two coders, which recordings, the method and its windows.

The form starts from the organisation's stored settings (§9), so the view computes what
`vfcoach irr` computes unless the supervisor changes something here; a change applies to
this view only and is stated in the heading of every result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QWidget,
)

from vfcoach.coding.ids import RecordingId
from vfcoach.ui.operations.reliability import IrrSettings

THIS = "this"
ALL = "all"
PERIOD = "period"


@dataclass(frozen=True)
class IrrRequest:
    coder_a: str
    coder_b: str
    scope: str  # THIS | ALL | PERIOD
    recording_id: RecordingId | None
    since: dt.date | None
    until: dt.date | None
    settings: IrrSettings


def _seconds(value: float, low: float, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(2)
    box.setSuffix(" s")
    box.setValue(value)
    return box


def _day(d: QDate) -> dt.date:
    return dt.date(d.year(), d.month(), d.day())


class SettingsForm(QWidget):
    def __init__(
        self,
        coders: list[str],
        master: str | None,
        recording: tuple[RecordingId, str] | None,
        settings: IrrSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.base = settings
        self.recording = recording
        self.coder_a, self.coder_b = QComboBox(), QComboBox()
        for box in (self.coder_a, self.coder_b):
            box.addItems(coders)
        first = master if master in coders else (coders[0] if coders else "")
        self.coder_a.setCurrentText(first)
        self.coder_b.setCurrentText(next((c for c in coders if c != first), first))
        self.scope = QComboBox()
        self.scope.addItem("All recordings both coded", ALL)
        self.scope.addItem("Recordings both coded, visits in a period", PERIOD)
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today.addMonths(-3)), QDateEdit(today)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.method = QComboBox()
        self.method.addItem("Event-based (onsets matched within a tolerance)", "event")
        self.method.addItem("Time-unit (state codes sliced)", "time")
        self.method.setCurrentIndex(0 if settings.method == "event" else 1)
        self.tolerance = _seconds(settings.tolerance_ms / 1000, 0.0, 10.0, 0.5)
        self.slice = _seconds(settings.slice_ms / 1000, 0.04, 10.0, 0.5)
        self.tolerance_slices = QSpinBox()
        self.tolerance_slices.setRange(0, 20)
        self.tolerance_slices.setValue(settings.tolerance_slices)
        self.tolerance_slices.setSuffix(" slice(s)")

        coders_row = QHBoxLayout()
        coders_row.addWidget(QLabel("A"))
        coders_row.addWidget(self.coder_a, 1)
        coders_row.addWidget(QLabel("  B"))
        coders_row.addWidget(self.coder_b, 1)
        period = QHBoxLayout()
        period.addWidget(self.since)
        period.addWidget(QLabel("to"))
        period.addWidget(self.until)
        period.addStretch(1)
        windows = QHBoxLayout()
        windows.addWidget(QLabel("tolerance ±"))
        windows.addWidget(self.tolerance)
        windows.addWidget(QLabel("  slice"))
        windows.addWidget(self.slice)
        windows.addWidget(QLabel("  slice tolerance ±"))
        windows.addWidget(self.tolerance_slices)
        windows.addStretch(1)
        form = QFormLayout(self)
        form.addRow("Coders", coders_row)
        form.addRow("Recordings", self.scope)
        form.addRow("Visits from", period)
        form.addRow("Method", self.method)
        form.addRow("Windows", windows)
        self.scope.currentIndexChanged.connect(self._sync)
        self.method.currentIndexChanged.connect(self._sync)
        self.set_recording(recording)
        self._sync()

    def set_recording(self, recording: tuple[RecordingId, str] | None) -> None:
        """Offer (and choose) the recording open in the main window; none, no such choice."""
        self.recording = recording
        has = self.scope.itemData(0) == THIS
        if recording is None:
            if has:
                self.scope.removeItem(0)
            return
        text = f"This recording: {recording[1]}"
        if has:
            self.scope.setItemText(0, text)
        else:
            self.scope.insertItem(0, text, THIS)
        self.scope.setCurrentIndex(0)

    def _sync(self) -> None:
        period = self.scope.currentData() == PERIOD
        self.since.setEnabled(period)
        self.until.setEnabled(period)
        event = self.method.currentData() == "event"
        self.tolerance.setEnabled(event)
        self.slice.setEnabled(not event)
        self.tolerance_slices.setEnabled(not event)

    def request(self) -> IrrRequest:
        """The request as entered; `InvalidIrrSettings` if a value cannot be used."""
        settings = self.base.with_changes(
            method=self.method.currentData(),
            tolerance_ms=round(self.tolerance.value() * 1000),
            slice_ms=round(self.slice.value() * 1000),
            tolerance_slices=self.tolerance_slices.value(),
        )
        scope = str(self.scope.currentData())
        period = scope == PERIOD
        return IrrRequest(
            self.coder_a.currentText(),
            self.coder_b.currentText(),
            scope,
            self.recording[0] if self.recording is not None and scope == THIS else None,
            _day(self.since.date()) if period else None,
            _day(self.until.date()) if period else None,
            settings,
        )
