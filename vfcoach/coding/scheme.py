"""Code schemes: versioned lists of codes with keys, kinds, shortcuts and modifiers.

A scheme version is immutable once a recording has been coded with it: every annotation
records which version it belongs to, so editing a used scheme makes a new version. The
rules a scheme must keep live in `validate_codes`, so the editor, the JSON import and the
constructor refuse exactly the same things with the same words.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from vfcoach.coding.errors import SchemeError
from vfcoach.coding.ids import SchemeId
from vfcoach.coding.text_rules import InvalidText, check_code_key

#: Segment kinds a state code can stand for (domain.md §2); tallies and clip pickers look
#: codes up by these names, so a scheme may define each at most once.
SEGMENT_KINDS: tuple[str, ...] = ("FIDELITY_CLIP", "RELIABILITY_CLIP", "UNCODABLE", "REVIEW")

#: Keys the player and the modifier prompt own (play, speed, modifier digits); a code bound
#: to one of them would never fire, so a scheme may not use them.
RESERVED_SHORTCUTS = frozenset("0123456789[] ")

SET_SEPARATOR = "+"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class CodeKind(enum.StrEnum):
    POINT = "point"  # a single moment: a comment, a smile
    STATE = "state"  # onset and offset: a stretch of following the lead


class ModifierKind(enum.StrEnum):
    CHOICE = "choice"
    FLAG = "flag"
    TEXT = "text"
    SET = "set"  # several of `values` at once, e.g. ITM components


class Polarity(enum.StrEnum):
    """Whether a moment coded with this code may anchor a caregiver reel (domain.md §5)."""

    STRENGTH = "strength"
    CONCERN = "concern"
    NEUTRAL = "neutral"


@dataclass(frozen=True, slots=True)
class ModifierDef:
    """A typed attribute of a code instance (e.g. ITM valence). `values` for CHOICE and SET.

    A SET value is stored as one string, the chosen values joined with "+" in the order of
    `values`, so annotations stay `(name, value)` text pairs and compare equal when the same
    values were chosen in a different order; "" means none was chosen.

    `label` and `value_labels` are what a coach reads ("Target: following the lead"); the
    name and values stay the internal keys that exports and the scheme editor show. Both
    are optional: without them the name or value is shown with "_" as a space.
    """

    name: str
    kind: ModifierKind = ModifierKind.CHOICE
    values: tuple[str, ...] = ()
    label: str = ""
    value_labels: tuple[tuple[str, str], ...] = ()  # (value, plain label) pairs

    @property
    def title(self) -> str:
        """The plain name of the question: its label, or its name made readable."""
        return self.label or self.name.replace("_", " ").capitalize()

    def value_label(self, value: str) -> str:
        """The plain words for a stored value (a SET's chosen values joined with ", ")."""
        if self.kind is ModifierKind.SET:
            return ", ".join(self._one_label(p) for p in self.parts(value)) or "none"
        return self._one_label(value)

    def _one_label(self, value: str) -> str:
        found = next((text for v, text in self.value_labels if v == value), "")
        return found or value.replace("_", " ")

    def accepts(self, value: str) -> bool:
        if self.kind is ModifierKind.CHOICE:
            return value in self.values
        if self.kind is ModifierKind.FLAG:
            return value in ("yes", "no")
        if self.kind is ModifierKind.SET:
            parts = self.parts(value)
            return all(p in self.values for p in parts) and len(set(parts)) == len(parts)
        return True

    def choices(self) -> tuple[str, ...]:
        if self.kind is ModifierKind.FLAG:
            return ("yes", "no")
        if self.kind is ModifierKind.TEXT:
            return ()
        return self.values

    def parts(self, value: str) -> tuple[str, ...]:
        """The values chosen in a SET value ("" is none); any other kind is one part."""
        if self.kind is not ModifierKind.SET:
            return (value,)
        return tuple(value.split(SET_SEPARATOR)) if value else ()

    def join(self, chosen: Iterable[str]) -> str:
        """The canonical SET value for these choices: scheme order, no repeats."""
        picked = set(chosen)
        unknown = picked - set(self.values)
        if unknown:
            raise SchemeError(f"{', '.join(sorted(unknown))} not a value of {self.name}")
        return SET_SEPARATOR.join(v for v in self.values if v in picked)


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
    includes: str = ""  # what counts, in the coder's words
    excludes: str = ""  # what does not count
    link_to: tuple[str, ...] = ()  # codes an instance may point to (NUR -> C_DIS)
    polarity: Polarity = Polarity.NEUTRAL
    segment: str | None = None  # one of SEGMENT_KINDS, for state codes that mark a segment

    def modifier(self, name: str) -> ModifierDef | None:
        return next((m for m in self.modifiers if m.name == name), None)

    @property
    def display(self) -> str:
        """How messages name a code: key and label, e.g. "FTL (Following the lead)"."""
        return f"{self.key} ({self.label})" if self.label else self.key


@dataclass(frozen=True, slots=True)
class Scheme:
    name: str
    version: int
    codes: tuple[Code, ...]
    id: SchemeId | None = None
    locked: bool = False
    description: str = ""
    # which stored edit of this version this copy shows (0: not read from storage); an
    # in-place update made against an older revision is refused (compare-and-set)
    revision: int = field(default=0, compare=False)
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

    def segment_code(self, kind: str) -> Code | None:
        """The state code that marks segments of this kind (e.g. "REVIEW"), if any."""
        return next((c for c in self.codes if c.segment == kind), None)

    def same_content(self, other: Scheme) -> bool:
        """Equal codes and description: what an import or an edit would change."""
        return self.codes == other.codes and self.description == other.description

    def categories(self) -> list[tuple[str, list[Code]]]:
        """Codes grouped by category, in first-seen order, as the coding panel shows them."""
        groups: dict[str, list[Code]] = {}
        for c in self.codes:
            groups.setdefault(c.category or "Codes", []).append(c)
        return list(groups.items())


def _modifier_problems(c: Code) -> list[str]:
    problems: list[str] = []
    names: set[str] = set()
    for m in c.modifiers:
        if not m.name or not m.name.replace("_", "").isalnum():
            problems.append(f"{c.key}: modifier name '{m.name}' must be letters, digits or _")
        if m.name in names:
            problems.append(f"{c.key}: modifier '{m.name}' is defined twice")
        names.add(m.name)
        if m.kind in (ModifierKind.CHOICE, ModifierKind.SET):
            if not m.values:
                problems.append(f"{c.key}: modifier '{m.name}' needs at least one value")
            if len(set(m.values)) != len(m.values):
                problems.append(f"{c.key}: modifier '{m.name}' lists a value twice")
            if any(not v.strip() for v in m.values):
                problems.append(f"{c.key}: modifier '{m.name}' has an empty value")
        for value, text in m.value_labels:
            if m.kind is ModifierKind.TEXT or value not in m.choices():
                problems.append(
                    f"{c.key}: modifier '{m.name}' labels '{value}', not one of its values"
                )
            elif not text.strip():
                problems.append(f"{c.key}: modifier '{m.name}' has an empty label for '{value}'")
        if m.kind is ModifierKind.SET and any(SET_SEPARATOR in v for v in m.values):
            problems.append(f"{c.key}: values of set modifier '{m.name}' cannot contain '+'")
    return problems


def _shortcut_problem(c: Code, seen: dict[str, Code]) -> str | None:
    sc = c.shortcut.lower()
    if len(sc) != 1:
        return f"{c.key}: shortcut must be a single key, not '{c.shortcut}'"
    if sc in RESERVED_SHORTCUTS:
        shown = "Space" if sc == " " else sc
        return f"{c.key}: shortcut '{shown}' is kept for the player and modifier keys"
    if sc in seen:
        return f"{c.key}: shortcut '{c.shortcut}' is already used by {seen[sc].display}"
    seen[sc] = c
    return None


def validate_codes(codes: tuple[Code, ...]) -> list[str]:
    """Every rule a scheme must keep, as messages that say why (shown by editors and imports)."""
    problems: list[str] = []
    keys = {c.key for c in codes}
    seen_keys: set[str] = set()
    seen_shortcuts: dict[str, Code] = {}
    segments: dict[str, str] = {}
    for c in codes:
        try:  # ASCII only: `isalnum` takes a Cyrillic "А" that looks like the Latin key
            check_code_key(c.key)
        except InvalidText as exc:
            problems.append(str(exc))
        if c.key in seen_keys:
            problems.append(f"code key '{c.key}' is used twice")
        seen_keys.add(c.key)
        if not c.label.strip():
            problems.append(f"{c.key}: a code needs a label")
        shortcut = _shortcut_problem(c, seen_shortcuts)
        if shortcut:
            problems.append(shortcut)
        if not _COLOUR.match(c.colour):
            problems.append(f"{c.key}: colour '{c.colour}' must look like #3a7bd5")
        if c.me_set and c.kind is not CodeKind.STATE:
            problems.append(f"{c.key}: only state codes can belong to an ME&E set")
        for target in c.link_to:
            if target not in keys:
                problems.append(f"{c.key}: links to '{target}', which is not a code of the scheme")
        if c.segment is not None:
            if c.segment not in SEGMENT_KINDS:
                allowed = ", ".join(SEGMENT_KINDS)
                problems.append(f"{c.key}: segment '{c.segment}' is not one of {allowed}")
            elif c.kind is not CodeKind.STATE:
                problems.append(f"{c.key}: only state codes can mark a {c.segment} segment")
            elif c.segment in segments:
                problems.append(f"{c.key}: {segments[c.segment]} already marks {c.segment}")
            segments.setdefault(c.segment, c.key)
        problems.extend(_modifier_problems(c))
    return problems
