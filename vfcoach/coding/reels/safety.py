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

The rule reads each annotation by the scheme VERSION its pass was coded with, as stored now:
the export calls it again, so a version edited in place after a clip was added (a code no
longer caregiver-visible, a polarity turned to concern) still blocks, while a newer version
or a re-import never changes how older annotations are judged. `FR` is frightening in every
scheme: a file that marks it caregiver-visible with strength polarity changes nothing.

Under blind double coding the rule judges a clip for the person asking: the moments of a pass
they may not read yet are left out, and every clip on that recording is *held*, the same
answer wherever the other coder's moments are (`CodedRecording`); the export refuses a held
clip, so the full rule, over every pass, decides once every coder has submitted.

Each problem says what kind of moment it is about (`Concern`): the coach override of rule 1
and the corrective clips of coach-view reels (rule 2, `coach_view.py`) apply to moments of
concern only, never to `FR` and never to a code that is merely not caregiver-visible, an
unknown code or a lost anchor. This module only finds; `rules.py` decides per audience.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.bystanders import BystanderSpan, bystander_reason, overlapping_bystanders
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

    `held`: the recording is being double-coded blind and not every coder has submitted, so
    no rule about it is final yet (domain.md §6, §7 rule 7). `hidden_passes`: the passes the
    person asking may not read yet. Their moments are left out of every judgement made for
    that person, because any judgement they swayed (a refusal here and not a second later, a
    suggestion left out) would tell where the other coder marked something. They are judged
    at export, once the hold is over: a held clip never reaches a caregiver before that.
    """

    recording_id: RecordingId
    annotations: tuple[Annotation, ...]
    schemes: Mapping[PassId, Scheme]
    duration_ms: int
    hidden_passes: frozenset[PassId] = frozenset()
    held: bool = False
    # flagged bystander spans (§7.4): refused in every reel, override or not (bystanders.py)
    bystanders: tuple[BystanderSpan, ...] = ()
    # built on first use: every moment judged once, sorted by time (concern_index.py)
    _index: ConcernIndex | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def index(self) -> ConcernIndex:
        if self._index is None:
            object.__setattr__(self, "_index", ConcernIndex(self.annotations, self._judge))
        assert self._index is not None
        return self._index

    def _judge(self, a: Annotation) -> tuple[str, int, int] | None:
        if self.is_hidden(a):
            return None  # left out for the asker: the clip is held instead
        scheme = self.schemes.get(a.pass_id)
        reason = concern_reason(a, scheme)
        if reason is None:
            return None
        return (reason, *_span_ms(a, scheme, self.duration_ms))

    def annotation(self, annotation_id: AnnotationId) -> Annotation | None:
        return self.index.annotation(annotation_id)

    def is_hidden(self, a: Annotation) -> bool:
        return a.pass_id in self.hidden_passes


#: The words of a held clip: one message, wherever the hidden moments are (or if there are
#: none), so the reply to a clip tells nothing blind coding keeps back.
HELD = "held until the double coding is complete"


def held_problem(clip: ReelClip, coded: CodedRecording | None) -> Problem | None:
    """The clip's hold (a warning: it is added, and refused at export), or None."""
    if coded is None or not coded.held or coded.recording_id != clip.recording_id:
        return None
    return Problem(Severity.WARNING, held_message(clip.recording_id), clip.id, Concern.HELD)


def held_message(recording_id: RecordingId) -> str:
    return (
        f"{HELD} (recording {recording_id} is being double-coded blind; the clip is checked "
        "again when every coder has submitted, and no caregiver sees it before)"
    )


def _where(a: Annotation) -> str:
    return f"{a.code_key} at {format_ms(a.onset.pts_ms)}"


def concern_reason(a: Annotation, scheme: Scheme | None) -> str | None:
    """Why this moment must stay out of caregiver material, or None if it may be near a clip."""
    if scheme is None or not scheme.has(a.code_key):
        return f"{_where(a)} is not a code of its scheme, so its safety cannot be judged"
    code = scheme.code(a.code_key)
    # FR is a concern whatever a scheme file claims about it (visible, strength): §3.1, §5
    if code.polarity is Polarity.CONCERN or a.code_key in FRIGHTENING_KEYS:
        return f"{_where(a)} marks a moment of concern ({code.label})"
    for name, value in a.modifiers:
        if (a.code_key, name, value) in NEGATIVE_MODIFIERS:
            return f"{_where(a)} is marked {name}={value}"
    return None


