"""The "Agreement" tab: the figures, per-code κ, the confusion heatmap and the ICC.

Plain text in small HTML tables rather than a grid of widgets: a supervisor reads these
figures, copies them into a note, and compares them with `vfcoach irr`; rich text selects
and copies naturally, and the layout stays calm however many codes there are.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.reliability import AgreementTable, KappaStats
from vfcoach.services.reliability.irr import IrrResult
from vfcoach.ui.reliability.confusion_model import ConfusionModel
from vfcoach.ui.reliability.figures import (
    Line,
    event_lines,
    icc_rows,
    kappa_lines,
    number,
    per_code_rows,
)

_TABLE = '<table cellspacing="0" cellpadding="3">{}</table>'


def _rows(cells: Sequence[Sequence[str]], head: Sequence[str] = ()) -> str:
    out = "".join(f"<th align='left'>{html.escape(h)}</th>" for h in head)
    out = f"<tr>{out}</tr>" if head else ""
    for row in cells:
        out += "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
    return _TABLE.format(out)


def _label(rich: bool = True) -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class FiguresPanel(QWidget):
    """Shows one `IrrResult`; `lines` keeps exactly what is on screen for tests and copying."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: IrrResult | None = None
        self.lines: list[Line] = []
        self.heading = _label()
        self.group_box = QComboBox()
        self.group_box.currentTextChanged.connect(self._show_group)
        self.group_row = QWidget()
        row = QHBoxLayout(self.group_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Code group (ME&E set):"))
        row.addWidget(self.group_box, 1)
        self.figures = _label()
        self.per_code = _label()
        self.icc = _label()
        self.confusion = ConfusionModel()
        self.heatmap = QTableView()
        self.heatmap.setModel(self.confusion)
        self.heatmap.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.heatmap.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.heatmap.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        for header in (self.heatmap.horizontalHeader(), self.heatmap.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.heatmap_caption = _label(rich=False)

        left = QVBoxLayout()
        left.addWidget(self.figures)
        left.addWidget(self.per_code)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.heatmap_caption)
        right.addWidget(self.heatmap)
        right.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.group_row)
        layout.addLayout(body, 1)
        layout.addWidget(self.icc)
        self.show_result(None)

    def show_result(self, result: IrrResult | None) -> None:
        self.result = result
        self.group_box.blockSignals(True)
        self.group_box.clear()
        self.group_box.blockSignals(False)
        self.group_row.setVisible(bool(result and result.time))
        if result is None:
            self.heading.setText("<i>Pick two coders and press Compute.</i>")
            self._show_stats(None, None, "units")
            self.icc.clear()
            return
        s = result.settings
        n_rec = len(result.recordings)
        what = (
            f"event-based, tolerance ±{s.tolerance_ms / 1000:g} s"
            + (", within categories" if s.within_category else "")
            if s.method == "event"
            else f"time-unit, {s.slice_ms / 1000:g}-s slices, ±{s.tolerance_slices} slice(s)"
        )
        notes = "".join(f"<br><i>{html.escape(n)}</i>" for n in result.notes)
        self.heading.setText(
            f"<b>{html.escape(result.coder_a)}</b> (A) and <b>{html.escape(result.coder_b)}"
            f"</b> (B) · {n_rec} recording{'s' if n_rec != 1 else ''} · {what}"
            f"<br><small>{html.escape(result.matching_rule)}</small>{notes}"
        )
        if result.without_codes:
            self._show_nothing_to_compare(result)
            return
        if result.event is not None:
            self._show_stats(result.event.stats, result.event.table, "alignment rows")
            self.lines[1:1] = event_lines(result.event)
            self._render_lines()
        elif result.time:
            self.group_box.addItems(list(result.time))
        self._show_icc(result)

    def _show_nothing_to_compare(self, result: IrrResult) -> None:
        """A coder without a single code: say so instead of a κ of 0.00 (no agreement figure
        means anything against nothing)."""
        empty = result.without_codes
        who = " and ".join(empty)
        where = (
            f"this recording ({result.recordings[0].label})"
            if len(result.recordings) == 1
            else f"any of these {len(result.recordings)} recordings"
        )
        has = "have" if len(empty) > 1 else "has"
        self.group_row.setVisible(False)
        self._show_stats(None, None, "units")
        self.heading.setText(
            f"<b>{html.escape(who)} {has} no codes on {html.escape(where)} yet</b>, so there "
            "is nothing to compare and no agreement figure is given.<br>Compute again once "
            "both coders have coded it."
        )
        self.icc.clear()

    def _show_group(self, group: str) -> None:
        if self.result is None or not self.result.time or group not in self.result.time:
            return
        tu = self.result.time[group]
        self._show_stats(tu.stats, tu.table, f"{tu.slice_ms / 1000:g}-s slices")

    def _show_stats(
        self, stats: KappaStats | None, table: AgreementTable | None, unit: str
    ) -> None:
        r = self.result
        coder_a, coder_b = (r.coder_a, r.coder_b) if r else ("A", "B")
        self.confusion.set_table(table, coder_a, coder_b)
        self.heatmap.setVisible(table is not None)
        if stats is None or r is None:
            self.lines = []
            self.figures.clear()
            self.per_code.clear()
            self.heatmap_caption.clear()
            return
        self.lines = kappa_lines(stats, r.settings, unit)
        self._render_lines()
        codes = per_code_rows(stats)
        self.per_code.setText(
            "<b>κ per code</b> (each code against all others)" + _rows(codes) if codes else ""
        )
        self.heatmap_caption.setText(
            f"Rows: {coder_a} (A) · columns: {coder_b} (B) · the diagonal is agreement; "
            "shading is the share of each row"
        )

    def _render_lines(self) -> None:
        cells = [(ln.label, ln.value) for ln in self.lines]
        self.figures.setText(_rows(cells))
        self.figures.setToolTip("\n".join(f"{ln.label}: {ln.hint}" for ln in self.lines if ln.hint))

    def _show_icc(self, result: IrrResult) -> None:
        if len(result.recordings) < 2:
            self.icc.setText(
                "<i>ICC of the tallies needs several recordings both coded "
                "(choose “all recordings both coded”).</i>"
            )
            return
        head = ("Tally", "Form", "ICC", "95 % CI", "Koo & Li band of the CI", "Recordings")
        per_rec = [
            (
                p.label,
                number(p.event.stats.kappa) if p.event else "—",
                str(p.event.stats.n) if p.event else "—",
            )
            for p in result.recordings
        ]
        per = (
            "<b>Per recording</b>" + _rows(per_rec, ("Recording", "κ", "n")) if result.event else ""
        )
        self.icc.setText(
            "<b>ICC of the ITM tallies across recordings</b>"
            + _rows(icc_rows(result.icc), head)
            + per
        )
