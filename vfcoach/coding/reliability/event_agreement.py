"""Event-based agreement: align, cross-tabulate against `nil`, report (domain.md §6).

Three figures belong together and are always returned together: the share of alignment rows
that are pairs (timing agreement), the share of pairs with the same code (code agreement),
and κ on the (codes + nil) table. The nil–nil cell is empty by construction (nobody can
count events neither coder saw), so this κ is approximate, which `rule` says in words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from vfcoach.coding.reliability.alignment import align_events
from vfcoach.coding.reliability.events import CodedEvent, DisagreementKind, EventPair
from vfcoach.coding.reliability.kappa import KappaStats, kappa_stats
from vfcoach.coding.reliability.table import NIL, AgreementTable, sum_tables


def matching_rule(tolerance_ms: int, by_overlap: bool) -> str:
    """The matching rule in words, printed with every event-based result."""
    seconds = f"{tolerance_ms / 1000:g}"
    overlap = " (state events also when their spans overlap)" if by_overlap else ""
    return (
        f"Events pair one-to-one when their onsets are at most ±{seconds} s apart{overlap}; "
        "the pairing with the most pairs, then the smallest total onset difference, is used. "
        f"Unpaired events count against '{NIL}'; the {NIL}–{NIL} cell is empty by construction, "
        "so κ is approximate."
    )


@dataclass(frozen=True)
class EventAgreement:
    pairs: list[EventPair]
    table: AgreementTable
    stats: KappaStats
    paired_share: float  # pairs / alignment rows; NaN when neither coder coded anything
    code_agreement: float  # same code / pairs; NaN when nothing paired
    tolerance_ms: int
    rule: str

    @property
    def n_pairs(self) -> int:
        return sum(1 for p in self.pairs if p.a is not None and p.b is not None)

    @property
    def disagreements(self) -> list[EventPair]:
        return [p for p in self.pairs if p.kind is not DisagreementKind.AGREE]


def _from_rows(
    rows: list[EventPair],
    tolerance_ms: int,
    rule: str,
    min_n: int,
    table: AgreementTable | None = None,
) -> EventAgreement:
    if table is None:
        table = AgreementTable.from_pairs(
            [NIL if p.a is None else p.a.code for p in rows],
            [NIL if p.b is None else p.b.code for p in rows],
        )
    paired = sum(1 for p in rows if p.a is not None and p.b is not None)
    agree = sum(1 for p in rows if p.kind is DisagreementKind.AGREE)
    return EventAgreement(
        pairs=rows,
        table=table,
        stats=kappa_stats(table, min_n=min_n),
        paired_share=paired / len(rows) if rows else math.nan,
        code_agreement=agree / paired if paired else math.nan,
        tolerance_ms=tolerance_ms,
        rule=rule,
    )


def event_agreement(
    a: Sequence[CodedEvent],
    b: Sequence[CodedEvent],
    tolerance_ms: int = 2000,
    *,
    by_overlap: bool = False,
    min_n: int = 20,
) -> EventAgreement:
    """Align A's and B's events and report all event-based figures."""
    rows = align_events(a, b, tolerance_ms, by_overlap=by_overlap)
    return _from_rows(rows, tolerance_ms, matching_rule(tolerance_ms, by_overlap), min_n)


def pool_event_agreements(parts: Sequence[EventAgreement], *, min_n: int = 20) -> EventAgreement:
    """Several recordings as one: tables summed, every alignment row kept (in input order)."""
    if not parts:
        raise ValueError("pooling needs at least one recording's agreement")
    tolerances = {p.tolerance_ms for p in parts}
    rules = {p.rule for p in parts}
    if len(tolerances) > 1 or len(rules) > 1:
        raise ValueError("only results computed with the same matching rule can be pooled")
    rows = [row for p in parts for row in p.pairs]
    return _from_rows(
        rows, parts[0].tolerance_ms, parts[0].rule, min_n, sum_tables([p.table for p in parts])
    )
