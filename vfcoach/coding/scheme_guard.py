"""What a scheme import or edit may not do quietly: take a built-in's name, or change a code's kind.

Both guard the caregiver-safety rule (domain.md §5), which reads a code's meaning from the
scheme version that coded it:

- **Built-in names are reserved.** `abc-style` and its siblings are what vfcoach ships; a
  file imported as "ABC-Style", "abc style", "ａｂｃ-style" or with a Cyrillic "а" would
  read as the built-in to a coach, and one stored under the very name before the built-in
  was would be adopted by every new recording. `reserved_builtin` compares names the way a
  person reads them: Unicode-normalised (NFKC), case-folded, look-alike letters mapped to
  Latin, invisible characters dropped, and spaces, underscores and dashes treated as one.
- **A code keeps its kind across versions.** A new version (imported or edited) that changes
  an existing key's point/state kind or polarity, or makes it caregiver-visible, could turn
  a moment of concern into a "moment you can be proud of". `kind_changes` lists each such
  change; the caller refuses them unless a supervisor confirms with a reason (audit-logged).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.scheme import Code
from vfcoach.coding.scheme_json import BUILTIN_SCHEMES

#: Letters that look like Latin ones (Cyrillic, Greek), mapped to what a reader would see.
_LOOKALIKES = str.maketrans(
    {
        "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j",
        "к": "k", "ӏ": "l", "м": "m", "н": "h", "о": "o", "р": "p", "ԛ": "q", "ѕ": "s",
        "т": "t", "у": "y", "х": "x", "ԝ": "w", "ь": "b", "ү": "y",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ς": "s",
        "ı": "i", "ł": "l", "ø": "o",
    }
)  # fmt: skip
_SEPARATORS = re.compile(r"[\s_\-]+")

MIN_CONFIRM_WORDS = 3


@dataclass(frozen=True, slots=True)
class KindChangeConfirmation:
    """A supervisor's explicit yes to a kind change, and why (written to the audit log)."""

    reason: str
    by: str


class SchemeNameReserved(VfcoachError):
    """A scheme import under (a look-alike of) a built-in scheme's name."""


class KindChangeRefused(VfcoachError):
    """A new scheme version that changes what a code means for reels, without a supervisor.

    `summary` is the refusal without the command-line hint, for a window that asks instead.
    """

    def __init__(self, summary: str, hint: str = "") -> None:
        self.summary = summary
        super().__init__(f"{summary}; {hint}" if hint else summary)


def normalise_name(name: str) -> str:
    """A scheme name as a reader tells names apart: "ABC_Style " and "abc-style" are one."""
    text = unicodedata.normalize("NFKC", name).casefold()
    text = "".join(
        "-" if unicodedata.category(ch) in ("Pd", "Zs") else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Mn", "Cc")
    )
    text = unicodedata.normalize("NFKD", text.translate(_LOOKALIKES))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return _SEPARATORS.sub("-", text).strip("-")


def reserved_builtin(name: str) -> str | None:
    """The built-in scheme `name` reads as, or None if it is a name of its own."""
    wanted = normalise_name(name)
    return next((b for b in BUILTIN_SCHEMES if normalise_name(b) == wanted), None)


def _change(before: Code, after: Code) -> str | None:
    parts: list[str] = []
    if before.kind is not after.kind:
        parts.append(f"kind {before.kind.value} -> {after.kind.value}")
    if before.polarity is not after.polarity:
        parts.append(f"polarity {before.polarity.value} -> {after.polarity.value}")
    if after.caregiver_visible and not before.caregiver_visible:
        parts.append("made caregiver-visible")
    return f"{after.key}: {', '.join(parts)}" if parts else None


def kind_changes(earlier: Iterable[Code], new: Iterable[Code]) -> list[str]:
    """Each key of `new` whose kind, polarity or caregiver visibility `earlier` set otherwise.

    `earlier` holds each key's latest earlier definition; a key new to the scheme is not a
    change (it has no old annotations a new meaning could whitewash).
    """
    old = {c.key: c for c in earlier}
    return [c for c in (_change(old[n.key], n) for n in new if n.key in old) if c is not None]


def confirmation_problem(reason: str, by: str) -> str | None:
    """Why a supervisor's confirmation does not count (no name, too short a reason), or None."""
    if not by.strip():
        return "a kind change must name the supervisor who confirms it (--by NAME)"
    if len(reason.split()) < MIN_CONFIRM_WORDS:
        return (
            f"a kind change needs a reason of at least {MIN_CONFIRM_WORDS} words "
            "(it is written to the audit log)"
        )
    return None
