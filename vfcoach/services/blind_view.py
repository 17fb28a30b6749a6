"""Which passes one person may not read yet, for views that judge or count across passes.

`BlindGuard` refuses a read of another coder's pass outright. Some views cannot simply
refuse: a session list must still show the recording, a reel must still be built and
checked. Those views ask `BlindView` which passes to leave out for the person asking, and
whether a recording is still *held* (double-coded blind, not every coder submitted): the
session list leaves hidden passes out of its counts, the reel rules leave their moments out
of every judgement and mark the recording's clips held until the full rule can run.

The same rule as the guard decides (`read_refusal`), and the guard resolves who is asking
(`access.resolve_actor`): on a database with blind coding, an unnamed reader is refused the
first time a recording is looked at, not treated as anyone in particular. `BlindView` is
built lazily so an operation that ends up reading no recording (an empty reel) needs no
name.
"""

from __future__ import annotations

from collections.abc import Iterable

from vfcoach.coding.annotation import CodingPass
from vfcoach.coding.double_coding import BlindState, read_refusal
from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.services.access import Actor, BlindGuard
from vfcoach.storage.uow import UnitOfWork


class BlindView:
    """The passes of a recording hidden from one viewer (None: nobody named), in one uow."""

    def __init__(self, uow: UnitOfWork, viewer: Actor | None) -> None:
        self.uow = uow
        self.viewer = viewer
        self._guard: BlindGuard | None = None

    @property
    def guard(self) -> BlindGuard:
        """The guard of the person asking; `WhoIsAskingRequired` if they must be named."""
        if self._guard is None:
            self._guard = BlindGuard(self.uow, self.viewer)
        return self._guard

    def state(
        self, recording_id: RecordingId, passes: Iterable[CodingPass] | None = None
    ) -> BlindState:
        found = self.uow.passes.for_recording(recording_id) if passes is None else passes
        return BlindState.of(recording_id, found, self.uow.assignments.for_recording(recording_id))

    def held(self, recording_id: RecordingId) -> bool:
        """Whether the recording's blind double coding is under way (for everyone alike)."""
        self.guard  # noqa: B018 - who asks is known before anything about a recording is said
        return self.state(recording_id).active

    def hidden_passes(
        self,
        recording_id: RecordingId,
        passes: Iterable[CodingPass] | None = None,
        state: BlindState | None = None,
    ) -> frozenset[PassId]:
        """Passes of the recording the viewer may not read now ([] once blindness is over).
        `passes` and `state`, when the caller has read them already, save the queries."""
        guard = self.guard
        found = list(self.uow.passes.for_recording(recording_id) if passes is None else passes)
        state = self.state(recording_id, found) if state is None else state
        if not state.active:
            return frozenset()
        names = guard.names
        return frozenset(
            p.id
            for p in found
            if read_refusal(state, guard.viewer, p.coder_id, names.get(p.coder_id, "")) is not None
        )
