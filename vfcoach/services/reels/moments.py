"""Hand-picked moments for a reel: several chosen events at once, and a new empty reel.

A coach who picks five events wants the four good ones in the reel even when one is
refused (a moment of concern nearby, a code never shown to caregivers, another family's
recording, a hidden blind pass). So each event is added on its own, through
`AddClipOperation` and its full check of the reel, in its own transaction; a refusal is
collected with its reasons and the next event is tried. Nothing is half-added: an event is
either a stored clip or a listed refusal. The same class serves *Add to reel…* in the main
window and `vfcoach reel add --annotation` on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId, VisitId
from vfcoach.coding.reels import (
    Audience,
    Problem,
    Reel,
    ReelClip,
    ReelId,
    ReelRefused,
    Severity,
)
from vfcoach.services.access import Actor, audit_name
from vfcoach.services.blind_view import BlindView
from vfcoach.services.reels.clips import AddClipOperation, ReelResult, checked_save
from vfcoach.services.reels.evidence import reel_settings
from vfcoach.storage.database import Database


@dataclass(frozen=True, slots=True)
class MomentRefused:
    """One event that did not become a clip, and every reason, in the coach's words."""

    annotation_id: AnnotationId
    label: str  # "NUR at 00:00:10.000", or the id when the event cannot be read
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MomentsAdded:
    """The reel after the last successful add; the clips added and the events refused."""

    reel: Reel
    added: tuple[ReelClip, ...]
    refused: tuple[MomentRefused, ...]
    warnings: tuple[Problem, ...]


def _reasons(exc: VfcoachError) -> tuple[str, ...]:
    if isinstance(exc, ReelRefused) and exc.problems:
        return tuple(p.message for p in exc.problems)
    return (str(exc),)


class AddMomentsOperation:
    """Add each chosen event as a clip with the reel's pre/post-roll, in playing order."""

    def __init__(
        self,
        db: Database,
        reel_id: ReelId,
        annotation_ids: list[AnnotationId],
        actor: Actor | None = None,
        caption: str = "",
        talking_point: str = "",
    ) -> None:
        self.db, self.reel_id = db, reel_id
        self.annotation_ids = list(dict.fromkeys(annotation_ids))  # once each, first order kept
        self.actor = actor  # who adds, and reads the events as they may (blind coding)
        self.caption, self.talking_point = caption, talking_point

    def _in_playing_order(self) -> tuple[list[AnnotationId], dict[AnnotationId, str]]:
        """The events sorted by time, and a label for each one the viewer may read.

        An event of a pass hidden by blind double coding keeps its id as its label: its
        code and time would tell the coach what the other coder marked.
        """
        labels: dict[AnnotationId, str] = {}
        when: dict[AnnotationId, tuple[int, int]] = {}
        with self.db.uow() as uow:
            blind = BlindView(uow, self.actor)
            for annotation_id in self.annotation_ids:
                try:
                    a = uow.annotations.get(annotation_id)
                    recording = uow.passes.get(a.pass_id).recording_id
                except VfcoachError:
                    continue  # refused with its reason when it is added
                if a.pass_id in blind.hidden_passes(recording):
                    continue  # refused by the blind guard when it is added
                labels[a.id] = f"{a.code_key} at {format_ms(a.onset.pts_ms)}"
                when[a.id] = (recording, a.onset.pts_ms)
        ordered = sorted(self.annotation_ids, key=lambda i: when.get(i, (1 << 62, 0)))
        return ordered, labels

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> MomentsAdded:
        if not self.annotation_ids:
            raise ReelRefused([Problem(Severity.ERROR, "choose at least one event to add")])
        ordered, labels = self._in_playing_order()
        with self.db.uow() as uow:
            reel = uow.reels.get(self.reel_id)
        added: list[ReelClip] = []
        refused: list[MomentRefused] = []
        warnings: tuple[Problem, ...] = ()
        for n, annotation_id in enumerate(ordered):
            if token is not None:
                token.check()
            label = labels.get(annotation_id, f"event {annotation_id}")
            progress(n / len(ordered), label)
            op = AddClipOperation(
                self.db, self.reel_id, annotation_id, caption=self.caption,
                talking_point=self.talking_point, actor=self.actor,
            )  # fmt: skip
            try:
                result = op.run()
            except VfcoachError as exc:
                refused.append(MomentRefused(annotation_id, label, _reasons(exc)))
                continue
            reel, warnings = result.reel, result.warnings
            added.append(reel.clips[-1])
        progress(1.0, f"{len(added)} added, {len(refused)} refused")
        return MomentsAdded(reel, tuple(added), tuple(refused), warnings)


class NewReelOperation:
    """An empty reel for a visit, to fill by hand (suggestions come from `CreateReelOperation`)."""

    def __init__(
        self,
        db: Database,
        visit_id: VisitId,
        title: str = "",
        audience: Audience = Audience.CAREGIVER,
        actor: Actor | None = None,
    ) -> None:
        self.db, self.visit_id, self.audience = db, visit_id, audience
        self.title = " ".join(title.split())
        self.actor = actor

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> ReelResult:
        with self.db.uow() as uow:
            settings = reel_settings(uow)
            visit = uow.visits.get(self.visit_id)
            reel = Reel(
                visit_id=visit.id,
                family_id=visit.family_id,
                title=self.title or f"Visit {visit.number} moments",
                created_by=audit_name(self.actor),
                clips=(),
                pre_roll_ms=settings.pre_roll_ms,
                post_roll_ms=settings.post_roll_ms,
                audience=self.audience,
            )
            result = checked_save(uow, reel, settings, self.actor, "made by hand")
            uow.commit()
        return result
