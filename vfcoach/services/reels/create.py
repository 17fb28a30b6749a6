"""Create a reel from suggestions: a coder's strength moments on a visit (domain.md §5).

The moments come from passes read as the acting person may (blind double coding), ranked
across the visit's recordings; the new reel is saved through `clips.checked_save`, so the
full rule set for its audience runs before anything is written, as for every other edit.
"""

from __future__ import annotations

import logging

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.ids import SchemeId, VisitId
from vfcoach.coding.reels import Audience, Problem, Reel, suggest_moments
from vfcoach.coding.reels.problems import ReelRefused, Severity
from vfcoach.coding.reels.suggest import Suggestion
from vfcoach.coding.text_rules import shown
from vfcoach.services.access import Actor, BlindGuard, audit_name
from vfcoach.services.reels.clips import ReelResult, checked_save
from vfcoach.services.reels.evidence import EvidenceReader, reel_settings
from vfcoach.services.reels.sources import readable_passes
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class CreateReelOperation:
    """Suggest strength moments from one coder's passes on a visit and store them as a reel."""

    def __init__(
        self,
        db: Database,
        visit_id: VisitId,
        from_codes: list[str] | None = None,
        max_clips: int = 5,
        pre_ms: int | None = None,
        post_ms: int | None = None,
        coder_name: str | None = None,
        actor: Actor | None = None,
        title: str | None = None,
        audience: Audience = Audience.CAREGIVER,
    ) -> None:
        self.db = db
        self.audience = audience
        self.actor = actor  # who is acting: reads passes as they may (blind double coding)
        self.visit_id = visit_id
        self.from_codes = (
            None if from_codes is None else [c.strip() for c in from_codes if c.strip()]
        )
        self.max_clips = max_clips
        self.pre_ms = pre_ms
        self.post_ms = post_ms
        self.coder_name = coder_name
        self.title = title

    def _check_codes(self, uow: UnitOfWork, scheme_ids: set[SchemeId]) -> None:
        """`--from-codes BOGUS` is refused by name, not answered with an empty reel."""
        if not self.from_codes or not scheme_ids:
            return
        known = {c.key for sid in scheme_ids for c in uow.schemes.get(sid).codes}
        unknown = [c for c in self.from_codes if c not in known]
        if unknown:
            names = ", ".join(shown(c) for c in unknown)
            message = f"unknown code(s) {names}: not in this visit's code scheme"
            raise ReelRefused([Problem(Severity.ERROR, message)])

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> ReelResult:
        if self.max_clips < 1:
            raise ReelRefused([Problem(Severity.ERROR, "ask for at least one clip")])
        with self.db.uow() as uow:
            settings = reel_settings(uow)
            pre = settings.pre_roll_ms if self.pre_ms is None else self.pre_ms
            post = settings.post_roll_ms if self.post_ms is None else self.post_ms
            visit = uow.visits.get(self.visit_id)
            visit_recordings = uow.recordings.for_visit(visit.id)
            recordings = [r.id for r in visit_recordings]
            reader = EvidenceReader(uow, self.actor)
            schemes = {r.scheme_id for r in visit_recordings if r.scheme_id is not None}
            self._check_codes(uow, schemes)
            found: list[Suggestion] = []
            guard = BlindGuard(uow, self.actor)
            for n, cpass in enumerate(readable_passes(guard, recordings, self.coder_name)):
                if token is not None:
                    token.check()
                progress(n / max(1, len(recordings)), f"recording {cpass.recording_id}")
                coded = reader.coded(cpass.recording_id)  # read once per recording
                suggestions = suggest_moments(
                    [a for a in coded.annotations if a.pass_id == cpass.id],
                    reader.scheme(cpass.scheme_id),
                    reader.frame_map(cpass.recording_id),
                    cpass.recording_id,
                    max_clips=self.max_clips,
                    pre_ms=pre,
                    post_ms=post,
                    codes=self.from_codes,
                    coded=coded,
                    typical_max_ms=settings.limits.clip_typical_max_ms,
                )
                found += suggestions
            # Several recordings: the best-ranked moments across them, then in playing order.
            best = sorted(found, key=lambda s: s.rank)[: self.max_clips]
            clips = sorted((s.clip for s in best), key=lambda c: (c.recording_id, c.start.pts_ms))
            reel = Reel(
                visit_id=visit.id,
                family_id=visit.family_id,
                title=self.title or f"Visit {visit.number} highlights",
                created_by=audit_name(self.actor),
                clips=tuple(clips),
                pre_roll_ms=pre,
                post_roll_ms=post,
                audience=self.audience,
            )
            result = checked_save(uow, reel, settings, self.actor, "suggested", reader)
            uow.commit()
        progress(1.0, f"{len(result.reel.clips)} clip(s)")
        log.info("created reel %s with %d clip(s)", result.reel.id, len(result.reel.clips))
        return result
