"""One cell policy for every CSV vfcoach writes: text never runs as a spreadsheet formula.

A note typed as `=HYPERLINK("http://…")` or `+1-2` would be executed by Excel or LibreOffice
when a supervisor opens the export (CSV injection, OWASP). Every text cell starting with
= + - @, a tab or a carriage return gets a leading apostrophe, which spreadsheets show as
text and do not display; `unescape_cell` takes it off again on import, so an exported file
re-imports to exactly the same notes. A plain number (-0.12, a κ) is no formula and stays a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?", re.ASCII)


def escape_cell(value: object) -> object:
    """`value` safe for a spreadsheet: text starting with a formula trigger gets a `'`."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def unescape_cell(text: str) -> str:
    """The text `escape_cell` protected, as it was typed."""
    if text.startswith("'") and text[1:].startswith(TRIGGERS):
        return text[1:]
    return text


def escape_rows(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    """Every cell of `rows` through `escape_cell`, for `csv.writer(...).writerows`."""
    return [[escape_cell(v) for v in row] for row in rows]


def cell_text(value: object) -> str:
    """The one way a value becomes CSV text: booleans `yes`/`no` (a coach's spreadsheet, not
    JSON's `true`), nothing as an empty cell, anything else as `str` gives it. `vfcoach tally`,
    `irr` and `drift` all write their cells through this, so no two exports differ."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
