"""What a clip's moments of concern mean for each audience (domain.md §5 hard rules 1 and 2).

The safety check (`safety.py`) finds every moment of concern a clip touches and tags it
(`Concern`). This module decides, per reel audience, what each finding becomes:

- **Caregiver reel** (rule 1): a concern refuses the clip unless the coach overrode *that
  clip* with a reason; an overridden concern stays visible as a warning naming who and why.
- **Coach-view reel** (rule 2): a clip touching a concern is a *corrective* clip. It is
  allowed, but at most one per reel, a second one only with an override carrying a reason,
  never a third, and each only after at least two positive clips, because a corrective
  moment is discussed against the caregiver's own strengths, never opened with.
- **Either**: `FR` refuses, override or not; a lost anchor, a hidden code, another family,
  a caption in coding language and the length caps are not concerns and no override lifts them.

Pure, like the rest of `vfcoach.coding`: the editor, the CLI, every save and the export call it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from vfcoach.coding.reels.model import ClipId, ReelClip
from vfcoach.coding.reels.problems import Concern, Problem, Severity

#: Corrective clips a coach-view reel may hold: one, and a second with an override.
CORRECTIVE_CAP = 1
CORRECTIVE_CAP_OVERRIDDEN = 2
#: Positive clips that must come before each corrective clip.
POSITIVES_BEFORE_CORRECTIVE = 2


def _kept(p: Problem, clip: ReelClip, label: str) -> Problem:
    assert clip.override is not None
    why = f"{label} by {clip.override.by}: {clip.override.reason}"
    message = p.message.removeprefix("not for caregivers: ")
    return replace(p, severity=Severity.WARNING, message=f"{message} ({why})", overridable=False)


def _never(p: Problem, clip: ReelClip) -> Problem:
    note = "; an override never applies to it" if clip.override is not None else ""
    return replace(p, message=p.message + note, overridable=False)


def override_problem(clip: ReelClip) -> Problem | None:
    """The error of an override that does not count (a blank reason in a crafted row)."""
    if clip.override is None or clip.override.problem is None:
        return None
    return Problem(Severity.ERROR, clip.override.problem, clip.id)


def for_caregiver(clip: ReelClip, found: Sequence[Problem]) -> list[Problem]:
    """Rule 1: a concern refuses unless overridden with a reason; FR always refuses."""
    valid = clip.override is not None and clip.override.problem is None
    judged: list[Problem] = []
    for p in found:
        if p.concern is Concern.FRIGHTENING:
            judged.append(_never(p, clip))
        elif p.concern is Concern.CONCERN and valid:
            judged.append(_kept(p, clip, "kept on override"))
        elif p.concern is Concern.CONCERN:
            judged.append(replace(p, overridable=True))
        else:
            judged.append(p)
    bad_override = override_problem(clip)
    if bad_override is not None and any(p.concern is Concern.CONCERN for p in found):
        judged.append(bad_override)
    return judged


def is_corrective(found: Sequence[Problem]) -> bool:
    return any(p.concern is Concern.CONCERN for p in found)


def _corrective_rule(clip: ReelClip, nth: int, positives_before: int) -> list[Problem]:
    problems: list[Problem] = []
    if positives_before < POSITIVES_BEFORE_CORRECTIVE:
        msg = (
            f"a corrective clip must come after at least {POSITIVES_BEFORE_CORRECTIVE} "
            f"positive clips; this one has {positives_before} before it: move it later"
        )
        problems.append(Problem(Severity.ERROR, msg, clip.id))
    if nth > CORRECTIVE_CAP_OVERRIDDEN:
        msg = (
            f"a coach-view reel holds at most {CORRECTIVE_CAP_OVERRIDDEN} corrective clips, "
            f"even with an override; this is corrective clip {nth}"
        )
        problems.append(Problem(Severity.ERROR, msg, clip.id))
    elif nth > CORRECTIVE_CAP:
        bad = override_problem(clip)
        if clip.override is None:
            msg = (
                f"a coach-view reel holds {CORRECTIVE_CAP} corrective clip; a second one "
                "needs an override with a reason"
            )
            problems.append(Problem(Severity.ERROR, msg, clip.id, overridable=True))
        elif bad is not None:
            problems.append(replace(bad, overridable=True))
    return problems


def for_coach_view(
    clips: Sequence[ReelClip], found: Mapping[ClipId, Sequence[Problem]]
) -> list[Problem]:
    """Rule 2 over the whole reel, in playing order: cap and place the corrective clips."""
    judged: list[Problem] = []
    positives, correctives = 0, 0
    for clip in clips:
        mine = found.get(clip.id, ())
        if not is_corrective(mine):
            positives += 1
            judged += [_never(p, clip) if p.concern is Concern.FRIGHTENING else p for p in mine]
            continue
        correctives += 1
        for p in mine:
            if p.concern is Concern.CONCERN:
                message = p.message.removeprefix("not for caregivers: ")
                corrective = f"corrective clip, for the coach-view reel only: {message}"
                judged.append(replace(p, severity=Severity.WARNING, message=corrective))
            else:
                judged.append(_never(p, clip) if p.concern is Concern.FRIGHTENING else p)
        judged += _corrective_rule(clip, correctives, positives)
    return judged
