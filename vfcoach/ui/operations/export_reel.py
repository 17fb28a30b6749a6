"""Render a stored reel to one MP4 with sound: the job the GUI runs on a worker and
`vfcoach reel export` runs inline.

Safety is checked inside `run()`, from the database as it is at that moment, not when the
export was asked for: a scheme edited or a moment recoded since then must still keep a
concern out of caregiver material (domain.md §5). Talking points never reach the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.reels import ReelId
from vfcoach.output import MP4, CheckedTarget
from vfcoach.storage.database import Database
from vfcoach.ui.operations.output_guard import check_output
from vfcoach.ui.operations.reel_export import load_reel_for_export
from vfcoach.video.export import ClipSpec, ExportOptions, ExportReport, render_reel

log = logging.getLogger(__name__)


class ExportReelOperation:
    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        target: str | Path,
        options: ExportOptions | None = None,
        actor: str = "vfcoach",
        viewer: str | None = None,
        replace: bool = False,
    ) -> None:
        self.db = db
        self.replace = replace  # the person said an existing file there may go (--force)
        self.reel_id = reel_id
        self.target = Path(target)
        self.options = options or ExportOptions()
        self.actor = actor
        self.viewer = viewer  # who exports: a refusal names nothing blind coding hides from them
        self.for_caregiver: bool | None = None  # known once run() has checked the reel

    def check_target(self) -> CheckedTarget:
        """Judge the target now (the window asks before replacing); `run` judges it again."""
        return check_output(self.db, self.target, MP4, self.replace)

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> ExportReport:
        target = self.check_target()  # before any work: a refused target costs nothing
        exportable = load_reel_for_export(self.db, self.reel_id, self.viewer)  # or ReelRefused
        self.for_caregiver = exportable.for_caregiver
        specs = [ClipSpec(**clip.spec_kwargs()) for clip in exportable.clips]
        title = self.options.title
        report = render_reel(specs, target, self.options, progress, token)
        with self.db.uow() as uow:
            uow.audit.record(
                self.actor,
                "reel.exported",
                f"reel:{self.reel_id}",
                {
                    "clips": len(specs),
                    "mode": report.mode,
                    "titled": title is not None,
                    "audience": exportable.reel.audience.value,
                },
            )
            uow.commit()
        log.info("reel %s exported (%d clips)", self.reel_id, len(specs))
        return report
