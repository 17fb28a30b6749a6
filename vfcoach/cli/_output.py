"""How every command prints: JSON documents, CSV rows, and a long job's progress on stderr.

One printer per form, so `--format json` is indented and UTF-8 the same way in every command,
and every CSV cell goes through the one cell policy (`coding.csv_cells`: text never runs as a
spreadsheet formula). Results go to stdout, progress and notes to stderr, so
`vfcoach tally 3 --format csv > t.csv` writes only the table.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence

from vfcoach.coding.csv_cells import escape_rows


def print_json(document: object, *, ensure_ascii: bool = False) -> None:
    """`document` as indented JSON on stdout (names stay readable: no `\\u` escapes by default)."""
    print(json.dumps(document, indent=2, ensure_ascii=ensure_ascii))


def print_csv(rows: Iterable[Sequence[object]]) -> None:
    """Rows as CSV on stdout, every cell escaped for spreadsheets."""
    csv.writer(sys.stdout, lineterminator="\n").writerows(escape_rows(rows))


class StderrProgress:
    """A job's progress on stderr: one rewritten line on a terminal, one line per step in a log.

    Call it as the job's `Progress`; call `close()` after the job (also when it failed), so a
    terminal's prompt does not start on the progress line.
    """

    def __init__(self) -> None:
        self._last: str | None = None
        self._tty = sys.stderr.isatty()

    def __call__(self, done: float, message: str) -> None:
        if self._tty:
            print(f"\r{done * 100:5.1f} %  {message[:60]:<60}", end="", file=sys.stderr, flush=True)
        elif self._last != message:  # a log file gets one line per step
            self._last = message
            print(f"{done * 100:5.1f} %  {message}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self._tty:
            print(file=sys.stderr)
