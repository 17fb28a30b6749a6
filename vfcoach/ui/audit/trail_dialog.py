"""*Audit trail…*: the entries a supervisor may read, filtered by family and day, and a button
that checks the whole chain and says in plain words whether anything was changed.

Both the reading and the check run on the task runner's read lane: a long trail never
freezes the window. The result of a check stays on screen until the next one.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.audit import AuditEvent
from vfcoach.coding.audit_chain import ChainReport, utc_iso
from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.services.audit import TrailQuery, read_trail, verify_trail
from vfcoach.storage.database import Database
from vfcoach.ui.audit.trail_model import TrailModel
from vfcoach.ui.runner import Lane, TaskRunner

INTRO = (
    "Every entry below is linked to the one before it, so no entry can be changed or "
    "removed without it showing. Entries name families by code and records by number only."
)


def plain_report(report: ChainReport) -> str:
    """The check's result for a person: all in place, or where and what went wrong."""
    if report.intact:
        return f"All {report.count} entries are in place: nothing has been changed or removed."
    lines = ["The audit trail has been changed outside vfcoach."]
    b = report.broken
    if b is not None:
        when = "" if b.at is None else f" (written {utc_iso(b.at)[:19].replace('T', ' ')} UTC)"
        lines.append(f"Entry {b.seq}{when}: {b.reason}.")
    if report.problem is not None:
        lines.append(
            "The guard that stops anyone changing the trail was removed, so a change made "
            "since may not show as one."
        )
    lines.append("Tell your data protection lead; keep a copy of this database as it is.")
    return " ".join(lines)


class AuditTrailDialog(QDialog):
    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.runner = db, runner
        self.setWindowTitle("Audit trail")
        self.resize(900, 520)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)

        self.family = QLineEdit()
        self.family.setPlaceholderText("All families")
        self.family.setAccessibleName("Family code")
        self.family.returnPressed.connect(self.load)
        self.since_on = QCheckBox("From")
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("d MMM yyyy")
        self.since.setEnabled(False)
        self.since_on.toggled.connect(self.since.setEnabled)
        self.show_button = QPushButton("Show")
        self.show_button.clicked.connect(self.load)
        filters = QHBoxLayout()
        family_label = QLabel("Family &code:")
        family_label.setBuddy(self.family)
        for w in (family_label, self.family, self.since_on, self.since, self.show_button):
            filters.addWidget(w)
        filters.addStretch(1)

        self.model = TrailModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.count = QLabel("")

        self.check_button = QPushButton("Check the trail")
        self.check_button.setToolTip("Check that no entry has been changed or removed")
        self.check_button.clicked.connect(self.check)
        self.verdict = QLabel("")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # room for the longest verdict: a wrapped label does not grow its dialog by itself
        self.verdict.setMinimumHeight(self.verdict.fontMetrics().lineSpacing() * 4)
        checking = QHBoxLayout()
        checking.addWidget(self.check_button)
        checking.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(checking)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        self.last_report: ChainReport | None = None
        self.load()

    # -- reading -----------------------------------------------------------------------------
    def query(self) -> TrailQuery:
        code = self.family.text().strip() or None
        since = self.since.date().toPython() if self.since_on.isChecked() else None
        assert since is None or isinstance(since, dt.date)
        return TrailQuery(code, since)

    def load(self) -> None:
        query, db = self.query(), self.db

        def job(progress: Progress, token: CancelToken) -> list[AuditEvent]:
            return read_trail(db, query)

        self.show_button.setEnabled(False)
        self.count.setText("Reading the audit trail…")
        self.runner.start_quiet(job, self._loaded, self._load_failed, owner=self)

    def _loaded(self, events: list[AuditEvent]) -> None:
        self.show_button.setEnabled(True)
        self.model.set_events(events)
        self.count.setText(f"{len(events)} entries shown." if events else "No entries to show.")

    def _load_failed(self, message: str) -> None:
        self.show_button.setEnabled(True)
        self.model.set_events([])
        self.count.setText(f"Nothing shown: {message}")

    # -- checking ----------------------------------------------------------------------------
    def check(self) -> None:
        db = self.db

        def job(progress: Progress, token: CancelToken) -> ChainReport:
            return verify_trail(db, progress, token)

        self.check_button.setEnabled(False)
        self.verdict.setText("Checking…")
        self.runner.start(
            job,
            title="Checking the audit trail",
            on_done=self._checked,
            on_error=self._check_failed,
            parent_widget=self,
            lane=Lane.PARALLEL,
            owner=self,
        )

    def _checked(self, report: ChainReport) -> None:
        self.check_button.setEnabled(True)
        self.last_report = report
        self.verdict.setText(plain_report(report))
        colour = "#1b5e20" if report.intact else "#b71c1c"
        self.verdict.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _check_failed(self, message: str) -> None:
        self.check_button.setEnabled(True)
        self.verdict.setStyleSheet("")
        self.verdict.setText(f"The check could not run: {message}")

    def done(self, result: int) -> None:
        self.runner.discard(self)
        super().done(result)
