"""Disagreements as one flat list: what the navigator lists and the video jumps to.

Event pairs and time-unit runs differ in shape, but a supervisor asks the same of both:
where is it, what did each coder say, and which annotation is it. For time units, a run
where one coder's group had no code at all is a "miss" (A coded, B did not) or an "extra"
(B coded, A did not), the same words as for events, so the list reads one way.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.ids import RecordingId
from vfcoach.coding.reliability import (
    NIL,
    NONE,
    DisagreementKind,
    EventAgreement,
    TimeUnitAgreement,
)

EVENT_GROUP = ""  # `group` of an event-based disagreement


@dataclass(frozen=True)
class Disagreement:
    """One row of the navigator, flattened from an event pair or a time-unit run."""

    recording_id: RecordingId
    at_ms: int  # where to jump: the earlier onset / the run's start
    end_ms: int | None  # end of the run, or of the later state event; None for points
    kind: str  # "substitution" | "miss" | "extra"
    code_a: str  # "nil" (events) / "none" (time) when coder A had nothing
    code_b: str
    time_a_ms: int | None  # A's onset (None when A had nothing there)
    time_b_ms: int | None
    ref_a: str  # annotation id of A's event ("" for time units and misses)
    ref_b: str
    group: str = EVENT_GROUP  # the ME&E set of a time-unit run

    @property
    def offset_ms(self) -> int | None:
        """B's onset minus A's when both coded something here."""
        if self.time_a_ms is None or self.time_b_ms is None:
            return None
        return self.time_b_ms - self.time_a_ms


def _event_rows(rec: RecordingId, event: EventAgreement) -> list[Disagreement]:
    out: list[Disagreement] = []
    for p in event.disagreements:
        ends = [e.offset_ms for e in (p.a, p.b) if e is not None and e.offset_ms is not None]
        out.append(
            Disagreement(
                recording_id=rec,
                at_ms=p.at_ms,
                end_ms=max(ends) if ends else None,
                kind=p.kind.value,
                code_a=NIL if p.a is None else p.a.code,
                code_b=NIL if p.b is None else p.b.code,
                time_a_ms=None if p.a is None else p.a.onset_ms,
                time_b_ms=None if p.b is None else p.b.onset_ms,
                ref_a="" if p.a is None else p.a.ref,
                ref_b="" if p.b is None else p.b.ref,
            )
        )
    return out


def _time_kind(code_a: str, code_b: str) -> str:
    if code_b == NONE:
        return DisagreementKind.MISS.value
    if code_a == NONE:
        return DisagreementKind.EXTRA.value
    return DisagreementKind.SUBSTITUTION.value


def _time_rows(rec: RecordingId, time: dict[str, TimeUnitAgreement]) -> list[Disagreement]:
    out: list[Disagreement] = []
    for group, tu in time.items():
        for start, end, code_a, code_b in tu.disagreements:
            out.append(
                Disagreement(
                    recording_id=rec,
                    at_ms=start,
                    end_ms=end,
                    kind=_time_kind(code_a, code_b),
                    code_a=code_a,
                    code_b=code_b,
                    time_a_ms=None if code_a == NONE else start,
                    time_b_ms=None if code_b == NONE else start,
                    ref_a="",
                    ref_b="",
                    group=group,
                )
            )
    return out


def disagreements_of(
    rec: RecordingId,
    event: EventAgreement | None,
    time: dict[str, TimeUnitAgreement] | None,
) -> list[Disagreement]:
    """Every disagreement of one recording, in time order (groups interleaved by time)."""
    rows = _event_rows(rec, event) if event is not None else []
    rows += _time_rows(rec, time) if time is not None else []
    rows.sort(key=lambda d: (d.at_ms, d.group, d.kind))
    return rows
