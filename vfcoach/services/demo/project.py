"""The demo family: a generated video, two visits and a coded pass, to try vfcoach safely.

Real family video may never be used to show the software around, so the demo video is
generated (`vfcoach.video.synth.make_demo_video`) and the family is the pseudonymous
`DEMO-01`. Running the operation again returns what exists instead of adding a second demo
family, so `vfcoach --demo` can be run every time. A demo video that is already in the media
folder is reused when it probes as the size and length asked for; one that vanished from
under an existing demo is made again and relinked if its fingerprint still matches.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.ids import CoderId, FamilyId, PassId, RecordingId, VisitId
from vfcoach.coding.project import Recording
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.services.demo.consent import DEMO_CONSENT, grant_demo_consent
from vfcoach.services.demo.script import VISIT_1, VISIT_2, build_annotations
from vfcoach.services.recordings.import_recording import DEFAULT_SCHEME, read_media_facts
from vfcoach.services.recordings.store import kept_only_if_committed, media_key, seal_into_store
from vfcoach.storage.database import Database
from vfcoach.video.errors import MediaError
from vfcoach.video.fingerprint import fingerprint
from vfcoach.video.probe import probe
from vfcoach.video.synth import make_demo_video

log = logging.getLogger(__name__)

DEMO_FAMILY = "DEMO-01"
DEMO_CHILD = "Child A"
DEMO_CODER = "Demo coach"
DEMO_VISIT_DATES = (dt.date(2024, 3, 4), dt.date(2024, 3, 18))
DEMO_SIZE = (640, 360)
DEMO_FPS = 25


@dataclass(frozen=True, slots=True)
class DemoProject:
    family_id: FamilyId
    visit_ids: tuple[VisitId, ...]
    recording_ids: tuple[RecordingId, ...]
    coder_id: CoderId
    pass_ids: tuple[PassId, ...]  # one per recording, the demo coach's
    created: bool  # False when the demo already existed

    @property
    def pass_id(self) -> PassId:
        """The fully coded pass (visit 1), the one to open first."""
        return self.pass_ids[0]


def demo_video_name(seconds: int) -> str:
    return "vfcoach-demo.mp4" if seconds == 150 else f"vfcoach-demo-{seconds}s.mp4"


class DemoProjectOperation:
    """Create the demo family once (idempotent); `seconds` lets tests use a short video."""

    def __init__(self, db: Database, media_dir: str | Path, *, seconds: int = 150) -> None:
        self.db = db
        self.media_dir = Path(media_dir)
        self.seconds = seconds

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> DemoProject:
        existing = self._existing(progress, token)
        if existing is not None:
            progress(1.0, "The demo family is ready")
            return existing
        video = self._video(lambda done, msg: progress(0.8 * done, msg), token)
        facts = read_media_facts(video, lambda done, msg: progress(0.8 + 0.1 * done, msg), token)
        sealed = seal_into_store(video, facts.fingerprint, token=token)  # as any added video
        progress(0.9, "Creating the demo family")
        with kept_only_if_committed([sealed]), self.db.uow() as uow:
            family = uow.families.add(
                DEMO_FAMILY, programme="ABC", recorded_by="demo", consented_by=DEMO_CONSENT
            )
            grant_demo_consent(uow, family.id)
            uow.children.add(family.id, DEMO_CHILD, birth_month="2023-05")
            scheme = uow.schemes.ensure(builtin_scheme(DEFAULT_SCHEME))
            assert scheme.id is not None
            coder = uow.coders.get_or_create(DEMO_CODER)
            visits: list[VisitId] = []
            recordings: list[RecordingId] = []
            passes: list[PassId] = []
            for number, (date, plan) in enumerate(
                zip(DEMO_VISIT_DATES, (VISIT_1, VISIT_2), strict=True), 1
            ):
                visit = uow.visits.add(family.id, number, date=date, programme="ABC")
                recording = uow.recordings.add(
                    visit.id,
                    str(sealed.path),
                    facts,
                    scheme_id=scheme.id,
                    label=f"Demo visit {number}",
                )
                uow.media_keys.set(recording.id, media_key(sealed))
                coding_pass = uow.passes.get_or_create(recording.id, coder.id, scheme.id)
                frame_map = uow.recordings.frame_map(recording.id)
                added = build_annotations(plan, scheme, frame_map, coding_pass.id)
                uow.annotations.apply(AnnotationChange(added=tuple(added)))
                visits.append(visit.id)
                recordings.append(recording.id)
                passes.append(coding_pass.id)
            uow.commit()
        log.info("created the demo family %s", family.id)
        progress(1.0, "The demo family is ready")
        return DemoProject(
            family.id, tuple(visits), tuple(recordings), coder.id, tuple(passes), created=True
        )

    def _existing(self, progress: Progress, token: CancelToken | None) -> DemoProject | None:
        with self.db.uow() as uow:
            family = uow.families.by_code(DEMO_FAMILY)
            if family is None:
                return None
            coder = uow.coders.get_or_create(DEMO_CODER)
            visits = sorted(uow.visits.for_family(family.id), key=lambda v: v.number)
            recordings = [r for v in visits for r in uow.recordings.for_visit(v.id)]
            passes = [
                p.id
                for r in recordings
                for p in uow.passes.for_recording(r.id)
                if p.coder_id == coder.id
            ]
            uow.commit()  # get_or_create may have written the coder
        missing = [r for r in recordings if not Path(r.media_path).is_file()]
        if missing:
            self._restore(missing, progress, token)
        return DemoProject(
            family.id,
            tuple(v.id for v in visits),
            tuple(r.id for r in recordings),
            coder.id,
            tuple(passes),
            created=False,
        )

    def _restore(
        self, missing: list[Recording], progress: Progress, token: CancelToken | None
    ) -> None:
        """Make the demo video again and seal it into the media store; relink only recordings
        it is byte-for-byte the same as."""
        video = self._video(progress, token)
        made = fingerprint(video)
        matching = [r.id for r in missing if r.facts.fingerprint == made]
        if len(matching) < len(missing):
            log.warning("the regenerated demo video differs; the demo needs relinking")
        if not matching:
            return
        sealed = seal_into_store(video, made, token=token)
        with kept_only_if_committed([sealed]), self.db.uow() as uow:
            for rid in matching:
                uow.recordings.set_path(rid, str(sealed.path))
                uow.media_keys.set(rid, media_key(sealed))
            uow.commit()

    def _video(self, progress: Progress, token: CancelToken | None) -> Path:
        """The demo video in the media folder, generated unless a good one is there."""
        self.media_dir.mkdir(parents=True, exist_ok=True)
        target = (self.media_dir / demo_video_name(self.seconds)).absolute()
        if target.is_file() and self._usable(target):
            return target
        part = target.with_name(target.stem + ".part" + target.suffix)  # keeps .mp4 for muxing
        progress(0.0, "Generating the demo video")
        try:
            make_demo_video(
                part,
                seconds=self.seconds,
                fps=DEMO_FPS,
                size=DEMO_SIZE,
                progress=progress,
                token=token,
            )
            part.replace(target)
        finally:
            part.unlink(missing_ok=True)
        return target

    def _usable(self, path: Path) -> bool:
        try:
            info = probe(path)
        except MediaError:
            return False
        return (info.width, info.height) == DEMO_SIZE and abs(
            info.duration_ms - self.seconds * 1000
        ) <= 1000 // DEMO_FPS
