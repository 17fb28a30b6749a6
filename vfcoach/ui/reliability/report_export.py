"""Export report…: the result on screen as the self-contained HTML (or PDF) report.

The report itself is E1's writer (`vfcoach.ui.operations.reliability_report`, and
`vfcoach.ui.reliability_report.pdf` for the PDF), fed the very `IrrResult` the view shows,
so report and view cannot differ. Building it reads the drift against the master coder,
which can take a while, so that runs on the worker; the PDF is laid out by Qt, so it is
written back on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.storage.database import Database
from vfcoach.ui.operations.reliability import IrrResult
from vfcoach.ui.operations.reliability_report import Report, build_report, drift_for_report
from vfcoach.ui.reliability_report.pdf import write_pdf
from vfcoach.ui.runner import OperationRunner

FILTERS = "HTML report (*.html);;PDF (*.pdf)"


def report_job(
    db: Database, result: IrrResult, viewer: str | None, path: Path
) -> Callable[[Progress, CancelToken], Report]:
    """Read the drift, build the report and, for HTML, write it (all Qt-free)."""

    def job(progress: Progress, token: CancelToken) -> Report:
        progress(0.1, "Reading drift against the master coder")
        drift, note = drift_for_report(db, result, viewer)
        token.check()
        report = build_report(result, drift, note, for_pdf=path.suffix.lower() == ".pdf")
        if path.suffix.lower() != ".pdf":
            path.write_text(report.html, encoding="utf-8")
        progress(1.0, f"Report written to {path.name}")
        return report

    return job


class ReportExporter:
    """The button and what it does; `ask_path` is replaceable so a test can name the file."""

    def __init__(
        self,
        parent: QWidget,
        db: Database,
        runner: OperationRunner,
        viewer: Callable[[], str | None],
        result: Callable[[], IrrResult | None],
        say: Callable[[str, bool], None],
    ) -> None:
        self.parent, self.db, self.runner = parent, db, runner
        self._viewer, self._result, self._say = viewer, result, say
        self.button = QPushButton("Export report…")
        self.button.setAutoDefault(False)
        self.button.setEnabled(False)
        self.button.clicked.connect(self.export)
        self.ask_path: Callable[[], Path | None] = self._ask
        self.written: Path | None = None

    def _ask(self) -> Path | None:
        name, chosen = QFileDialog.getSaveFileName(
            self.parent, "Export reliability report", "reliability-report.html", FILTERS
        )
        if not name:
            return None
        path = Path(name)
        if not path.suffix:
            path = path.with_suffix(".pdf" if chosen.startswith("PDF") else ".html")
        return path

    def export(self) -> None:
        result = self._result()
        if result is None:
            return
        path = self.ask_path()
        if path is None:
            return
        self.written = None
        job = report_job(self.db, result, self._viewer(), path)
        self.runner.start(
            job,
            title="Writing the reliability report",
            on_done=lambda report: self._done(report, path),
            on_error=lambda text: self._say(text, True),
            parent_widget=self.parent,
        )

    def _done(self, report: Any, path: Path) -> None:
        try:
            if path.suffix.lower() == ".pdf":
                pages = write_pdf(report, path)
                self._say(f"Report written to {path} ({pages} page(s)).", False)
            else:
                self._say(f"Report written to {path}.", False)
        except OSError as exc:
            self._say(f"The report could not be written: {exc}", True)
            return
        self.written = path
