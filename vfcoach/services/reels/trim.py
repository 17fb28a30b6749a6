"""What a change of a clip's range does to its override (domain.md §5 rule 1, §7 rule 9).

An override is the coach's logged decision about the moments of concern under *one* range:
"keep this clip although it shows that intrusive moment, because ...". Trimming the clip can
bring other moments under it, which the coach never judged, so the override must not follow
the range blindly.

The rule chosen here: the override stays while the new range shows no moment of concern
that the old range did not (a frame or two trimmed inside the same moment, the common case,
keeps working; trimming one of two moments away too). Otherwise it is cleared and the
result says so:

- the new range shows no moment of concern at all: the override is cleared (nothing is left
  for it to lift) and the trim is saved with a note saying so;
- the new range brings in another moment: the override is cleared and the clip judged
  without it, so a caregiver reel refuses the trim, with the reasons and a line saying the
  override covered the old range only. The coach keeps the old range, or adds the new range
  and overrides it again if that is still wanted. (A coach-view reel may hold one corrective
  clip without an override, so there the trim can be saved, with the note.)
"""

from __future__ import annotations

from dataclasses import replace

from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.reels import (
    Problem,
    Reel,
    ReelClip,
    ReelEvidence,
    ReelRefused,
    Severity,
)
from vfcoach.coding.reels.safety import concern_moments


def concerns_under(reel: Reel, clip: ReelClip, evidence: ReelEvidence) -> frozenset[AnnotationId]:
    """The moments of concern the clip shows, by annotation.

    Compared by id, not by the refusal's words: moments of a pass hidden by blind double
    coding all read alike, and trimming from one of them onto another is still a new moment.
    """
    if evidence.family_of_recording.get(clip.recording_id) != reel.family_id:
        return frozenset()  # another family's moments are not judged, only refused
    return concern_moments(clip, evidence.coded.get(clip.recording_id))


def override_after_range_change(
    reel: Reel, old: ReelClip, edited: ReelClip, evidence: ReelEvidence, position: int
) -> tuple[ReelClip, str | None]:
    """The edited clip with its override kept or cleared, and the sentence that says which."""
    if old.override is None or (old.start, old.end) == (edited.start, edited.end):
        return edited, None
    before = concerns_under(reel, old, evidence)
    after = concerns_under(reel, edited, evidence)
    if after and after <= before:
        return edited, None
    who = old.override.by
    if not after:
        why = "the new range shows no moment of concern, so there is nothing left for it to lift"
    else:
        why = (
            "it was given for the moments under the old range and does not carry over to a "
            "range that shows another one; keep the old range, or add the new range and "
            "override it again with a reason"
        )
    return replace(
        edited, override=None
    ), f"clip {position}: the override by {who} was cleared: {why}"


def with_note(refused: ReelRefused, note: str | None, clip: ReelClip) -> ReelRefused:
    """The refusal of a trim, led by why the override no longer protects the clip."""
    if note is None:
        return refused
    return ReelRefused([Problem(Severity.ERROR, note, clip.id), *refused.problems])
