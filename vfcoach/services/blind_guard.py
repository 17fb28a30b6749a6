"""Reading passes "as" a coder, so blind double coding is enforced, not merely hidden.

Every path that shows one coder's annotations of a recording to someone (the coding
screen, `annotations export`, `tally`, the trend, the reliability view) asks a `BlindGuard`
first. While a recording is assigned blind and its coders have not all submitted, a coder
asking for another coder's pass gets `BlindCodingRefused`, whose message the window or the
console shows, and a list of the recording's passes shows them only their own. The rule
itself, and who is exempt (a supervisor who does not code the recording; never the master
coder), is `vfcoach.coding.double_coding.read_refusal`; a supervisor's read under blind
coding is written to the audit log in the caller's transaction, so callers commit.

Who is reading is a name (`--as NAME` on the CLI, the acting coder in the window), resolved
once by `access.resolve_actor`: on a database with blind coding nobody reads unnamed.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation, CodingPass, PassStatus
from vfcoach.coding.cancel import CancelToken, Progress, no_progress
from vfcoach.coding.double_coding import (
    BLIND_READ,
    CODING_SUBMITTED,
    BlindState,
    is_submitted,
    read_refusal,
    supervisor_override,
)
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import Coder
from vfcoach.services.access import BlindCodingRefused, resolve_actor
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

__all__ = [
    "BlindCodingRefused",
    "BlindGuard",
    "PassNotChosen",
    "SubmitPassOperation",
    "SubmitRefused",
    "SubmitResult",
]


class PassNotChosen(VfcoachError):
    """The recording has no pass by that coder, or several coders and none was named."""


class SubmitRefused(VfcoachError):
    """Someone other than the pass's coder (or a supervisor) tried to submit it."""


class BlindGuard:
    """Passes of recordings as one viewer may see them, inside one open unit of work."""

    def __init__(self, uow: UnitOfWork, viewer_name: str | None, read_only: bool = False) -> None:
        """Raises `WhoIsAskingRequired` for nobody named on a database with blind coding.

        `read_only`: the caller writes no pass or assignment through this unit of work, so
        each recording's passes and blind state are read once, not once per question (a
        200-visit trend asked each recording's state four times).
        """
        self.uow = uow
        self.actor = resolve_actor(uow, viewer_name)
        self.names = {c.id: c.name for c in uow.coders.list()}
        self.viewer: Coder | None = None if self.actor is None else self.actor.as_coder()
        self._memo: dict[RecordingId, tuple[list[CodingPass], BlindState]] | None = (
            {} if read_only else None
        )

    def _passes_and_state(self, recording_id: RecordingId) -> tuple[list[CodingPass], BlindState]:
        if self._memo is not None and recording_id in self._memo:
            return self._memo[recording_id]
        passes = self.uow.passes.for_recording(recording_id)
        state = BlindState.of(
            recording_id, passes, self.uow.assignments.for_recording(recording_id)
        )
        if self._memo is not None:
            self._memo[recording_id] = (passes, state)
        return passes, state

    def _passes(self, recording_id: RecordingId) -> list[CodingPass]:
        return list(self._passes_and_state(recording_id)[0])

    def state(self, recording_id: RecordingId) -> BlindState:
        return self._passes_and_state(recording_id)[1]

    def refusal(self, coding_pass: CodingPass) -> str | None:
        owner = self.names.get(coding_pass.coder_id, f"coder {coding_pass.coder_id}")
        return read_refusal(
            self.state(coding_pass.recording_id), self.viewer, coding_pass.coder_id, owner
        )

    def check(self, coding_pass: CodingPass) -> CodingPass:
        """The pass itself if the viewer may read it; else `BlindCodingRefused`."""
        state = self.state(coding_pass.recording_id)
        owner = self.names.get(coding_pass.coder_id, f"coder {coding_pass.coder_id}")
        why = read_refusal(state, self.viewer, coding_pass.coder_id, owner)
        if why is not None:
            raise BlindCodingRefused(why)
        if self.viewer is not None and supervisor_override(
            state, self.viewer, coding_pass.coder_id
        ):
            detail = {"pass_id": coding_pass.id, "coder": owner, "why": "supervision"}
            self.uow.audit.record(
                self.viewer.name, BLIND_READ, f"recording:{coding_pass.recording_id}", detail
            )
        return coding_pass

    def visible_passes(self, recording_id: RecordingId) -> list[CodingPass]:
        """The recording's passes the viewer may read, oldest first (hidden ones left out)."""
        return [p for p in self._passes(recording_id) if self.refusal(p) is None]

    def coder_passes(self, recording_id: RecordingId, coder_name: str) -> list[CodingPass]:
        """One coder's passes of the recording, refused as a whole when they are hidden."""
        name = coder_name.strip()
        passes = self._passes(recording_id)
        chosen = [p for p in passes if self.names.get(p.coder_id) == name]
        if not chosen:
            raise PassNotChosen(f"recording {recording_id} has no pass by coder '{name}'")
        return [self.check(p) for p in chosen]

    def choose(
        self, recording_id: RecordingId, coder_name: str | None, latest: bool = False
    ) -> tuple[CodingPass, str] | None:
        """The named coder's pass, or the only coder's the viewer may see; None if uncoded.

        When every pass is hidden the refusal is raised, never an empty result: an empty
        export would read as "nothing coded", which is not true.
        """
        at = -1 if latest else 0
        if coder_name is not None:
            return self.coder_passes(recording_id, coder_name)[at], coder_name.strip()
        passes = self.visible_passes(recording_id)
        if not passes:
            hidden = self._passes(recording_id)
            if hidden:
                self.check(hidden[0])  # raises with the reason
            return None
        coders = sorted({self.names.get(p.coder_id, str(p.coder_id)) for p in passes})
        if len(coders) > 1:
            raise PassNotChosen(
                f"recording {recording_id} was coded by {', '.join(coders)}; name one with --coder"
            )
        return passes[at], coders[0]

    def annotations(self, coding_pass: CodingPass) -> list[Annotation]:
        return self.uow.annotations.for_pass(self.check(coding_pass).id)


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
        self, db: Database, recording_id: RecordingId, coder_name: str, actor: str | None = None
    ) -> None:
        self.db = db
        self.recording_id = recording_id
        self.coder_name = coder_name.strip()
        self.actor = (actor or coder_name).strip()

    def _may_submit(self, uow: UnitOfWork, latest: CodingPass, state: BlindState) -> bool:
        """True when a supervisor submits for the coder; `SubmitRefused` for anyone else."""
        actor = resolve_actor(uow, self.actor)
        if actor is not None and actor.coder_id == latest.coder_id:
            return False
        if actor is not None and actor.is_supervisor and actor.coder_id not in state.coders:
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
            on_behalf = self._may_submit(uow, latest, before)
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
            uow.audit.record(self.actor, CODING_SUBMITTED, f"recording:{recording.id}", detail)
            uow.commit()
        assert is_submitted(stored)
        progress(1.0, f"Submitted {count} annotation(s)")
        return SubmitResult(stored, count, before.active and not after.active)
