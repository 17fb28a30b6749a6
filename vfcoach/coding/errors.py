"""Typed domain errors: every failure has a name and a message a coach can read."""

from __future__ import annotations


class VfcoachError(Exception):
    """Base of every error vfcoach reports to a person instead of crashing."""


class InvalidTime(VfcoachError):
    """A time that cannot exist in the recording (negative, past the end, unparseable)."""


class SchemeError(VfcoachError):
    """A code scheme that breaks its own rules (duplicate key or shortcut, unknown code)."""


class ImportRejected(VfcoachError):
    """An import file with problems; nothing of it was imported.

    Carries every problem with its line number so the coach can fix the file in one go.
    """

    def __init__(self, source: str, problems: list[tuple[int, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = "; ".join(f"line {n}: {msg}" for n, msg in problems[:20])
        more = f" (+{len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(f"{source}: {len(problems)} problem(s), nothing imported: {lines}{more}")
