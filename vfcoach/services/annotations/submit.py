"""Submitting a pass: final, never edited again (domain.md §2, §6).

Only the pass's own coder submits it, or a supervisor who does not code the recording (on
behalf of the coder, audit-logged): submitting someone else's draft would end the blind phase
early and show the submitter codes they may not read yet. The reading side of blind double
coding (`BlindGuard`) lives with the `Actor` in `services/access.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import CodingPass, PassStatus
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.double_coding import CODING_SUBMITTED, BlindState, is_submitted
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.services.access import Actor, PassNotChosen, actor_of
from vfcoach.storage.database import Database

__all__ = ["SubmitPassOperation", "SubmitRefused", "SubmitResult"]


class SubmitRefused(VfcoachError):
    """Someone other than the pass's coder (or a supervisor) tried to submit it."""


@dataclass(frozen=True, slots=True)
class SubmitResult:
    coding_pass: CodingPass  # as stored after submitting
    annotation_count: int
    blind_released: bool  # this submission ended the recording's blind phase


class SubmitPassOperation:
    """Submit a coder's latest draft of a recording: final, never edited again (§2).

    Irreversible by design; the window asks for confirmation first. The audit log keeps who
    submitted what and how many codes it held, so a supervisor can see that a reliability
    pass was not changed after the other coder's became visible.

    Only the pass's own coder submits it, or a supervisor who does not code the recording
    (written to the audit log as on behalf of the coder): submitting someone else's draft
    would end the blind phase early and show the submitter codes they may not read yet.
    """

    def __init__(
        self, db: Database, recording_id: RecordingId, coder_name: str, actor: Actor | None = None
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.coder_name = coder_name.strip()
        self.actor = actor  # who submits; None: the coder themselves

    def _may_submit(self, actor: Actor, latest: CodingPass, state: BlindState) -> bool:
        """True when a supervisor submits for the coder; `SubmitRefused` for anyone else."""
        if actor.coder_id == latest.coder_id:
            return False
        if actor.is_supervisor and actor.coder_id not in state.coders:
            return True
        raise SubmitRefused(
            f"only {self.coder_name} submits {self.coder_name}'s coding of recording "
            f"{latest.recording_id} (or a supervisor who does not code it); it stays a draft"
        )

    def run(
        self, progress: Progress = no_progress, token: CancelToken | None = None
    ) -> SubmitResult:
        with self.db.uow() as uow:
            recording = uow.recordings.get(self.recording_id)
            coder = uow.coders.by_name(self.coder_name)
            mine = [
                p
                for p in uow.passes.for_recording(recording.id)
                if coder is not None and p.coder_id == coder.id
            ]
            if not mine:
                raise PassNotChosen(
                    f"{self.coder_name or 'that coder'} has not coded recording {recording.id}"
                )
            # Locked and read again: an import into this pass finishes first or waits, and a
            # second `pass submit` at the same moment finds it submitted.
            latest = uow.passes.lock(max(mine, key=lambda p: (p.revision, p.id)).id)
            if latest.status is not PassStatus.DRAFT:
                raise PassNotChosen(
                    f"{self.coder_name}'s coding of recording {recording.id} is already "
                    f"{latest.status.value}"
                )
            before = BlindState.of(
                recording.id,
                uow.passes.for_recording(recording.id),
                uow.assignments.for_recording(recording.id),
            )
            assert coder is not None  # they have a pass
            actor = self.actor or actor_of(coder)
            on_behalf = self._may_submit(actor, latest, before)
            uow.passes.set_status(latest.id, PassStatus.SUBMITTED)
            count = uow.annotations.count_for_pass(latest.id)
            stored = uow.passes.get(latest.id)
            after = BlindState.of(
                recording.id,
                uow.passes.for_recording(recording.id),
                uow.assignments.for_recording(recording.id),
            )
            detail = {
                "pass_id": stored.id,
                "coder": self.coder_name,
                "purpose": stored.purpose.value,
                "revision": stored.revision,
                "annotations": count,
            }
            if on_behalf:
                detail["on_behalf_of"] = self.coder_name
            uow.audit.record(actor.name, CODING_SUBMITTED, f"recording:{recording.id}", detail)
            uow.commit()
        assert is_submitted(stored)
        progress(1.0, f"Submitted {count} annotation(s)")
        return SubmitResult(stored, count, before.active and not after.active)
