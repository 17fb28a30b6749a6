"""Which passes one person may not read yet, for views that judge or count across passes.

`BlindGuard` refuses a read of another coder's pass outright. Some views cannot simply
leave a pass out: the reel safety rule must still judge every pass (one coder's `FR` keeps a
moment out), and a session list must still show the recording. Those views ask `BlindView`
which passes to *mask* instead: the reel rule describes their moments without code or time,
the session list leaves their codes out of its counts.

The same rule as the guard decides (`read_refusal`), with one difference for an unknown
person: the guard refuses them every pass of a blind recording, which would mask the
coach's own codes from an anonymous `vfcoach reel add`; here an unnamed reader is treated as
the coach, the owner of the primary passes, so only the passes added for double coding are
masked while the blind phase lasts.
"""

from __future__ import annotations

from collections.abc import Iterable

from vfcoach.coding.annotation import CodingPass, PassPurpose
from vfcoach.coding.double_coding import BlindState, read_refusal
from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.storage.uow import UnitOfWork
from vfcoach.ui.operations.double_coding import BlindGuard


class BlindView:
    """The passes of a recording hidden from one viewer (None: nobody named), in one uow."""

    def __init__(self, uow: UnitOfWork, viewer: str | None) -> None:
        self.uow = uow
        name = (viewer or "").strip()
        self.guard = BlindGuard(uow, name) if name else None

    def hidden_passes(
        self, recording_id: RecordingId, passes: Iterable[CodingPass] | None = None
    ) -> frozenset[PassId]:
        """Passes of the recording the viewer may not read now ([] once blindness is over)."""
        found = list(self.uow.passes.for_recording(recording_id) if passes is None else passes)
        state = BlindState.of(recording_id, found, self.uow.assignments.for_recording(recording_id))
        if not state.active:
            return frozenset()
        if self.guard is None:
            return frozenset(p.id for p in found if p.purpose is not PassPurpose.PRIMARY)
        names = self.guard.names
        return frozenset(
            p.id
            for p in found
            if read_refusal(state, self.guard.viewer, p.coder_id, names.get(p.coder_id, ""))
            is not None
        )
