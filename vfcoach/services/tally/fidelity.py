"""Fidelity: per-programme thresholds in settings, and random fidelity clips for a pass.

Thresholds are organisation settings per programme (domain.md §4, §9) under
`fidelity.thresholds.<PROGRAMME>`, stored only once an organisation changes them, so a
database that never did follows the domain defaults. Changing them is audit-logged with
the old and new values, because a verdict read next month must be explainable.

Fidelity clips are drawn, not chosen (§4: coaches do not choose their own): the draw is
seeded, saved as `FIDELITY_CLIP` state annotations in the coder's pass in ONE transaction
(through `annotations.apply`, so undo and the draft-only rule hold as for any edit), and the
seed and chooser go to the audit log in the same transaction, so the clips can be drawn
again from the log and a redraw shows up there.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.audit import SETTING_CHANGED
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.errors import SchemeError
from vfcoach.coding.fidelity_clips import (
    DEFAULT_LENGTH_MIN,
    draw_fidelity_clips,
    eligible_time,
    new_seed,
)
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import PassId, RecordingId, new_annotation_id
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import builtin_scheme
from vfcoach.coding.tally import FidelityThresholds, InvalidThresholds, Span
from vfcoach.coding.tally.roles import FIDELITY_CLIP
from vfcoach.coding.text_rules import shown
from vfcoach.services.access import SYSTEM, Actor, BlindGuard, audit_name
from vfcoach.services.annotations.io import PassNotChosen
from vfcoach.services.recordings.import_recording import DEFAULT_SCHEME
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

log = logging.getLogger(__name__)

THRESHOLDS_PREFIX = "fidelity.thresholds."
CLIPS_DRAWN = "fidelity.clips_drawn"  # audit action


def programme_key(programme: str) -> str:
    """The settings key of a programme's thresholds; programme names ignore case."""
    name = programme.strip().upper()
    if not name:
        raise InvalidThresholds("name the programme (for example ABC or VIPP-SD)")
    return THRESHOLDS_PREFIX + name


def thresholds_in(uow: UnitOfWork, programme: str) -> FidelityThresholds:
    """The stored thresholds, or the domain defaults when the organisation never set them."""
    key = programme_key(programme)
    raw = uow.settings.get(key)
    if raw is None:
        return FidelityThresholds()
    if not isinstance(raw, dict):
        raise InvalidThresholds(f"setting {key} is not a set of thresholds; set it again")
    try:
        return FidelityThresholds.from_dict(raw)
    except InvalidThresholds as exc:
        raise InvalidThresholds(f"setting {key}: {exc}") from None


def load_thresholds(db: Database, programme: str) -> FidelityThresholds:
    with db.uow() as uow:
        return thresholds_in(uow, programme)


def save_thresholds(
    db: Database, programme: str, thresholds: FidelityThresholds, actor: Actor = SYSTEM
) -> None:
    """Store a programme's thresholds; the change is audit-logged with old and new values."""
    with db.uow() as uow:
        save_thresholds_in(uow, programme, thresholds, actor)
        uow.commit()


def save_thresholds_in(
    uow: UnitOfWork, programme: str, thresholds: FidelityThresholds, actor: Actor
) -> None:
    """The same, in the caller's transaction (the caller commits)."""
    key = programme_key(programme)
    before = uow.settings.get(key)
    uow.settings.set(key, thresholds.to_dict())
    detail = {"before": before, "after": thresholds.to_dict()}
    uow.audit.record(actor.name, SETTING_CHANGED, f"setting:{key}", detail)
    log.info("fidelity thresholds changed for %s", key)


@dataclass(frozen=True, slots=True)
class FidelityDraw:
    recording_id: RecordingId
    pass_id: PassId
    coder: str
    chooser: str
    seed: int  # draw again with this seed and the same pass to get the same clips
    length_ms: int
    clips: tuple[Span, ...]  # as saved: each drawn moment snapped to the frame shown then
    annotations: tuple[Annotation, ...]


