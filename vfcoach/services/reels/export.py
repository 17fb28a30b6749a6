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

import dataclasses
import logging
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.face_blur import Showing, check_blur
from vfcoach.coding.reels import Audience, CaptionLint, Problem, ReelId, ReelRefused
from vfcoach.output import MP4, CheckedTarget
from vfcoach.services.access import Actor, audit_name
from vfcoach.services.consent_gates import agreed_extras, require_reel_consent
from vfcoach.services.output_guard import check_output
from vfcoach.services.recordings.local_media import find_local_media
from vfcoach.services.reels.resolved import ExportableReel, load_reel_for_export
from vfcoach.services.retention.register import registered_writes
from vfcoach.storage.database import Database
from vfcoach.video.export import ExportOptions, ExportReport, WrittenCheck, render_reel
from vfcoach.video.export.plan import plan_reel
from vfcoach.video.source import MediaSource

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReelExportReport(ExportReport):
    """The video's report plus what the reel check decided, read with the clips it rendered.

    `audience` is the reel's audience as checked at export (the caregiver window may show
    only a caregiver reel), `rule_warnings` the reel rules' warnings (errors were refused),
    and `talking_points` the coach-only notes of `clips`, one each in the same order, read
    in the same transaction as the captions `clips[i].caption` rendered. Talking points never
    reach the file; they are here for the coach's companion screen only. `caption_lint` is the
    caption check the export passed, narrowed to the reel's family: the caregiver window runs
    it again on every caption it draws.
    """

    audience: Audience = Audience.CAREGIVER
    rule_warnings: tuple[Problem, ...] = ()
    talking_points: tuple[str, ...] = ()
    caption_lint: CaptionLint = dataclasses.field(default_factory=CaptionLint)

    @property
    def for_caregiver(self) -> bool:
        return self.audience is Audience.CAREGIVER


def written_check(exportable: ExportableReel) -> WrittenCheck:
    """The reel's safety rule on the frames a fast copy of clip `number` would really show."""

    def check(number: int, first: int, last: int) -> str | None:
        reasons = exportable.written_reasons(number - 1, first, last)
        return "; ".join(reasons) if reasons else None

    return check


def fast_mode_notes(db: Database, reel_id: ReelId, actor: Actor | None = None) -> list[str]:
    """What a fast export of the reel would do differently, before the coach exports.

    The editor shows these when Fast is chosen: the same plan the export makes, so a clip
    whose keyframe lead-in shows a moment of concern is announced as cut exactly. A reel
    refused as it stands has no plan (its refusal is what the editor shows).
    """
    try:
        exportable = load_reel_for_export(db, reel_id, actor)
    except ReelRefused:
        return []
    if not exportable.clips:
        return []
    specs = [clip.spec() for clip in exportable.clips]
    checked = {id(c.media): c.media.media_info() for c in exportable.clips}  # once per file
    infos = [checked[id(c.media)] for c in exportable.clips]  # a changed file says so here
    options = ExportOptions(mode="fast", captions="none")
    return plan_reel(specs, infos, options, written_check(exportable)).warnings


def with_local_media(
    exportable: ExportableReel, progress: Progress, token: CancelToken | None
) -> ExportableReel:
    """The reel with each recording whose video is not at its stored path on this computer
    looked for in this computer's media folders (once per recording)."""
    found: dict[int, MediaSource] = {}
    for clip in exportable.clips:
        if id(clip.media) not in found:
            found[id(clip.media)] = find_local_media(clip.media, progress, token)
    clips = tuple(dataclasses.replace(c, media=found[id(c.media)]) for c in exportable.clips)
    return dataclasses.replace(exportable, clips=clips)


class ExportReelOperation:
    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        target: str | Path,
        options: ExportOptions | None = None,
        actor: Actor | None = None,
        replace: bool = False,
        showing: Showing | None = None,
        unblurred_agreed: bool = False,
    ) -> None:
        self.db = db
        self.replace = replace  # the person said an existing file there may go (--force)
        self.reel_id = reel_id
        self.target = Path(target)
        self.options = options or ExportOptions()
        self.actor = actor  # who exports: a refusal names nothing blind coding hides from them
        self.for_caregiver: bool | None = None  # known once run() has checked the reel
        # who will watch (None: the reel's own audience); a training showing needs face blur
        # unless the family's training consent agrees (`unblurred_agreed`, from that record)
        self.showing = showing
        self.unblurred_agreed = unblurred_agreed
        self.purpose: str | None = None  # "training": shown to other staff (consent, §7.2)

    def check_target(self) -> CheckedTarget:
        """Judge the target now (the window asks before replacing); `run` judges it again."""
        return check_output(self.db, self.target, MP4, self.replace)

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> ReelExportReport:
        target = self.check_target()  # before any work: a refused target costs nothing
        exportable = load_reel_for_export(self.db, self.reel_id, self.actor)  # or ReelRefused
        showing = self.showing or Showing(exportable.reel.audience.value)
        purpose = "training" if showing is Showing.TRAINING else self.purpose
        require_reel_consent(
            self.db, exportable.reel, self.actor, purpose
        )  # caregiver viewing/training
        # Faces unblurred in training only where the family's training consent in force says
        # so: the record decides (`unblurred_agreed` from a caller is not enough on its own).
        _clean, agreed = agreed_extras(self.db, exportable.reel.family_id)
        check_blur(showing, agreed, self.options.face_blur is not None)
        exportable = with_local_media(exportable, progress, token)
        self.for_caregiver = exportable.for_caregiver
        specs = [clip.spec() for clip in exportable.clips]
        title = self.options.title
        with registered_writes(self.db, [exportable.reel.family_id], "reel"):  # issue 14 §2
            video = render_reel(  # checks each recording's fingerprint before making any file
                specs, target, self.options, progress, token, written_check(exportable)
            )
        report = ReelExportReport(
            **{f.name: getattr(video, f.name) for f in dataclasses.fields(ExportReport)},
            audience=exportable.reel.audience,
            rule_warnings=exportable.warnings,
            talking_points=tuple(c.clip.talking_point for c in exportable.clips),
            caption_lint=exportable.evidence.lint.for_family(exportable.reel.family_id),
        )
        with self.db.uow() as uow:
            uow.audit.record(
                audit_name(self.actor),
                "reel.exported",
                f"reel:{self.reel_id}",
                {
                    "clips": len(specs),
                    "mode": report.mode,
                    "titled": title is not None,
                    "audience": exportable.reel.audience.value,
                    "showing": showing.value,
                    "faces_blurred": self.options.face_blur is not None,
                    "watermark": None
                    if self.options.watermark is None
                    else self.options.watermark.text,
                },
            )
            uow.commit()
        log.info("reel %s exported (%d clips)", self.reel_id, len(specs))
        return report
