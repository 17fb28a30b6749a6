"""Export report…: the result on screen as the self-contained HTML (or PDF) report.

The report itself is `vfcoach.reports.reliability_report` (and
`vfcoach.reports.reliability_pdf` for the PDF), fed the very `IrrResult` the view shows,
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
from vfcoach.output import REPORT, CheckedTarget, OutputRefused, write_text, writing
from vfcoach.reports.reliability_pdf import write_pdf
from vfcoach.reports.reliability_report import Report, build_report
from vfcoach.services.access import Actor
from vfcoach.services.audit import log_export
from vfcoach.services.output_guard import check_output
from vfcoach.services.reliability.drift import drift_for_report
from vfcoach.services.reliability.irr import IrrResult
from vfcoach.services.retention.register import registered_for_recordings
from vfcoach.storage.database import Database
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.save_target import Confirm, ask_replace, judged

FILTERS = "HTML report (*.html);;PDF (*.pdf)"


def report_job(
    db: Database, result: IrrResult, viewer: Actor | None, target: CheckedTarget
) -> Callable[[Progress, CancelToken], Report]:
    """Read the drift, build the report and, for HTML, write it (all Qt-free)."""

    def job(progress: Progress, token: CancelToken) -> Report:
        progress(0.1, "Reading drift against the master coder")
        drift, note = drift_for_report(db, result, viewer)
        token.check()
        report = build_report(result, drift, note, for_pdf=target.suffix == ".pdf")
        if target.suffix != ".pdf":
            shown = [r.recording_id for r in result.recordings]  # issue 14 §2: erases find it
            with registered_for_recordings(db, shown, "report"):
                write_text(target, report.html)
        log_export(
            db, viewer, "reliability_report", "reliability:report", {"format": target.suffix}
        )
        progress(1.0, f"Report written to {target.given.name}")
        return report

    return job


class ReportExporter:
    """The button and what it does; `ask_path` is replaceable so a test can name the file."""

    def __init__(
        self,
        parent: QWidget,
        db: Database,
        runner: TaskRunner,
        viewer: Callable[[], Actor | None],
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
        self.confirm_replace: Confirm = lambda path: ask_replace(self.parent, path)
        self.written: Path | None = None

    def _ask(self) -> Path | None:
        name, chosen = QFileDialog.getSaveFileName(
            self.parent, "Export reliability report", "reliability-report.html", FILTERS,
            options=QFileDialog.Option.DontConfirmOverwrite,  # the policy asks (save_target)
        )  # fmt: skip
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
        target = judged(
            lambda replace: check_output(self.db, path, REPORT, replace),
            self._confirm,
            lambda message: self._say(f"The report was not written: {message}", True),
        )
        if target is None:
            return
        job = report_job(self.db, result, self._viewer(), target)
        self.runner.start(
            job,
            title="Writing the reliability report",
            on_done=lambda report: self._done(report, target),
            on_error=lambda text: self._say(text, True),
            parent_widget=self.parent,
        )

    def _confirm(self, existing: Path) -> bool:
        replace = self.confirm_replace(existing)
        if not replace:
            self._say(f"The report was not written: {existing.name} was kept as it is.", False)
        return replace

    def _done(self, report: Any, target: CheckedTarget) -> None:
        path = target.given
        try:
            if target.suffix == ".pdf":
                result = self._result()  # issue 14 §2: each family's erase finds the report
                shown = [] if result is None else [r.recording_id for r in result.recordings]
                with registered_for_recordings(self.db, shown, "report"), writing(target) as part:
                    pages = write_pdf(report, part)
                self._say(f"Report written to {path} ({pages} page(s)).", False)
            else:
                self._say(f"Report written to {path}.", False)
        except (OSError, OutputRefused) as exc:
            self._say(f"The report could not be written: {exc}", True)
            return
        self.written = path
