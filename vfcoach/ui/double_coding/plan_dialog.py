"""The "Double coding…" dialog: a supervisor's share, seeded draw, assignments and due list.

It runs the very operations `vfcoach double sample|assign|due|share` run, as the coder
acting in the main window, so a seed typed here draws what the same seed draws in a
script, and every refusal (not a supervisor, the recording's own coach, not the master
coder, a coder who already began) is the operation's own sentence, shown in red. The draw
reads every recording and its passes, so it goes to the worker.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.sampling import MAX_SEED, SampleDraw
from vfcoach.services.access import Actor
from vfcoach.services.reliability.plan import (
    AssignOperation,
    DueItem,
    DueOperation,
    SampleOperation,
    load_share,
    may_plan,
    save_share,
)
from vfcoach.storage.database import Database
from vfcoach.ui.double_coding.plan_model import PlanModel
from vfcoach.ui.runner import Lane, TaskRunner


class DoubleCodingDialog(QDialog):
    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        viewer: Callable[[], Actor],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Double coding")
        self.setModal(False)
        self.resize(940, 560)
        self.db, self.runner, self._viewer = db, runner, viewer
        self.last_draw: SampleDraw | None = None
        self._last_assigned: str | None = None  # keeps the row selected after a change
        self.actor = viewer()  # who plans: the window's acting person, as they were resolved
        self.refusal = may_plan(db, self.actor)
        with db.uow() as uow:
            self.coders = sorted(uow.coders.list(), key=lambda c: c.name)

        self.share = QDoubleSpinBox()
        self.share.setRange(1.0, 100.0)
        self.share.setDecimals(0)
        self.share.setSuffix(" %")
        self.share.setValue(round(load_share(db) * 100))
        self.save_share_button = QPushButton("Save as the organisation's share")
        self.save_share_button.clicked.connect(self.save_share)
        self.seed = QSpinBox()
        self.seed.setRange(0, MAX_SEED)
        self.seed.setValue(secrets.randbelow(MAX_SEED + 1))
        self.seed.setToolTip("The same seed on the same recordings draws the same sample")
        self.new_seed_button = QPushButton("New seed")
        self.new_seed_button.clicked.connect(
            lambda: self.seed.setValue(secrets.randbelow(MAX_SEED + 1))
        )
        self.draw_button = QPushButton("Draw sample")
        self.draw_button.clicked.connect(self.draw)

        self.model = PlanModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.due_only = QCheckBox("Due only")
        self.due_only.setToolTip("Nobody assigned yet, or the second coder has not submitted")
        self.due_only.toggled.connect(self._on_due_only)
        self.coder = QComboBox()
        self.coder.setMinimumContentsLength(22)
        self.assign_button = QPushButton("Change coder")  # the longer text sets the width
        self.assign_button.setMinimumWidth(self.assign_button.sizeHint().width())
        self.assign_button.clicked.connect(self.assign)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        self._lay_out(close)
        self._apply_permission()
        self.refresh()
        self._on_selection(QItemSelection(), QItemSelection())

    def _lay_out(self, close: QPushButton) -> None:
        share_row = QHBoxLayout()
        share_row.addWidget(self.share)
        share_row.addWidget(self.save_share_button)
        share_row.addStretch(1)
        draw_row = QHBoxLayout()
        draw_row.addWidget(self.seed)
        draw_row.addWidget(self.new_seed_button)
        draw_row.addWidget(self.draw_button)
        draw_row.addStretch(1)
        form = QFormLayout()
        role = " (supervisor)" if self.actor.is_supervisor else ""
        who = QLabel(f"Acting as {self.actor.name or 'nobody'}{role}")
        form.addRow("", who)
        form.addRow("Share of each coach's recordings", share_row)
        form.addRow("Seed", draw_row)
        assign_row = QHBoxLayout()
        assign_row.addWidget(self.due_only)
        assign_row.addStretch(1)
        assign_row.addWidget(QLabel("Selected recording's coder:"))
        assign_row.addWidget(self.coder)
        assign_row.addWidget(self.assign_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(assign_row)
        layout.addLayout(bottom)

    def _apply_permission(self) -> None:
        """A non-supervisor sees the plan, and why they cannot change it."""
        if self.refusal is None:
            return
        for widget in (self.save_share_button, self.draw_button, self.assign_button):
            widget.setEnabled(False)
            widget.setToolTip(self.refusal[0].upper() + self.refusal[1:])
        self.note(self.refusal[0].upper() + self.refusal[1:] + ".")

    def note(self, text: str, error: bool = True) -> None:
        self.message.setStyleSheet("color: #a93226;" if error else "color: #444;")
        self.message.setText(text)

    def refresh(self) -> None:
        """Re-read the plan (after a draw or an assignment), keeping the selected recording."""
        chosen = self.selected()
        self.model.set_items(DueOperation(self.db, everything=True).run())
        if chosen is not None:
            for row, item in enumerate(self.model.items()):
                if item.recording_id == chosen.recording_id and item.coder in (
                    chosen.coder,
                    self._last_assigned,
                ):
                    self.table.selectRow(row)
                    break

    def selected(self) -> DueItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def _on_due_only(self, checked: bool) -> None:
        self.model.set_due_only(checked)

    def _on_selection(self, _new: QItemSelection, _old: QItemSelection) -> None:
        """Offer the coders who may code this recording: never its coach; master coders
        also as the master coder."""
        item = self.selected()
        self.coder.clear()
        if item is None:
            self.coder.setEnabled(False)
            self.assign_button.setEnabled(False)
            self.assign_button.setText("Assign")
            return
        for c in self.coders:
            if c.name in (item.coach, item.coder):
                continue
            self.coder.addItem(f"{c.name} (second coder)", (c.name, False))
            if c.is_master:
                self.coder.addItem(f"{c.name} (master coder)", (c.name, True))
        self.coder.setEnabled(self.coder.count() > 0)
        self.assign_button.setText("Change coder" if item.coder else "Assign")
        self.assign_button.setEnabled(self.refusal is None and self.coder.count() > 0)

    def save_share(self) -> None:
        try:
            save_share(self.db, self.share.value() / 100, self.actor)
        except VfcoachError as exc:
            self.note(str(exc))
            return
        self.note(f"The organisation's share is now {self.share.value():.0f} %.", error=False)

    def draw(self) -> None:
        """Draw on the worker with the seed and share shown; the plan refreshes when done."""
        seed, share = self.seed.value(), self.share.value() / 100
        op = SampleOperation(self.db, share, seed, self.actor)
        self.draw_button.setEnabled(False)
        self.note("")
        self.runner.start(
            op.run,
            title="Drawing recordings for double coding",
            on_done=self._drawn,
            on_error=self._draw_failed,
            parent_widget=self,
            lane=Lane.SERIAL,  # the draw writes the plan and its audit entry
        )

    def _drawn(self, result: Any) -> None:
        assert isinstance(result, SampleDraw)
        self.last_draw = result
        self.draw_button.setEnabled(self.refusal is None)
        self.refresh()
        months = sum(1 for s in result.drawn if s.reason == "month")
        extra = f" ({months} to cover a month nobody else did)" if months else ""
        drawn = Counter(s.candidate.coach for s in result.drawn)  # months included
        quotas = "; ".join(
            f"{q.coach} {q.already + drawn[q.coach]} of {q.recordings}" for q in result.quotas
        )
        self.note(
            f"Seed {result.seed}, share {result.share:.0%}: drew {len(result.drawn)} "
            f"recording(s){extra}. Chosen so far: {quotas}. "
            "The same seed on the same recordings draws the same ones.",
            error=False,
        )

    def _draw_failed(self, message: str) -> None:
        self.draw_button.setEnabled(self.refusal is None)
        self.note(message)

    def assign(self) -> None:
        item = self.selected()
        if item is None or self.coder.currentData() is None:
            self.note("Choose a recording in the table and a coder first.")
            return
        name, master = self.coder.currentData()
        try:
            AssignOperation(
                self.db, item.recording_id, name, master, self.actor, replacing=item.coder
            ).run()
        except VfcoachError as exc:
            self.note(str(exc))
            return
        self._last_assigned = name
        self.refresh()
        kind = "master coder" if master else "second coder"
        self.note(f"Recording {item.recording_id}: {name} codes it blind as {kind}.", error=False)
