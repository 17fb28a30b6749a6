"""Problems a reel rule finds: an error refuses (add, save, export), a warning only informs.

Every problem carries its reason in words a coach can act on, and the clip it concerns, so
the editor can mark that clip and the CLI can print one line per problem.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
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
    BYSTANDER = "bystander"  # a flagged non-consenting person (§7.4): never in any reel


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

    def __init__(
        self, problems: Iterable[Problem], positions: Mapping[ClipId, int] | None = None
    ) -> None:
        self.problems = tuple(problems)
        super().__init__(f"reel refused: {_reasons(self.problems, positions or {})}")


def _reasons(problems: tuple[Problem, ...], positions: Mapping[ClipId, int]) -> str:
    """Each reason once, with the clips it refuses: the same overlap or hold said of four
    clips reads as one reason and its four clip numbers, not four equal sentences."""
    clips: dict[str, list[int]] = {}
    for p in problems:
        at = positions.get(p.clip_id) if p.clip_id is not None else None
        clips.setdefault(p.message, [])
        if at is not None and at not in clips[p.message]:
            clips[p.message].append(at)
    said = []
    for message, numbers in clips.items():
        if not numbers:
            said.append(message)
        else:
            which = "clip" if len(numbers) == 1 else "clips"
            said.append(f"{which} {', '.join(map(str, sorted(numbers)))}: {message}")
    return "; ".join(said) or "refused"


def refuse_errors(
    problems: Iterable[Problem], positions: Mapping[ClipId, int] | None = None
) -> None:
    """Raise `ReelRefused` if any problem is an error; `positions` numbers the clips (1 = first)."""
    found = errors(problems)
    if found:
        raise ReelRefused(found, positions)
