"""The four pages of Settings: where the data is, fidelity, reliability, caption words.

Each page shows values and gives them back as domain values (`Where`, `FidelityThresholds`,
`IrrSettings`, a term list); building those values is what checks them, so a refused value
raises the domain's own typed error with its plain message and the dialog saves nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.reels.captions import DEFAULT_JARGON
from vfcoach.coding.reliability.settings import IrrSettings
from vfcoach.coding.tally import FidelityThresholds
from vfcoach.services.settings.project import PROGRAMMES, clean_jargon
from vfcoach.ui.shell.preferences import InvalidPreference, Location, checked

SERVER_HINT = "for example postgresql://coach@server.example.org/vfcoach"


def _number(low: float, high: float, step: float, suffix: str, decimals: int = 2) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(low, high)
    box.setSingleStep(step)
    box.setDecimals(decimals)
    box.setSuffix(suffix)
    return box


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class WherePage(QWidget):
    """The database (this computer or a server) and the data folder; used from the next start."""

    def __init__(self, where: Location, now_using: str) -> None:
        super().__init__()
        self.local = QRadioButton("On this computer, in the data folder")
        self.server = QRadioButton("On a PostgreSQL server, shared with other computers")
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        self.address = QLineEdit(where.database_url)
        self.address.setPlaceholderText(SERVER_HINT)
        self.test_button = QPushButton("Test connection")
        self.test_result = QLabel("")
        self.test_result.setWordWrap(True)
        (self.server if where.database_url else self.local).setChecked(True)
        self.server.toggled.connect(self._enable)
        self.folder = QLineEdit(where.data_folder)
        self.folder.setPlaceholderText("the usual place for this computer")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(choose)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout(self)
        form.addRow(_note(f"Now using: {now_using}"))
        form.addRow("Database", self.local)
        form.addRow("", self.server)
        form.addRow("Server address", self.address)
        form.addRow("", test_row)
        form.addRow("Data folder", folder_row)
        form.addRow(
            _note(
                "Changes on this page take effect the next time vfcoach starts. A new data "
                "folder starts with an empty database unless you move vfcoach.sqlite into it."
            )
        )
        self._enable()

    def _enable(self) -> None:
        on = self.server.isChecked()
        self.address.setEnabled(on)
        self.test_button.setEnabled(on)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Data folder", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def where(self) -> Location:
        url = self.address.text().strip() if self.server.isChecked() else ""
        if self.server.isChecked() and not url:
            raise InvalidPreference("type the server's address, or choose this computer")
        return checked(Location(url, self.folder.text()))


class FidelityPage(QWidget):
    """Each programme's thresholds; switching programme keeps what was typed for the other."""

    def __init__(self, thresholds: dict[str, FidelityThresholds]) -> None:
        super().__init__()
        self.values = dict(thresholds)
        self.programme = QComboBox()
        self.programme.addItems(list(PROGRAMMES))
        self.rate = _number(0.0, 20.0, 0.1, " per minute")
        self.on_target = _number(0.0, 100.0, 5.0, " %", 0)
        self.latency = _number(0.0, 60.0, 0.5, " s", 1)
        self.window_size = _number(0.5, 60.0, 0.5, " min", 1)
        form = QFormLayout(self)
        form.addRow("Programme", self.programme)
        form.addRow(_note("A visit meets fidelity when its comments reach at least:"))
        form.addRow("Comments", self.rate)
        form.addRow("On target", self.on_target)
        form.addRow("A comment is timely within", self.latency)
        form.addRow("Tallies are counted per window of", self.window_size)
        self._shown = PROGRAMMES[0]
        self._show(self._shown)
        self.programme.currentTextChanged.connect(self._switch)

    def _show(self, programme: str) -> None:
        t = self.values[programme]
        self.rate.setValue(t.min_rate_per_min)
        self.on_target.setValue(t.min_on_target * 100)
        self.latency.setValue(t.timely_latency_s)
        self.window_size.setValue(t.window_min)

    def _typed(self) -> FidelityThresholds:
        old = self.values[self._shown]
        return FidelityThresholds(
            min_rate_per_min=self.rate.value(),
            min_on_target=self.on_target.value() / 100,
            practice_rate_info=old.practice_rate_info,
            positive_share_flag=old.positive_share_flag,
            timely_latency_s=self.latency.value(),
            window_min=self.window_size.value(),
        )

    def _switch(self, programme: str) -> None:
        self.values[self._shown] = self._typed()
        self._shown = programme
        self._show(programme)

    def thresholds(self) -> dict[str, FidelityThresholds]:
        self.values[self._shown] = self._typed()
        return dict(self.values)


