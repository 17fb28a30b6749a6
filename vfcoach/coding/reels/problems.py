"""Problems a reel rule finds: an error refuses (add, save, export), a warning only informs.

Every problem carries its reason in words a coach can act on, and the clip it concerns, so
the editor can mark that clip and the CLI can print one line per problem.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels.model import ClipId


class Severity(enum.StrEnum):
    ERROR = "error"  # refused: never reaches a caregiver
    WARNING = "warning"  # allowed, but outside what domain.md §5 calls a good reel


class Concern(enum.StrEnum):
    """What kind of moment a safety problem is about; decides whether an override can lift it."""

    NONE = "none"  # not a moment of concern: family, caption, length, hidden code, lost anchor
    CONCERN = "concern"  # OVW, INT, NUR_MISS, scaffolding ITM, corrective MOMENT and the like
    FRIGHTENING = "frightening"  # FR: never in any reel, override or not
    HELD = "held"  # blind double coding under way: a warning now, refused at export


@dataclass(frozen=True, slots=True)
class Problem:
    """`overridable`: an override with a reason on this problem's clip would lift it."""

    severity: Severity
    message: str
    clip_id: ClipId | None = None
    concern: Concern = Concern.NONE
    overridable: bool = False

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


class ReelRefused(VfcoachError):
    """A reel or clip that breaks a hard rule; `problems` lists every reason (errors only)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        reasons = "; ".join(p.message for p in self.problems) or "refused"
        super().__init__(f"reel refused: {reasons}")


def refuse_errors(problems: Iterable[Problem]) -> None:
    """Raise `ReelRefused` if any problem is an error."""
    found = errors(problems)
    if found:
        raise ReelRefused(found)
