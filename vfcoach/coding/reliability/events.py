"""The input of reliability (one coder's events) and the alignment rows shown to supervisors.

Reliability works on plain values so it stays independent of how passes are stored: the
caller turns each submitted pass into `CodedEvent`s (onset, code, optional offset for states,
and the annotation id as `ref` so a disagreement can open the annotation in the player).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class CodedEvent:
    """One coder's event; `offset_ms` is None for a point event."""

    onset_ms: int
    code: str
    offset_ms: int | None = None
    ref: str = ""

    def __post_init__(self) -> None:
        if self.offset_ms is not None and self.offset_ms < self.onset_ms:
            raise ValueError(
                f"event {self.code!r} at {self.onset_ms} ms ends before it starts "
                f"({self.offset_ms} ms)"
            )

    @property
    def is_state(self) -> bool:
        return self.offset_ms is not None

    @property
    def sort_key(self) -> tuple[int, str, int, str]:
        """Total order used everywhere, so results never depend on the order events came in."""
        return (
            self.onset_ms,
            self.code,
            -1 if self.offset_ms is None else self.offset_ms,
            self.ref,
        )


class DisagreementKind(StrEnum):
    AGREE = "agree"
    SUBSTITUTION = "substitution"  # paired in time, different codes
    MISS = "miss"  # A has it, B has nothing paired
    EXTRA = "extra"  # B has it, A has nothing paired


@dataclass(frozen=True, slots=True)
class EventPair:
    """One alignment row: a pair, or one coder's event against nothing."""

    a: CodedEvent | None
    b: CodedEvent | None
    kind: DisagreementKind

    @property
    def offset_ms(self) -> int | None:
        """B's onset minus A's: positive when B coded later. None for an unpaired event."""
        if self.a is None or self.b is None:
            return None
        return self.b.onset_ms - self.a.onset_ms

    @property
    def at_ms(self) -> int:
        """Where to jump the video: the earlier onset of the two."""
        onsets = [e.onset_ms for e in (self.a, self.b) if e is not None]
        return min(onsets)

    @property
    def is_disagreement(self) -> bool:
        return self.kind is not DisagreementKind.AGREE


def make_pair(a: CodedEvent | None, b: CodedEvent | None) -> EventPair:
    """The alignment row for a pairing decision, with its kind derived from the two events."""
    if a is None and b is None:
        raise ValueError("an alignment row needs at least one event")
    if a is None:
        kind = DisagreementKind.EXTRA
    elif b is None:
        kind = DisagreementKind.MISS
    elif a.code == b.code:
        kind = DisagreementKind.AGREE
    else:
        kind = DisagreementKind.SUBSTITUTION
    return EventPair(a, b, kind)
