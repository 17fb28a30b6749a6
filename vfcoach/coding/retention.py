"""Retention rules and when they fall due (domain.md §7.5; §9: no built-in period).

A programme keeps a family's raw video for `media_months` after the family's last visit and
its derived files (rendered reels, reports, clips) for `derived_months`; when the video is
due the family is erased, and its codes are either kept under a new random code with no
notes or captions (`deidentify`) or erased with everything else. A family on legal hold is
never due. This module only judges dates: nothing here deletes anything.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError

MAX_MONTHS = 1200  # a hundred years: more is a typo


class RetentionRefused(VfcoachError):
    """A retention rule, hold or erase that cannot be set or run; the message says why."""


class CodesAfter(enum.StrEnum):
    DEIDENTIFY = "deidentify"  # codes kept under a new random code, no notes or captions
    ERASE = "erase"


@dataclass(frozen=True, slots=True)
class RetentionRule:
    programme: str
    media_months: int
    derived_months: int
    codes: CodesAfter

    def __post_init__(self) -> None:
        if not self.programme.strip():
            raise RetentionRefused("a retention rule needs the programme it is for")
        for what, months in (("video", self.media_months), ("derived files", self.derived_months)):
            if not 0 <= months <= MAX_MONTHS:
                raise RetentionRefused(
                    f"the months {what} are kept must be 0 to {MAX_MONTHS}, not {months}"
                )
        if self.derived_months > self.media_months:
            raise RetentionRefused(
                "derived files (reels, reports) cannot be kept longer than the video they "
                f"come from: {self.derived_months} months is more than {self.media_months}"
            )

    def describe(self) -> str:
        codes = "kept without names, notes or captions" if self.keeps_codes else "erased"
        return (
            f"{self.programme}: video kept {self.media_months} months after the last visit, "
            f"reels and reports {self.derived_months} months, codes then {codes}"
        )

    @property
    def keeps_codes(self) -> bool:
        return self.codes is CodesAfter.DEIDENTIFY


class DueKind(enum.StrEnum):
    DERIVED = "derived"  # the family's rendered reels, reports and clips
    FAMILY = "family"  # the family's video and identifying fields (codes as the rule says)


@dataclass(frozen=True, slots=True)
class FamilyFacts:
    """What a rule is judged on: the family, its programme, its last visit, any hold."""

    code: str
    programme: str
    last_visit: dt.date | None
    held: bool = False
    written_files: int = 0


@dataclass(frozen=True, slots=True)
class DueItem:
    family: str
    kind: DueKind
    due_on: dt.date | None  # None: no visit date to count from
    overdue: bool
    held: bool
    what: str  # plain words: what would go

    def as_json(self) -> dict[str, object]:
        return {
            "family": self.family,
            "kind": str(self.kind),
            "due_on": None if self.due_on is None else self.due_on.isoformat(),
            "overdue": self.overdue,
            "held": self.held,
            "what": self.what,
        }


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months; the 31st becomes the month's last day when it has none."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_items(rule: RetentionRule, family: FamilyFacts, today: dt.date) -> list[DueItem]:
    """What `rule` would erase of `family`, and when; held families are listed, never due."""
    codes = "codes kept without names, notes or captions" if rule.keeps_codes else "codes erased"
    plans = (
        (DueKind.DERIVED, rule.derived_months, _derived(family.written_files)),
        (DueKind.FAMILY, rule.media_months, f"video, notes, captions and names; {codes}"),
    )
    out = []
    for kind, months, what in plans:
        when = None if family.last_visit is None else add_months(family.last_visit, months)
        overdue = when is not None and when <= today and not family.held
        out.append(DueItem(family.code, kind, when, overdue, family.held, what))
    return out


def _derived(count: int) -> str:
    if count == 0:
        return "no reels or reports written for the family yet"
    return f"{count} reel/report file{'' if count == 1 else 's'} written for the family"


def check_reason(reason: str, what: str) -> str:
    """A hold or an erase says why, in a few words: the record must explain itself."""
    text = " ".join(reason.split())
    if len(text) < 3:
        raise RetentionRefused(f"{what} needs a reason (--reason TEXT): say why in a few words")
    if len(text) > 500:
        raise RetentionRefused(f"the reason for {what} is too long (500 characters at most)")
    return text
