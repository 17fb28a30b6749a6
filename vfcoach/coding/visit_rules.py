"""What a coach may write on a visit: its number, date and programme (issue 12 §1).

Pure rules, so the browser's dialog, the services and a unit test judge a visit alike. A date
in the future or before any of the programmes existed is a typing slip, not a visit; an
impossible date ("31 February") never gets this far because `datetime.date` cannot hold it.
"""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.errors import VfcoachError

#: The programme variants a visit may belong to (domain.md §1). "ABC" is ABC-Infant, the name
#: every visit stored before this list existed already carries.
PROGRAMMES: tuple[str, ...] = ("ABC", "ABC-Toddler", "VIPP-SD")

#: Plain names for the programme list in dialogs.
PROGRAMME_NAMES: dict[str, str] = {
    "ABC": "ABC (infant, 6–24 months)",
    "ABC-Toddler": "ABC-Toddler (24–48 months)",
    "VIPP-SD": "VIPP-SD (1–6 years)",
}

EARLIEST = dt.date(1990, 1, 1)  # before any of the programmes; an earlier date is a slip
MAX_VISIT_NUMBER = 999


class InvalidVisit(VfcoachError):
    """A visit number, date or programme that cannot be right; nothing was changed."""


def check_visit(number: int, date: dt.date | None, programme: str, today: dt.date) -> None:
    """Raise `InvalidVisit` saying what is wrong, in words a coach reads."""
    if not 1 <= number <= MAX_VISIT_NUMBER:
        raise InvalidVisit(f"a visit number is 1 to {MAX_VISIT_NUMBER}, not {number}")
    if date is not None and date > today:
        raise InvalidVisit(f"the visit date {date.isoformat()} is in the future")
    if date is not None and date < EARLIEST:
        raise InvalidVisit(f"the visit date {date.isoformat()} is before {EARLIEST.year}")
    if programme not in PROGRAMMES:
        raise InvalidVisit(f"the programme '{programme}' is not one of {', '.join(PROGRAMMES)}")
