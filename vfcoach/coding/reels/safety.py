"""The caregiver-safety rule for reel clips (domain.md §5, hard rule 1; §3.1, §3.3, §7 rule 10).

A caregiver reel is built from strengths. Two checks, both refusing with the reason:

- **The anchor.** A clip made from an annotation may only be made from a code the scheme marks
  caregiver-visible, whose polarity is not `concern`, and whose modifiers do not mark the
  moment negative (a scaffolding ITM, a missed or mismatched response, a corrective MOMENT, a
  negative child reaction).
- **The overlap.** Whatever the anchor (or a free in/out range), the clip's padded span may not
  overlap any moment of concern coded on that recording, by any coder: `FR`, `OVW`, `INT`,
  `NUR_MISS` (polarity `concern` in the scheme) and the negative modifier values above. The
  check uses every pass, because one coder's `FR` is reason enough to keep a moment out.

The rule reads the scheme as it is *now*: the export calls it again, so a scheme edited after a
clip was added (a code no longer caregiver-visible, a polarity turned to concern) still blocks.
Each problem says what kind of moment it is about (`Concern`): the coach override of rule 1
and the corrective clips of coach-view reels (rule 2, `coach_view.py`) apply to moments of
concern only, never to `FR` and never to a code that is merely not caregiver-visible, an
unknown code or a lost anchor. This module only finds; `rules.py` decides per audience.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId, PassId, RecordingId
from vfcoach.coding.reels.concern_index import ConcernIndex
from vfcoach.coding.reels.model import ReelClip
from vfcoach.coding.reels.problems import Concern, Problem, Severity
from vfcoach.coding.scheme import CodeKind, Polarity, Scheme

#: (code key, modifier, value) triples that mark a moment negative whatever the polarity
#: says (domain.md §3.2, §3.3, §5). Keys and modifier names match case-sensitively, as stored.
NEGATIVE_MODIFIERS: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("ITM", "valence", "scaffolding"),
        ("P_RESP", "fit", "missed"),
        ("P_RESP", "fit", "mismatched"),
        ("MOMENT", "type", "corrective"),
        ("C_REACT", "reaction", "negative"),
    }
)


#: Codes no override and no reel audience ever admits (domain.md §3.1, §5 rule 1).
FRIGHTENING_KEYS: frozenset[str] = frozenset({"FR"})


@dataclass(frozen=True, slots=True)
class CodedRecording:
    """What the rule needs of one recording: every annotation on it and each pass's scheme.

    `hidden_passes`: passes whose moments are judged like any other but described without
    code or time, because the person asking may not read them yet (blind double coding).
    """

    recording_id: RecordingId
    annotations: tuple[Annotation, ...]
    schemes: Mapping[PassId, Scheme]
    duration_ms: int
    hidden_passes: frozenset[PassId] = frozenset()
    # built on first use: every moment judged once, sorted by time (concern_index.py)
    _index: ConcernIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def index(self) -> ConcernIndex:
        if self._index is None:
            object.__setattr__(self, "_index", ConcernIndex(self.annotations, self._judge))
        assert self._index is not None
        return self._index

    def _judge(self, a: Annotation) -> tuple[str, int, int] | None:
        scheme = self.schemes.get(a.pass_id)
        reason = concern_reason(a, scheme, self.is_hidden(a))
        if reason is None:
            return None
        return (reason, *_span_ms(a, scheme, self.duration_ms))

    def annotation(self, annotation_id: AnnotationId) -> Annotation | None:
        return self.index.annotation(annotation_id)

    def is_hidden(self, a: Annotation) -> bool:
        return a.pass_id in self.hidden_passes


#: The words every description of a hidden pass's moment carries: no code, no time, and one
#: wording for every kind of concern (FR included), so a refusal tells nothing blind coding
#: keeps back.
HIDDEN_MOMENT = "another coder marked near here"
HIDDEN_WHY = "(its code and time stay hidden while blind double coding is under way)"


def _where(a: Annotation) -> str:
    return f"{a.code_key} at {format_ms(a.onset.pts_ms)}"


def _hidden_reason(a: Annotation, scheme: Scheme | None) -> str | None:
    """The same judgement as `concern_reason`, in words that name neither code nor time."""
    if _visible_reason(a, scheme) is None:
        return None
    if scheme is None or not scheme.has(a.code_key):
        return f"a moment {HIDDEN_MOMENT}, whose safety cannot be judged {HIDDEN_WHY}"
    return f"a moment of concern {HIDDEN_MOMENT} {HIDDEN_WHY}"


def _visible_reason(a: Annotation, scheme: Scheme | None) -> str | None:
    if scheme is None or not scheme.has(a.code_key):
        return f"{_where(a)} is not a code of its scheme, so its safety cannot be judged"
    code = scheme.code(a.code_key)
    if code.polarity is Polarity.CONCERN:
        return f"{_where(a)} marks a moment of concern ({code.label})"
    for name, value in a.modifiers:
        if (a.code_key, name, value) in NEGATIVE_MODIFIERS:
            return f"{_where(a)} is marked {name}={value}"
    return None


def concern_reason(a: Annotation, scheme: Scheme | None, hidden: bool = False) -> str | None:
    """Why this moment must stay out of caregiver material, or None if it may be near a clip.

    `hidden`: the moment is judged all the same, but described as `HIDDEN_MOMENT`.
    """
    return _hidden_reason(a, scheme) if hidden else _visible_reason(a, scheme)


def concern_kind(a: Annotation, scheme: Scheme | None) -> Concern:
    """For a moment `concern_reason` refused: FR, another concern, or unjudgeable (NONE)."""
    if scheme is None or not scheme.has(a.code_key):
        return Concern.NONE  # an unknown code is not a concern anyone may override
    if a.code_key in FRIGHTENING_KEYS:
        return Concern.FRIGHTENING
    return Concern.CONCERN


def anchor_reason(a: Annotation, scheme: Scheme | None, hidden: bool = False) -> str | None:
    """Why a clip may not be made from this annotation, or None if it may."""
    reason = concern_reason(a, scheme, hidden)
    if reason is not None:
        return reason
    assert scheme is not None  # concern_reason refused a missing scheme
    code = scheme.code(a.code_key)
    if not code.caregiver_visible:
        if hidden:
            return f"a moment {HIDDEN_MOMENT}, coded with a code caregivers never see {HIDDEN_WHY}"
        return f"{_where(a)}: {code.display} is not marked caregiver-visible in its scheme"
    return None


def _span_ms(a: Annotation, scheme: Scheme | None, duration_ms: int) -> tuple[int, int]:
    if a.offset is not None:
        return a.onset.pts_ms, a.offset.pts_ms
    open_state = scheme is not None and scheme.has(a.code_key)
    if open_state and scheme is not None and scheme.code(a.code_key).kind is CodeKind.STATE:
        return a.onset.pts_ms, max(duration_ms, a.onset.pts_ms)  # still open: to the end
    return a.onset.pts_ms, a.onset.pts_ms


def overlapping(
    start_ms: int, end_ms: int, coded: CodedRecording
) -> Iterable[tuple[Annotation, str]]:
    """Moments of concern within [start_ms, end_ms] (closed: a point at the edge counts),
    in annotation order; from the recording's index, so many questions stay cheap."""
    return coded.index.overlapping(start_ms, end_ms)