def fidelity_code(scheme: Scheme) -> str:
    """The key of the scheme's FIDELITY_CLIP segment code, or a clear error."""
    code = scheme.segment_code(FIDELITY_CLIP)
    if code is not None:
        return code.key
    if scheme.has(FIDELITY_CLIP):
        return FIDELITY_CLIP
    raise SchemeError(
        f"scheme '{scheme.name}' v{scheme.version} has no fidelity-clip segment code; "
        "use a scheme version that has one"
    )


class DrawFidelityClipsOperation:
    """Draw `n` random clips of `length_min` into `coder_name`'s pass and log the draw."""

    def __init__(
        self,
        db: Database,
        recording_id: RecordingId,
        coder_name: str,
        n: int,
        seed: int | None = None,
        length_min: float = DEFAULT_LENGTH_MIN,
        actor: Actor | None = None,
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.coder_name = coder_name.strip()
        self.n = n
        self.seed = new_seed() if seed is None else seed
        self.length_ms = round(length_min * 60_000)
        # Who draws (--as; the window's coder), recorded as the chooser: the draw reads the
        # pass's uncodable spans and prints times that avoid them, so under blind coding it
        # is a read of that pass.
        self.actor = actor
        self.chooser = audit_name(actor)

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> FidelityDraw:
        if not self.coder_name:
            raise PassNotChosen("name the coder whose pass gets the fidelity clips")
        with self.db.uow() as uow:
            guard = BlindGuard(uow, self.actor)
            recording = uow.recordings.get(self.recording_id)
            scheme_id = recording.scheme_id
            if scheme_id is None:
                scheme_id = uow.schemes.ensure(builtin_scheme(DEFAULT_SCHEME)).id
                assert scheme_id is not None
                uow.recordings.set_scheme(recording.id, scheme_id)
            coder = uow.coders.by_name(self.coder_name)
            if coder is None:  # a typo must not create a coder with a pass of its own
                raise PassNotChosen(
                    f"there is no coder '{shown(self.coder_name)}' (check the spelling; "
                    "a coder exists once they have coded or been assigned)"
                )
            coding_pass = guard.check(uow.passes.get_or_create(recording.id, coder.id, scheme_id))
            scheme = uow.schemes.get(coding_pass.scheme_id)
            key = fidelity_code(scheme)
            frame_map = uow.recordings.frame_map(recording.id)
            existing = uow.annotations.for_pass(coding_pass.id)
            flagged = [b.span() for b in uow.bystanders.for_recording(recording.id)]  # §7.4
            eligible = eligible_time(existing, scheme, frame_map.duration_ms, flagged)
            drawn = draw_fidelity_clips(eligible, self.n, self.length_ms, self.seed)
            note = f"random draw, seed {self.seed}, by {self.chooser}"
            added = tuple(
                Annotation(
                    new_annotation_id(),
                    coding_pass.id,
                    key,
                    frame_map.moment(frame_map.at_ms(c.start_ms)),
                    frame_map.moment(frame_map.at_ms(c.end_ms)),
                    note=note,
                )
                for c in drawn
            )
            clips = tuple(Span(a.onset.pts_ms, a.offset.pts_ms) for a in added if a.offset)
            if token is not None:
                token.check()  # last moment to stop: nothing is written yet
            uow.annotations.apply(
                AnnotationChange(added=added, description=f"Draw {len(added)} fidelity clip(s)")
            )
            uow.audit.record(
                self.chooser,
                CLIPS_DRAWN,
                f"recording:{recording.id}",
                {
                    "seed": self.seed,
                    "n": self.n,
                    "length_ms": self.length_ms,
                    "coder": self.coder_name,
                    "pass_id": coding_pass.id,
                    "clips_ms": [[c.start_ms, c.end_ms] for c in clips],
                },
            )
            uow.commit()
        log.info("drew %d fidelity clip(s) into pass %s", len(added), coding_pass.id)
        progress(1.0, ", ".join(format_ms(c.start_ms) for c in clips))
        return FidelityDraw(
            recording.id,
            coding_pass.id,
            self.coder_name,
            self.chooser,
            self.seed,
            self.length_ms,
            clips,
            added,
        )