def concern_kind(a: Annotation, scheme: Scheme | None) -> Concern:
    """For a moment `concern_reason` refused: FR, another concern, or unjudgeable (NONE)."""
    if scheme is None or not scheme.has(a.code_key):
        return Concern.NONE  # an unknown code is not a concern anyone may override
    if a.code_key in FRIGHTENING_KEYS:
        return Concern.FRIGHTENING
    return Concern.CONCERN


def anchor_reason(a: Annotation, scheme: Scheme | None) -> str | None:
    """Why a clip may not be made from this annotation, or None if it may."""
    reason = concern_reason(a, scheme)
    if reason is not None:
        return reason
    assert scheme is not None  # concern_reason refused a missing scheme
    code = scheme.code(a.code_key)
    if not code.caregiver_visible:
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
    in annotation order; from the recording's index, so many questions stay cheap. Moments
    of passes hidden from the asker are left out (see `CodedRecording`)."""
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
        if not coded.is_hidden(anchor) and anchor_reason(anchor, scheme) is not None:
            return False
    span = (clip.padded_start_ms, clip.padded_end_ms)
    if overlapping_bystanders(coded.bystanders, *span):
        return False
    return not coded.index.any_overlapping(*span, clip.annotation_id)


def _clip_problems(clip: ReelClip, coded: CodedRecording | None) -> Iterator[Problem]:
    if coded is None or coded.recording_id != clip.recording_id:
        msg = f"recording {clip.recording_id} of this clip cannot be found"
        yield Problem(Severity.ERROR, msg, clip.id)
        return
    if clip.annotation_id is not None:
        anchor = coded.annotation(clip.annotation_id)
        if anchor is not None and coded.is_hidden(anchor):
            pass  # judged when the hold is over; its code is not the asker's to learn
        elif anchor is None:
            msg = (
                f"the annotation this clip was made from ({clip.annotation_id}) is no longer on "
                f"recording {clip.recording_id}; remove the clip or add it again as a free range"
            )
            yield Problem(Severity.ERROR, msg, clip.id)
        else:
            scheme = coded.schemes.get(anchor.pass_id)
            reason = anchor_reason(anchor, scheme)
            if reason is not None:
                # A concern anchor is judged as a concern; a code caregivers never see
                # stays out, override or not.
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
    for flagged in overlapping_bystanders(coded.bystanders, *span):
        yield Problem(Severity.ERROR, bystander_reason(flagged), clip.id, Concern.BYSTANDER)


def written_range_reasons(
    clip: ReelClip, coded: CodedRecording | None, first_ms: int, last_ms: int
) -> list[str]:
    """Why the frames a file really shows, beyond the clip's padded span, may not be shown.

    `first_ms..last_ms` are the presentation times of the first and last frame the export
    writes for the clip: in fast mode from the keyframe at or before the in-point (up to 10 s
    early on phone video) to the packet it ends on. The padded span was judged already, with
    the audience's overrides; anything of concern that only these extra frames touch (FR, any
    other concern, another coder's hidden moment: `overlapping`, the same rule) was never seen
    by the coach, so it is returned here and no override lifts it.
    """
    if coded is None or coded.recording_id != clip.recording_id:
        return [f"recording {clip.recording_id} of this clip cannot be found"]
    judged = {a.id for a, _ in overlapping(clip.padded_start_ms, clip.padded_end_ms, coded)}
    found = [reason for a, reason in overlapping(first_ms, last_ms, coded) if a.id not in judged]
    padded = overlapping_bystanders(coded.bystanders, clip.padded_start_ms, clip.padded_end_ms)
    found += [
        f"a bystander who has not consented ({s.when} is flagged)"
        for s in overlapping_bystanders(coded.bystanders, first_ms, last_ms)
        if s not in padded
    ]
    return found


def concern_moments(clip: ReelClip, coded: CodedRecording | None) -> frozenset[AnnotationId]:
    """The moments of concern (FR included) the clip's padded span shows, by annotation.

    By id, not by message: two moments may read the same, yet are two moments.
    """
    if coded is None or coded.recording_id != clip.recording_id:
        return frozenset()
    return frozenset(
        a.id
        for a, _ in overlapping(clip.padded_start_ms, clip.padded_end_ms, coded)
        if concern_kind(a, coded.schemes.get(a.pass_id)) is not Concern.NONE
    )
