"""Where a reel's moments come from: passes read as the acting person may, and captions.

Both the suggestions (`CreateReelOperation`) and hand-picked events (`AddClipOperation`)
start from a coder's annotations, so both read passes through the `BlindGuard`: under blind
double coding nobody builds a reel, or learns which moments a reel would hold, from a pass
they may not see yet. A hand-picked event gets the same plain-language caption a suggestion
of its code would, so the two ways of making a reel read alike to the caregiver.
"""

from __future__ import annotations

from vfcoach.coding.annotation import Annotation, CodingPass
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reels import CAPTIONS
from vfcoach.coding.reels.suggest import OTHER_STRENGTH, POSITIVE
from vfcoach.coding.scheme import Polarity, Scheme
from vfcoach.services.access import BlindGuard, PassNotChosen


def readable_passes(
    guard: BlindGuard, recordings: list[RecordingId], coder_name: str | None
) -> list[CodingPass]:
    """The passes suggestions are built from, read as the guard's viewer may read them.

    A named coder's hidden pass is refused with the blind-coding reason; without a name, only
    the passes the viewer may see count, and a visit whose every pass is hidden is refused
    (an empty reel would read as "nothing to show", which is not true).
    """
    if coder_name is not None:
        name = coder_name.strip()
        chosen = [
            p
            for r in recordings
            for p in guard.uow.passes.for_recording(r)
            if guard.names.get(p.coder_id) == name
        ]
        if not chosen:
            raise PassNotChosen(f"no recording of this visit was coded by '{name}'")
        return [guard.check(p) for p in chosen]
    passes = [p for r in recordings for p in guard.visible_passes(r)]
    if not passes:
        hidden = [p for r in recordings for p in guard.uow.passes.for_recording(r)]
        for p in hidden[:1]:
            guard.check(p)  # raises with the reason
    coders = sorted({guard.names.get(p.coder_id, str(p.coder_id)) for p in passes})
    if len(coders) > 1:
        raise PassNotChosen(
            f"this visit was coded by {', '.join(coders)}; name one coder (--coder)"
        )
    return passes


def caption_template(a: Annotation, scheme: Scheme) -> str:
    """The plain-language caption a suggestion of this moment gets, or "" (the coach writes one).

    The same templates as `suggest_moments`, on the same conditions (a MOMENT only when
    positive, a P_RESP only when attuned): "a moment you can be proud of" under a moment of
    concern would be wrong even in the refusal that follows.
    """
    wanted = POSITIVE.get(a.code_key)
    if a.code_key in CAPTIONS and (wanted is None or a.modifier(wanted[0]) == wanted[1]):
        return CAPTIONS[a.code_key][1]
    if scheme.has(a.code_key) and scheme.code(a.code_key).polarity is Polarity.STRENGTH:
        return OTHER_STRENGTH[1]
    return ""
