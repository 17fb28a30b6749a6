"""Render a stored reel to one MP4 with sound: the job the GUI runs on a worker and
`vfcoach reel export` runs inline.

Safety is checked inside `run()`, from the database as it is at that moment, not when the
export was asked for: a scheme edited or a moment recoded since then must still keep a
concern out of caregiver material (domain.md §5). Talking points never reach the file.
A fast export is judged on the frames it would really copy: a clip whose keyframe lead-in
(up to 10 s on phone video) or B-frame tail shows a moment of concern is cut exactly
instead (which makes the whole reel exact), and the report says so.
"""

from __future__ import annotations

import logging
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.reels import ReelId, ReelRefused
from vfcoach.output import MP4, CheckedTarget
from vfcoach.services.output_guard import check_output
from vfcoach.services.reels.resolved import ExportableReel, load_reel_for_export
from vfcoach.storage.database import Database
from vfcoach.video.export import ClipSpec, ExportOptions, ExportReport, WrittenCheck, render_reel
from vfcoach.video.export.plan import plan_reel
from vfcoach.video.probe import probe

log = logging.getLogger(__name__)


def written_check(exportable: ExportableReel) -> WrittenCheck:
    """The reel's safety rule on the frames a fast copy of clip `number` would really show."""

    def check(number: int, first: int, last: int) -> str | None:
        reasons = exportable.written_reasons(number - 1, first, last)
        return "; ".join(reasons) if reasons else None

    return check


def fast_mode_notes(db: Database, reel_id: ReelId, viewer: str | None = None) -> list[str]:
    """What a fast export of the reel would do differently, before the coach exports.

    The editor shows these when Fast is chosen: the same plan the export makes, so a clip
    whose keyframe lead-in shows a moment of concern is announced as cut exactly. A reel
    refused as it stands has no plan (its refusal is what the editor shows).
    """
    try:
        exportable = load_reel_for_export(db, reel_id, viewer)
    except ReelRefused:
        return []
    if not exportable.clips:
        return []
    specs = [ClipSpec(**clip.spec_kwargs()) for clip in exportable.clips]
    infos = [probe(spec.source) for spec in specs]
    options = ExportOptions(mode="fast", captions="none")
    return plan_reel(specs, infos, options, written_check(exportable)).warnings


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
        report = render_reel(
            specs, target, self.options, progress, token, written_check(exportable)
        )
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
