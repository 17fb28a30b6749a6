"""A reliability result as plain data, and its matching rules in words.

`IrrResult` is what the one reliability operation (services) computes and what every output
reads: `vfcoach irr` and the report serialise it (`vfcoach.reports`), the Reliability view
shows it. It lives here, below both, because it holds nothing but domain values, so the
report writers can take it without depending on the operation that reads the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from vfcoach.coding.ids import PassId, RecordingId
from vfcoach.coding.reliability.disagreements import Disagreement
from vfcoach.coding.reliability.event_agreement import EventAgreement, matching_rule
from vfcoach.coding.reliability.icc import IccResult
from vfcoach.coding.reliability.settings import IrrSettings
from vfcoach.coding.reliability.time_unit import TimeUnitAgreement
from vfcoach.coding.tally import ItmTally


@dataclass(frozen=True)
class RecordingAgreement:
    recording_id: RecordingId
    label: str  # family code + visit number + recording label: ids only, no names
    duration_ms: int
    media_path: str
    coder_a: str
    coder_b: str
    pass_a: PassId
    pass_b: PassId
    event: EventAgreement | None  # the one the method asked for; the other None
    time: dict[str, TimeUnitAgreement] | None
    tally_a: ItmTally
    tally_b: ItmTally
    notes: tuple[str, ...] = ()  # e.g. a pass compared while still a draft
    categories: tuple[str, ...] = ()  # aligned apart (event method, `within_category`)
    codes_a: int | None = None  # how many codes each pass holds (None: not counted)
    codes_b: int | None = None


@dataclass(frozen=True)
class IrrResult:
    settings: IrrSettings
    coder_a: str
    coder_b: str
    recordings: tuple[RecordingAgreement, ...]
    event: EventAgreement | None  # pooled over recordings
    time: dict[str, TimeUnitAgreement] | None  # pooled per code group
    icc: dict[str, tuple[IccResult, IccResult]]  # measure -> (ICC(2,1), ICC(3,1))
    disagreements: tuple[Disagreement, ...]
    matching_rule: str = ""

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(n for r in self.recordings for n in r.notes)

    @property
    def without_codes(self) -> tuple[str, ...]:
        """The coders with not one code in any recording compared: κ against nothing is no
        figure (it comes out 0.00, which reads as "slight agreement"), so the views say so."""
        counted = [r for r in self.recordings if r.codes_a is not None and r.codes_b is not None]
        if not counted:
            return ()
        empty_a = all(r.codes_a == 0 for r in counted)
        empty_b = all(r.codes_b == 0 for r in counted)
        return tuple(c for c, empty in ((self.coder_a, empty_a), (self.coder_b, empty_b)) if empty)


def time_rule(settings: IrrSettings) -> str:
    """The time-unit slicing rule in words, printed with every time-unit result."""
    tol = (
        f"; with ±{settings.tolerance_slices} slice(s) tolerance a disagreeing slice counts as "
        "agreement when each coder's code appears in the other's slices within that window"
        if settings.tolerance_slices
        else ""
    )
    return (
        f"Each recording from 0 to its end is cut into {settings.slice_ms / 1000:g}-s slices; "
        "per code group (ME&E set) a slice takes the state code covering its first instant, "
        f"or 'none'{tol}. Point codes are not sliced."
    )


def event_rule(settings: IrrSettings, categories: Sequence[str] = ()) -> str:
    """The event matching rule in words; within categories it names them."""
    base = matching_rule(settings.tolerance_ms, settings.by_overlap)
    if not settings.within_category:
        return base
    named = f" ({', '.join(categories)})" if categories else ""
    return (
        f"Alignment is within each category of the scheme{named}: events of different "
        f"categories never pair. In each category: {base} The categories' tables are summed "
        "into one table."
    )
