"""What to compare and how: two coders, which recordings, the method and its windows.

The form starts from the organisation's stored settings (§9), so the view computes what
`vfcoach irr` computes unless the supervisor changes something here; a change applies to
this view only and is stated in the heading of every result, until a supervisor saves it
as the organisation's defaults (`defaults()`: everything but the code filter, which is a
question asked of one comparison, not a rule of the programme).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.ids import RecordingId
from vfcoach.services.reliability.irr import InvalidIrrSettings, IrrSettings

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


def _ratio(value: float, low: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, 1.0)
    box.setSingleStep(0.05)
    box.setDecimals(2)
    box.setValue(value)
    return box


def _count(value: int, low: int, suffix: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, 100_000)
    box.setValue(value)
    box.setSuffix(suffix)
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
        known_codes: list[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.base = settings
        self.known_codes = sorted(set(known_codes or []))
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
        self.by_overlap = QCheckBox("state events also pair when their spans overlap")
        self.by_overlap.setChecked(settings.by_overlap)
        self.within_category = QCheckBox(
            "align within each category of the scheme (a child cue never pairs with a "
            "caregiver behaviour)"
        )
        self.within_category.setChecked(settings.within_category)
        self.codes = QLineEdit(", ".join(settings.codes))
        self.codes.setPlaceholderText("all codes (or keys separated by commas, e.g. NUR, DEL)")
        self.codes.setToolTip("Known code keys: " + (", ".join(self.known_codes) or "none yet"))
        self.kappa_criterion = _ratio(settings.kappa_criterion, -1.0)
        self.icc_criterion = _ratio(settings.icc_criterion, -1.0)
        self.drift_warning = _ratio(settings.drift_warning, -1.0)
        self.min_events = _count(settings.min_events, 1, " events")
        self.min_clips = _count(settings.min_clips, 2, " recordings")
        self.pabak_share = QSpinBox()
        self.pabak_share.setRange(0, 100)
        self.pabak_share.setSuffix(" %")
        self.pabak_share.setValue(round(settings.pabak_share * 100))

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
        matching = QVBoxLayout()
        matching.addWidget(self.by_overlap)
        matching.addWidget(self.within_category)
        form.addRow("Matching", matching)
        form.addRow("Codes", self.codes)
        form.addRow("Judging", self._judging_row())
        self.scope.currentIndexChanged.connect(self._sync)
        self.method.currentIndexChanged.connect(self._sync)
        self.set_recording(recording)
        self._sync()

    def _judging_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for label, box in (
            ("criterion κ ≥", self.kappa_criterion),
            ("  ICC ≥", self.icc_criterion),
            ("  drift warning κ", self.drift_warning),
            ("  band from", self.min_events),
            ("/", self.min_clips),
            ("  PABAK above", self.pabak_share),
        ):
            row.addWidget(QLabel(label))
            row.addWidget(box)
        row.addStretch(1)
        return row

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
        self.by_overlap.setEnabled(event)
        self.within_category.setEnabled(event)
        self.slice.setEnabled(not event)
        self.tolerance_slices.setEnabled(not event)

    def chosen_codes(self) -> tuple[str, ...]:
        """The code keys typed, checked against the schemes' codes: a typo would otherwise
        compare nothing and read as "no events"."""
        keys = tuple(dict.fromkeys(k.strip() for k in self.codes.text().split(",") if k.strip()))
        unknown = [k for k in keys if self.known_codes and k not in self.known_codes]
        if unknown:
            raise InvalidIrrSettings(
                f"no code scheme has the code(s) {', '.join(unknown)}; "
                f"known: {', '.join(self.known_codes)}"
            )
        return keys

    def defaults(self) -> IrrSettings:
        """What "Save as organisation defaults" stores: the form, but the stored code filter."""
        return self.request().settings.with_changes(codes=self.base.codes)

    def set_base(self, settings: IrrSettings) -> None:
        """The organisation's settings changed (saved from here): later requests start there."""
        self.base = settings

    def request(self) -> IrrRequest:
        """The request as entered; `InvalidIrrSettings` if a value cannot be used."""
        settings = self.base.with_changes(
            method=self.method.currentData(),
            tolerance_ms=round(self.tolerance.value() * 1000),
            slice_ms=round(self.slice.value() * 1000),
            tolerance_slices=self.tolerance_slices.value(),
            by_overlap=self.by_overlap.isChecked(),
            within_category=self.within_category.isChecked(),
            codes=self.chosen_codes(),
            kappa_criterion=round(self.kappa_criterion.value(), 2),
            icc_criterion=round(self.icc_criterion.value(), 2),
            drift_warning=round(self.drift_warning.value(), 2),
            min_events=self.min_events.value(),
            min_clips=self.min_clips.value(),
            pabak_share=self.pabak_share.value() / 100,
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
