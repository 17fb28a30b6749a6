"""Event-based agreement of two passes, in one stream or within each category of the scheme.

domain.md §6 aligns all of a coder's events in one stream. In a real pass, child cues, the
caregiver's behaviour and the coach's comments are independent streams coded at the same
moments, so one-stream alignment can pair a child cue with a caregiver behaviour and count
two substitutions where both coders agree on both events. With `within_category` each
category (`Code.category`, A's scheme winning where the versions differ, as for
`code_groups`) is aligned on its own with the same window, and the categories' results are
pooled into one table, exactly as recordings are pooled. The drift check and `IrrOperation`
both call `compare_events`, so the option means the same everywhere.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from vfcoach.coding.reliability import (
    CodedEvent,
    EventAgreement,
    event_agreement,
    pool_event_agreements,
)
from vfcoach.coding.reliability.result import event_rule
from vfcoach.services.reliability.read import CoderPass, coded_events
from vfcoach.services.reliability.settings import IrrSettings

UNCATEGORISED = "Codes"  # what the coding panel calls a code without a category


def event_categories(a: CoderPass, b: CoderPass, settings: IrrSettings) -> dict[str, str]:
    """Code key → category for the codes the event method compares (no segment codes,
    only `settings.codes` when given), in A's scheme order then B's extra codes."""
    wanted = set(settings.codes)
    out: dict[str, str] = {}
    for scheme in (a.scheme, b.scheme):  # first one wins: A's scheme where versions differ
        for code in scheme.codes:
            if code.segment is not None or (wanted and code.key not in wanted):
                continue
            out.setdefault(code.key, code.category or UNCATEGORISED)
    return out


def ordered_categories(names: Iterable[str]) -> list[str]:
    """Category names once each, in first-seen order (the scheme's order)."""
    return list(dict.fromkeys(names))


def compare_events(
    a: CoderPass, b: CoderPass, settings: IrrSettings
) -> tuple[EventAgreement, tuple[str, ...]]:
    """Event-based agreement of A's and B's passes as `settings` asks (its rule included),
    and the categories aligned apart (empty in one stream)."""
    s = settings
    ea, eb = coded_events(a, b, s), coded_events(b, a, s)
    if not s.within_category:
        agreement = event_agreement(
            ea, eb, s.tolerance_ms, by_overlap=s.by_overlap, min_n=s.min_events
        )
        return agreement, ()
    of = event_categories(a, b, s)

    def category(e: CodedEvent) -> str:
        return of.get(e.code, UNCATEGORISED)  # a key no scheme knows any more

    names = ordered_categories([*of.values(), *(category(e) for e in (*ea, *eb))])
    parts = [
        event_agreement(
            [e for e in ea if category(e) == c],
            [e for e in eb if category(e) == c],
            s.tolerance_ms,
            by_overlap=s.by_overlap,
            min_n=s.min_events,
        )
        for c in names
    ] or [event_agreement([], [], s.tolerance_ms, by_overlap=s.by_overlap, min_n=s.min_events)]
    pooled = pool_event_agreements(parts, min_n=s.min_events)
    in_time = sorted(pooled.pairs, key=lambda p: p.at_ms)  # stable: categories tie-break
    return dataclasses.replace(pooled, pairs=in_time, rule=event_rule(s, names)), tuple(names)


def rule_of_categories(settings: IrrSettings, per_recording: Iterable[Sequence[str]]) -> str:
    """The rule of a result pooled over recordings: every category any recording named."""
    return event_rule(settings, ordered_categories(c for cats in per_recording for c in cats))