def clip_safety(clip: ReelClip, coded: CodedRecording | None) -> list[Problem]:
    """Every reason this clip may not be shown to a caregiver (errors), or []."""
    return list(_clip_problems(clip, coded))


def is_clip_safe(clip: ReelClip, coded: CodedRecording | None) -> bool:
    """`not clip_safety(clip, coded)`, without wording a reason: for judging many candidates
    (reel suggestions), it stops at the first thing that makes the clip unsafe."""
    if coded is None or coded.recording_id != clip.recording_id:
        return False
    if clip.annotation_id is not None:
        anchor = coded.annotation(clip.annotation_id)
        if anchor is None:
            return False
        scheme = coded.schemes.get(anchor.pass_id)
        if anchor_reason(anchor, scheme, coded.is_hidden(anchor)) is not None:
            return False
    span = (clip.padded_start_ms, clip.padded_end_ms)
    return not coded.index.any_overlapping(*span, clip.annotation_id)


def _clip_problems(clip: ReelClip, coded: CodedRecording | None) -> Iterator[Problem]:
    if coded is None or coded.recording_id != clip.recording_id:
        msg = f"recording {clip.recording_id} of this clip cannot be found"
        yield Problem(Severity.ERROR, msg, clip.id)
        return
    if clip.annotation_id is not None:
        anchor = coded.annotation(clip.annotation_id)
        if anchor is None:
            msg = (
                f"the annotation this clip was made from ({clip.annotation_id}) is no longer on "
                f"recording {clip.recording_id}; remove the clip or add it again as a free range"
            )
            yield Problem(Severity.ERROR, msg, clip.id)
        else:
            scheme = coded.schemes.get(anchor.pass_id)
            reason = anchor_reason(anchor, scheme, coded.is_hidden(anchor))
            if reason is not None:
                # A concern anchor is judged as a concern (it is hidden because it is one);
                # a code hidden for another reason stays hidden, override or not.
                kind = concern_kind(anchor, scheme) if concern_reason(anchor, scheme) else None
                msg = f"not for caregivers: {reason}"
                yield Problem(Severity.ERROR, msg, clip.id, kind or Concern.NONE)
    span = (clip.padded_start_ms, clip.padded_end_ms)
    for a, reason in overlapping(*span, coded):
        if a.id == clip.annotation_id:
            continue  # already reported as the anchor
        kind = concern_kind(a, coded.schemes.get(a.pass_id))
        msg = f"not for caregivers: the clip overlaps {reason}"
        yield Problem(Severity.ERROR, msg, clip.id, kind)


def concern_moments(clip: ReelClip, coded: CodedRecording | None) -> frozenset[AnnotationId]:
    """The moments of concern (FR included) the clip's padded span shows, by annotation.

    By id, not by message: two hidden moments read the same, yet are two moments.
    """
    if coded is None or coded.recording_id != clip.recording_id:
        return frozenset()
    return frozenset(
        a.id
        for a, _ in overlapping(clip.padded_start_ms, clip.padded_end_ms, coded)
        if concern_kind(a, coded.schemes.get(a.pass_id)) is not Concern.NONE
    )
