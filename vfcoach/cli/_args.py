"""The argument types every command shares: seconds, minutes, dates, shares, counts, ids, names.

One parser per kind of value, so `--pre 1e308`, `--length nan`, `--tolerance inf`, an id of
400 digits or "١٢" (Arabic-Indic twelve, which `int()` and `float()` both accept) are refused
the same way by every command, as a usage error (exit status 2, one line), before any
database is opened. Numbers are ASCII digits with an optional decimal point: no exponents,
no signs, no inf or NaN. Names and texts follow `coding/text_rules.py`, the rules the
window and the import files keep too. `OneLineParser` keeps argparse's own errors to one
line on stderr (no usage block), as the CLI promises for every refusal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import MAX_TIME_MS, parse_time_ms
from vfcoach.coding.text_rules import (
    MAX_ID,
    InvalidText,
    check_code_key,
    check_name,
    check_text,
    one_line,
    parse_id,
    shown,
)

_DECIMAL = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?|\.[0-9]{1,9}", re.ASCII)
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
MAX_MINUTES = MAX_TIME_MS / 60_000


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is ONE line: `vfcoach: error: ... (usage: ... --help)`."""

    def error(self, message: str) -> NoReturn:
        top = self.prog.split()[0]
        self.exit(2, f"{top}: error: {one_line(message)} (usage: {self.prog} --help)\n")


def _bad(text: str, what: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(f"'{shown(text)}' is not {what}")


def _decimal(text: str, what: str) -> float:
    """A plain decimal number 0 or more: ASCII digits and one point, nothing else."""
    t = text.strip()
    if not _DECIMAL.fullmatch(t):
        raise _bad(text, what)
    return float(t)


def seconds_ms(text: str) -> int:
    """Seconds (0 or more, at most 100 hours) as integer ms: padding, tolerance, slices."""
    value = _decimal(text, "a number of seconds (like 2 or 0.5)")
    ms = round(value * 1000)
    if ms > MAX_TIME_MS:
        raise argparse.ArgumentTypeError(f"'{shown(text)}' seconds is more than 100 hours")
    return ms


def minutes(text: str) -> float:
    """Minutes above 0, at most 100 hours (a clip length, a window)."""
    value = _decimal(text, "a number of minutes (like 5 or 2.5)")
    if not 0 < value <= MAX_MINUTES:
        raise argparse.ArgumentTypeError(
            f"'{shown(text)}' minutes must be above 0 and at most {MAX_MINUTES:g}"
        )
    return value


def number(text: str) -> float:
    """A rate or limit: 0 or more, finite, below a billion."""
    return _decimal(text, "a number 0 or more (like 1.5)")


def share(text: str) -> float:
    """0.2, 20 or 20% all mean 20 %: a value above 1 (or with %) is read as a percentage."""
    raw = text.strip()
    value = _decimal(raw.removesuffix("%"), "a share (0.2, 20 or 20%)")
    return value / 100 if value > 1 or raw.endswith("%") else value


def time_ms(text: str) -> int:
    """A moment: seconds (72.48) or HH:MM:SS.mmm, ASCII digits, at most 100 hours."""
    try:
        return parse_time_ms(text)
    except InvalidTime as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def time_text(text: str) -> str:
    """`time_ms`'s check, keeping the text as typed (for messages that echo it)."""
    time_ms(text)
    return text.strip()


def date(text: str) -> dt.date:
    t = text.strip()
    try:
        if not _DATE.fullmatch(t):
            raise ValueError(t)
        return dt.date.fromisoformat(t)
    except ValueError:
        raise _bad(text, "a date (use YYYY-MM-DD)") from None


@contextmanager
def _usage_error() -> Iterator[None]:
    """A text rule's refusal (`InvalidText`) becomes argparse's: one usage line, exit 2."""
    try:
        yield
    except InvalidText as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def record_id(text: str) -> int:
    """A recording, visit, reel or version id: 1 to 2^31-1, fits both database backends."""
    with _usage_error():
        return parse_id(text, "an id")


def count(text: str) -> int:
    """How many (clips, a position): 1 to 2^31-1."""
    with _usage_error():
        return parse_id(text, "a count")


def whole(text: str) -> int:
    """A whole number 0 or more (a tolerance in slices, a seed), at most 2^31-1."""
    t = text.strip()
    if t == "0":
        return 0
    try:
        return parse_id(t, f"a whole number from 0 to {MAX_ID}")
    except InvalidText:
        raise _bad(text, f"a whole number from 0 to {MAX_ID}") from None


def name(text: str) -> str:
    """A person's or programme's name: one printable line, at most 64 characters."""
    with _usage_error():
        return check_name(text, "a name")


def family_code(text: str) -> str:
    with _usage_error():
        return check_name(text, "a family code")


def free_text(text: str) -> str:
    """A caption, talking point, reason or title: any language, no NUL."""
    with _usage_error():
        return check_text(text, "the text")


def code_keys(text: str) -> tuple[str, ...]:
    """Comma-separated code keys (NUR,FTL): each ASCII letters, digits, underscore."""
    with _usage_error():
        keys = tuple(check_code_key(k) for k in text.split(",") if k.strip())
    if not keys:
        raise _bad(text, "a list of code keys (like NUR,FTL)")
    return keys


def database(text: str) -> str:
    """A database URL (sqlite:///file, postgresql://...) or a plain SQLite file path."""
    with _usage_error():
        return check_text(text, "the database", limit=4096)


def off_or(parse: Callable[[str], float]) -> Callable[[str], float | None]:
    """`parse`, or None for "off" (a threshold switched off); `.inner` is `parse`."""

    def parse_or_off(text: str) -> float | None:
        return None if text.strip().lower() == "off" else parse(text)

    parse_or_off.inner = parse  # type: ignore[attr-defined]
    return parse_or_off


def path(text: str) -> Path:
    """A file or folder path; a NUL cannot be in any path, an empty one means nothing."""
    if not text.strip() or "\x00" in text:
        raise _bad(text, "a file path")
    return Path(text)


def folder(text: str) -> Path:
    """A folder path (whether it exists and is a folder is judged by the command)."""
    if not text.strip() or "\x00" in text:
        raise _bad(text, "a folder path")
    return Path(text)
