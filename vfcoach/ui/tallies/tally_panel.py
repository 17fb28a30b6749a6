"""Shows one ITM tally: the verdict with the thresholds used, the headline figures, counts by
target, the 5-minute windows and the trend across visits. It formats; it computes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.tally.itm_tally import ItmTally
from vfcoach.coding.tally.thresholds import VerdictStatus
from vfcoach.coding.tally.trends import TrendSeries
from vfcoach.ui.tallies.charts import TrendChart, WindowChart

_BANNER = {
    VerdictStatus.MEETS: ("#e3f4e8", "#1e6b3a", "Meets the fidelity thresholds"),
    VerdictStatus.DOES_NOT_MEET: ("#fdf0dc", "#8a5300", "Below the fidelity thresholds"),
    VerdictStatus.INSUFFICIENT: ("#eeeeee", "#555555", "Not enough to judge yet"),
}
FIGURES = (
    "Comments",
    "Coded time",
    "Per minute",
    "On target",
    "Positive / scaffolding",
    "Latency (median)",
    "Timely",
)


def _plain(text: str = "") -> QLabel:
    """A label that shows its text as typed: computed and user text is never markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def pct(share: float | None) -> str:
    """A share as a percentage; undefined is a dash, never 0 % or 100 % (domain.md §4)."""
    return "—" if share is None else f"{share * 100:.1f} %"


def minutes(ms: int) -> str:
    s = round(ms / 1000)
    return f"{s // 60}:{s % 60:02d} min"


class TallyPanel(QWidget):
    clip_changed = Signal(str)  # "all" or "fidelity"
    trend_scope_changed = Signal(str)  # "family" or "coder"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clip = QComboBox()
        self.clip.addItem("Whole recording", "all")
        self.clip.addItem("Fidelity clips only", "fidelity")
        self.clip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clip.currentIndexChanged.connect(
            lambda _i: self.clip_changed.emit(str(self.clip.currentData()))
        )
        self.target_names: dict[str, str] = {}  # target value -> plain name, from the scheme
        self.coder = _plain()
        small = self.coder.font()
        small.setPointSizeF(max(small.pointSizeF() - 1, 6))
        self.coder.setFont(small)
        self.banner_title = _plain()  # the verdict, bold; the reasons go in `banner`
        bold = self.banner_title.font()
        bold.setBold(True)
        self.banner_title.setFont(bold)
        self.banner = _plain()
        self.banner.setWordWrap(True)
        self.verdict = QFrame()
        self.verdict.setObjectName("verdict")
        box = QVBoxLayout(self.verdict)
        box.setContentsMargins(8, 6, 8, 6)
        box.setSpacing(2)
        box.addWidget(self.banner_title)
        box.addWidget(self.banner)
        self.figures: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for name in FIGURES:
            value = _plain("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.figures[name] = value
            form.addRow(name, value)
        self.targets = QStandardItemModel(0, 3, self)
        self.targets.setHorizontalHeaderLabels(["Target", "Comments", "On target"])
        self.target_table = QTableView()
        self.target_table.setModel(self.targets)
        self.target_table.verticalHeader().hide()
        self.target_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.target_table.setMaximumHeight(170)
        self.target_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notes = _plain()
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color:#8a5300;")
        self.windows = WindowChart()
        self.trend_scope = QComboBox()
        self.trend_scope.addItem("this family's visits", "family")
        self.trend_scope.addItem("all of this coder's recordings", "coder")
        self.trend_scope.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.trend_scope.currentIndexChanged.connect(
            lambda _i: self.trend_scope_changed.emit(str(self.trend_scope.currentData()))
        )
        self.trend = TrendChart()

        top = QHBoxLayout()
        top.addWidget(QLabel("Count in"))
        top.addWidget(self.clip, 1)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.addLayout(top)
        layout.addWidget(self.coder)
        layout.addWidget(self.verdict)
        layout.addLayout(form)
        layout.addWidget(self.target_table)
        layout.addWidget(self.notes)
        layout.addWidget(self.windows)
        scope = QHBoxLayout()
        scope.addWidget(QLabel("Trend over"))
        scope.addWidget(self.trend_scope, 1)
        layout.addLayout(scope)
        layout.addWidget(self.trend)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_tally(self, tally: ItmTally | None, who: str = "") -> None:
        self.coder.setText(who)
        if tally is None:
            self.banner_title.setText("")
            self.banner.setText("")
            self.verdict.setStyleSheet("")
            for label in self.figures.values():
                label.setText("—")
            self.targets.removeRows(0, self.targets.rowCount())
            self.notes.setText("")
            self.windows.show_windows((), 1.0)
            return
        t = tally.thresholds
        bg, fg, title = _BANNER[tally.verdict.status]
        reasons = tally.verdict.reasons + tally.verdict.info + tally.verdict.flags
        used = (
            f"Thresholds used: at least {t.min_rate_per_min:g} per minute"
            f" and {t.min_on_target * 100:g} % on target"
        )
        # Plain text: a reason such as "on target < 80 %" must not be read as markup.
        self.banner_title.setText(title)
        self.banner.setText("\n".join([*reasons, used]))
        self.verdict.setStyleSheet(
            f"QFrame#verdict {{ background:{bg}; }} QLabel {{ color:{fg}; }}"
        )
        lat = tally.latency
        values = {
            "Comments": str(tally.n),
            "Coded time": minutes(tally.coded_ms),
            "Per minute": "—" if tally.rate_per_min is None else f"{tally.rate_per_min:.2f}",
            "On target": pct(tally.on_target_share),
            "Positive / scaffolding": (
                f"{pct(tally.valence.positive_share)} / {pct(tally.valence.scaffolding_share)}"
            ),
            "Latency (median)": "—" if lat.median_s is None else f"{lat.median_s:.1f} s",
            "Timely": f"{pct(lat.timely_share)} within {lat.timely_limit_s:g} s",
        }
        for name, text in values.items():
            self.figures[name].setText(text)
        self.targets.removeRows(0, self.targets.rowCount())
        for row in tally.by_target:
            self.targets.appendRow(
                [
                    QStandardItem(self.target_names.get(row.target, row.target)),
                    QStandardItem(str(row.n)),
                    QStandardItem(str(row.on_target_n)),
                ]
            )
        problems = [f"Coding error: {e.message}" for e in tally.errors] + list(tally.notes)
        self.notes.setText("\n".join(problems))
        self.windows.show_windows(tally.windows, t.min_rate_per_min)

    def show_trend(self, series: TrendSeries | None) -> None:
        self.trend.show_series(series)
