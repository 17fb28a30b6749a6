"""Reading one recording and both coders' passes for display only: nothing is created.

The coding screen shows one pass (the acting person's own once they pressed *Start coding*,
else one other coder's read only). A supervisor who walks through disagreements needs two
coders' passes side by side and must never get a pass of every recording they look at, so
the navigator reads here instead:
the recording, its frame map, the scheme and the two compared passes, each through the
blind guard with the acting person as viewer (a supervisor's read under blind coding is
audit-logged, which is the one write this makes).
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_map import FrameMap
from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.coding.scheme import Scheme
from vfcoach.services.access import Actor, BlindGuard
from vfcoach.services.audit import log_view_if_not_coder
from vfcoach.services.recordings.media_source import media_source_in
from vfcoach.storage.database import Database
from vfcoach.video.source import MediaSource


@dataclass(frozen=True)
class ComparedRecording:
    recording_id: RecordingId
    label: str
    media: MediaSource
    frame_map: FrameMap
    scheme: Scheme
    coder_a: str
    coder_b: str
    pass_a: PassId
    pass_b: PassId
    annotations_a: list[Annotation]
    annotations_b: list[Annotation]


def load_comparison(
    db: Database,
    recording_id: RecordingId,
    passes: tuple[PassId, PassId],
    coders: tuple[str, str],
    label: str,
    actor: Actor | None,
) -> ComparedRecording:
    """Both passes as `actor` may see them; `BlindCodingRefused` if either is hidden."""
    with db.uow() as uow:
        guard = BlindGuard(uow, actor)
        pass_a, pass_b = uow.passes.get(passes[0]), uow.passes.get(passes[1])
        annotations_a = guard.annotations(pass_a)
        annotations_b = guard.annotations(pass_b)
        media = media_source_in(uow, recording_id)
        scheme = uow.schemes.get(pass_a.scheme_id)
        if actor is not None:  # a look by someone who does not code it (issue 14 §4)
            log_view_if_not_coder(uow, recording_id, actor)
        uow.commit()  # only audit entries: a supervisor's blind read, a non-coder's look
    return ComparedRecording(
        recording_id,
        label,
        media,
        media.frame_map,
        scheme,
        coders[0],
        coders[1],
        passes[0],
        passes[1],
        annotations_a,
        annotations_b,
    )
