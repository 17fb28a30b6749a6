"""The coach's override of one clip, with a reason (domain.md §5 hard rule 1, §7 rule 9).

An override is a deliberate, logged decision about *one* clip: keep it although it touches a
moment of concern (a caregiver reel), or keep a second corrective clip (a coach-view reel).
So it is refused when there is nothing an override can lift (a clip that is fine, a caption
in coding language, another family's recording), always for `FR`, and for a reason too short
to tell a supervisor why. It is judged on the evidence read in the same unit of work, and
the audit entry records who, when, which clip and why.

The person deciding is also the one reading, and nobody overrides a moment they may not
see: while a clip's recording is double-coded blind the clip is held, and an override of it
is refused in words that are the same wherever the other coder's moments are; it can be
asked for once every coder has submitted and every moment is named.

Unlike the other edits, an override does not wait for the *whole* reel to be clean: a
moment recoded after the fact can refuse several clips at once, and the coach decides about
each in turn. The other clips' errors stay in the result and still refuse every export.
"""

from __future__ import annotations

from dataclasses import replace

from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.reels import (
    ClipOverride,
    Concern,
    Problem,
    ReelId,
    ReelRefused,
    Severity,
    check_reel,
)
from vfcoach.coding.reels.rules import refuse_held_override
from vfcoach.services.access import Actor
from vfcoach.services.reels.clips import ReelResult, audit_override
from vfcoach.services.reels.evidence import EvidenceReader, reel_settings
from vfcoach.storage.database import Database


def _refuse(message: str) -> ReelRefused:
    return ReelRefused([Problem(Severity.ERROR, message)])


class OverrideClipOperation:
    """Keep clip `position` (1 = first, as the editor and `reel show` number them)."""

    def __init__(
        self, db: Database, reel_id: ReelId, position: int, reason: str, actor: Actor
    ) -> None:
        self.db, self.reel_id, self.position = db, reel_id, position
        self.actor = actor  # who decides; they must be able to read the clip's moments
        self.override = ClipOverride(" ".join(reason.split()), actor.name)

    def run(self, progress: Progress = no_progress, token: CancelToken | None = None) -> ReelResult:
        if self.override.problem is not None:
            raise _refuse(self.override.problem)
        with self.db.uow() as uow:
            reel = uow.reels.get(self.reel_id)
            if not 1 <= self.position <= len(reel.clips):
                raise _refuse(
                    f"reel {reel.id} has clips 1 to {len(reel.clips)}, no clip {self.position}"
                )
            clip = reel.clips[self.position - 1]
            reader = EvidenceReader(uow, self.actor)
            evidence = reader.evidence({c.recording_id for c in reel.clips}, reel_settings(uow))
            before = [p for p in check_reel(reel, evidence) if p.clip_id == clip.id]
            refuse_held_override(before, clip.id, f"clip {self.position}")
            frightening = [p for p in before if p.concern is Concern.FRIGHTENING]
            if frightening:
                raise ReelRefused(
                    [replace(p, message=f"{p.message}; an override never applies to FR")
                     for p in frightening]
                )  # fmt: skip
            if not any(p.overridable for p in before):
                why = "; ".join(p.message for p in before if p.is_error) or "it breaks no rule"
                raise _refuse(f"clip {self.position} has nothing an override can lift ({why})")
            clips = tuple(replace(c, override=self.override) if c.id == clip.id else c
                          for c in reel.clips)  # fmt: skip
            edited = reel.with_clips(clips)
            after = check_reel(edited, evidence)
            still = [p for p in after if p.is_error and p.clip_id in (clip.id, None)]
            if still:
                raise ReelRefused(still)
            stored = uow.reels.update(edited)
            audit_override(uow, stored, clip.id, self.position, self.override)
            uow.commit()
        return ReelResult(stored, tuple(after))
