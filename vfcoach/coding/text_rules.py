"""What text vfcoach accepts, decided once for every way in (CLI, import files, the window).

Names (family codes, coder names, scheme names) show up in tables, audit lines and file
names, so a newline in one forges a row in `session list`, a bidi override (U+202E) makes
"F-12" read as "21-F", and a 10,000-character code breaks every layout: names are one
printable line of bounded length. Code keys are stricter still — ASCII letters, digits and
underscore — because a Cyrillic "А" in "АTT" looks exactly like the Latin key and silently
becomes a different code. Free text (notes, captions, reasons) keeps any language and
layout, but never a NUL: PostgreSQL refuses it and SQLite keeps it, so the two backends
would disagree; vfcoach refuses it on both. Numbers typed by a person must be ASCII digits:
`int("١٢")` is 12 in Python, and a coach never meant that.
"""

from __future__ import annotations

import re
import unicodedata

from vfcoach.coding.errors import VfcoachError

NAME_MAX = 64
TEXT_MAX = 10_000
MAX_ID = 2**31 - 1  # fits INTEGER on SQLite and PostgreSQL alike

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_CODE_KEY = re.compile(r"[A-Za-z0-9_]{1,32}", re.ASCII)
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


class InvalidText(VfcoachError):
    """A name, key or text that vfcoach does not store (control characters, too long, NUL)."""


def shown(text: str, limit: int = 40) -> str:
    """`text` as an error message may quote it: escaped, one line, cut short."""
    quoted = text.encode("unicode_escape", "backslashreplace").decode("ascii")
    return quoted if len(quoted) <= limit else quoted[: limit - 3] + "..."


def one_line(text: str) -> str:
    """`text` on one line for a terminal: whitespace collapsed, control characters escaped."""
    flat = " ".join(text.split())
    return "".join(f"\\u{ord(ch):04x}" if _is_control(ch) else ch for ch in flat)


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in BIDI_CONTROLS or ch in "\u2028\u2029"


def check_name(text: str, what: str = "a name", limit: int = NAME_MAX) -> str:
    """The name stripped of outer spaces, or `InvalidText` saying why it cannot be one."""
    name = text.strip()
    if not name:
        raise InvalidText(f"{what} cannot be empty")
    bad = next((ch for ch in name if _is_control(ch)), None)
    if bad is not None:
        raise InvalidText(
            f"{what} cannot contain control or text-direction characters "
            f"(U+{ord(bad):04X} in '{shown(name)}')"
        )
    if len(name) > limit:
        raise InvalidText(f"{what} is {len(name)} characters long; at most {limit}")
    return name


def check_code_key(text: str) -> str:
    """A code key: 1-32 ASCII letters, digits or underscores (no look-alike letters)."""
    key = text.strip()
    if not _CODE_KEY.fullmatch(key):
        raise InvalidText(
            f"code key '{shown(key)}' must be 1-32 ASCII letters, digits or underscores"
        )
    return key


def check_text(text: str, what: str = "the text", limit: int = TEXT_MAX) -> str:
    """Free text (a note, caption or reason): any language, but no NUL or lone surrogate."""
    if "\x00" in text:
        raise InvalidText(f"{what} contains a NUL character (byte 0), which cannot be stored")
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        raise InvalidText(f"{what} contains a broken character (a lone surrogate)")
    if len(text) > limit:
        raise InvalidText(f"{what} is {len(text)} characters long; at most {limit}")
    return text


def ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 only (unlike `str.isdigit`, which accepts '١٢')."""
    return _DIGITS.fullmatch(text) is not None


def parse_id(text: str, what: str = "an id") -> int:
    """A positive whole number an id or visit number can be on both backends."""
    t = text.strip()
    if not ascii_digits(t) or len(t) > 10 or not 1 <= int(t) <= MAX_ID:
        raise InvalidText(f"'{shown(t)}' is not {what} (a whole number from 1 to {MAX_ID})")
    return int(t)
