"""Code schemes: versioned lists of codes with keys, kinds, shortcuts and modifiers.

A scheme version is immutable once a recording has been coded with it: every annotation
records which version it belongs to, so editing a used scheme makes a new version.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from vfcoach.coding.errors import SchemeError
from vfcoach.coding.ids import SchemeId


class CodeKind(enum.StrEnum):
    POINT = "point"  # a single moment: a comment, a smile
    STATE = "state"  # onset and offset: a stretch of following the lead


class ModifierKind(enum.StrEnum):
    CHOICE = "choice"
    FLAG = "flag"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class ModifierDef:
    """A typed attribute of a code instance (e.g. ITM valence). `values` only for CHOICE."""

    name: str
    kind: ModifierKind = ModifierKind.CHOICE
    values: tuple[str, ...] = ()
    label: str = ""

    def accepts(self, value: str) -> bool:
        if self.kind is ModifierKind.CHOICE:
            return value in self.values
        if self.kind is ModifierKind.FLAG:
            return value in ("yes", "no")
        return True

    def choices(self) -> tuple[str, ...]:
        if self.kind is ModifierKind.FLAG:
            return ("yes", "no")
        return self.values


@dataclass(frozen=True, slots=True)
class Code:
    key: str
    label: str
    kind: CodeKind
    shortcut: str
    colour: str = "#888888"
    category: str = ""
    modifiers: tuple[ModifierDef, ...] = ()
    caregiver_visible: bool = False  # safe default: nothing reaches a caregiver unless marked
    me_set: str | None = None  # mutually exclusive and exhaustive set of state codes
    definition: str = ""

    def modifier(self, name: str) -> ModifierDef | None:
        return next((m for m in self.modifiers if m.name == name), None)


@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    version: int
    codes: tuple[Code, ...]
    id: SchemeId | None = None
    locked: bool = False
    description: str = ""
    _by_key: dict[str, Code] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        problems = validate_codes(self.codes)
        if problems:
            raise SchemeError(f"scheme '{self.name}' v{self.version}: " + "; ".join(problems))
        self._by_key.update({c.key: c for c in self.codes})

    def code(self, key: str) -> Code:
        try:
            return self._by_key[key]
        except KeyError:
            raise SchemeError(f"'{key}' is not a code of scheme '{self.name}'") from None

    def has(self, key: str) -> bool:
        return key in self._by_key

    def by_shortcut(self, shortcut: str) -> Code | None:
        return next((c for c in self.codes if c.shortcut.lower() == shortcut.lower()), None)

    def categories(self) -> list[tuple[str, list[Code]]]:
        """Codes grouped by category, in first-seen order, as the coding panel shows them."""
        groups: dict[str, list[Code]] = {}
        for c in self.codes:
            groups.setdefault(c.category or "Codes", []).append(c)
        return list(groups.items())


def validate_codes(codes: tuple[Code, ...]) -> list[str]:
    """Every rule a scheme must keep, as messages that say why (shown by editors and imports)."""
    problems: list[str] = []
    seen_keys: set[str] = set()
    seen_shortcuts: dict[str, str] = {}
    for c in codes:
        if not c.key or not c.key.replace("_", "").isalnum():
            problems.append(f"code key '{c.key}' must be letters, digits or _")
        if c.key in seen_keys:
            problems.append(f"code key '{c.key}' is used twice")
        seen_keys.add(c.key)
        sc = c.shortcut.lower()
        if len(sc) != 1:
            problems.append(f"{c.key}: shortcut must be a single key, not '{c.shortcut}'")
        elif sc in seen_shortcuts:
            problems.append(
                f"{c.key}: shortcut '{c.shortcut}' is already used by {seen_shortcuts[sc]}"
            )
        else:
            seen_shortcuts[sc] = c.key
        if c.me_set and c.kind is not CodeKind.STATE:
            problems.append(f"{c.key}: only state codes can belong to an ME&E set")
    return problems