class ReliabilityPage(QWidget):
    """The organisation's reliability defaults; only a supervisor may change them."""

    def __init__(self, settings: IrrSettings, refusal: str | None) -> None:
        super().__init__()
        self.base = settings
        self.method = QComboBox()
        self.method.addItem("Event-based (onsets matched within a tolerance)", "event")
        self.method.addItem("Time-unit (state codes sliced)", "time")
        self.method.setCurrentIndex(0 if settings.method == "event" else 1)
        self.tolerance = _number(0.0, 10.0, 0.5, " s")
        self.tolerance.setValue(settings.tolerance_ms / 1000)
        self.slice = _number(0.04, 10.0, 0.5, " s")
        self.slice.setValue(settings.slice_ms / 1000)
        self.kappa = _number(-1.0, 1.0, 0.05, "")
        self.kappa.setValue(settings.kappa_criterion)
        self.icc = _number(-1.0, 1.0, 0.05, "")
        self.icc.setValue(settings.icc_criterion)
        self.drift = _number(-1.0, 1.0, 0.05, "")
        self.drift.setValue(settings.drift_warning)
        self.min_events = QSpinBox()
        self.min_events.setRange(1, 100_000)
        self.min_events.setValue(settings.min_events)
        form = QFormLayout(self)
        form.addRow("Method", self.method)
        form.addRow("Onsets match within ±", self.tolerance)
        form.addRow("Time slice", self.slice)
        form.addRow("κ needed to pass", self.kappa)
        form.addRow("ICC needed to pass", self.icc)
        form.addRow("Drift warning below κ", self.drift)
        form.addRow("Fewest events to judge", self.min_events)
        if refusal:
            for w in (self.method, self.tolerance, self.slice, self.kappa, self.icc, self.drift):
                w.setEnabled(False)
            self.min_events.setEnabled(False)
            form.addRow(_note(refusal[0].upper() + refusal[1:] + "."))

    def settings(self) -> IrrSettings:
        return self.base.with_changes(
            method=self.method.currentData(),
            tolerance_ms=round(self.tolerance.value() * 1000),
            slice_ms=round(self.slice.value() * 1000),
            kappa_criterion=self.kappa.value(),
            icc_criterion=self.icc.value(),
            drift_warning=self.drift.value(),
            min_events=self.min_events.value(),
        )


class CaptionWordsPage(QWidget):
    """Words a caption for a caregiver may not contain, one a line."""

    def __init__(self, terms: tuple[str, ...]) -> None:
        super().__init__()
        self.text = QPlainTextEdit("\n".join(terms))
        builtin = QPushButton("Use the built-in list")
        builtin.clicked.connect(lambda: self.text.setPlainText("\n".join(DEFAULT_JARGON)))
        layout = QVBoxLayout(self)
        layout.addWidget(
            _note(
                "A caption shown to a caregiver may not contain these words (any case) nor "
                "any code key of a scheme. One word or phrase a line."
            )
        )
        layout.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(builtin)
        layout.addLayout(row)

    def terms(self) -> tuple[str, ...]:
        return clean_jargon(self.text.toPlainText().splitlines())
