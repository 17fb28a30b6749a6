"""How the counted ITMs divide up: valence, target, components, addressee (domain.md §4).

All shares are of N, the ITMs whose onset lies in coded time, and are None when N = 0: a
panel shows "—" then, never 0 % or 100 % (§4). A comment coded without a value for a
modifier is still one of the N; it counts as "unset" rather than vanishing, so shares of a
half-finished pass stay honest (and `itm_tally` says how many are unset in its notes).
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from vfcoach.coding.annotation import Annotation

UNSET = "unset"
COMPONENT_SEPARATOR = "+"  # a SET modifier's chosen values, joined (scheme.ModifierKind.SET)


def share(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


@dataclass(frozen=True, slots=True)
class ValenceSplit:
    positive: int
    scaffolding: int
    unset: int
    positive_share: float | None  # of N; off-target comments still carry a valence
    scaffolding_share: float | None


@dataclass(frozen=True, slots=True)
class TargetCount:
    target: str
    n: int
    on_target_n: int
    rate_per_min: float | None


@dataclass(frozen=True, slots=True)
class ComponentShare:
    component: str
    n: int
    share: float | None


@dataclass(frozen=True, slots=True)
class ComponentShares:
    """Quality, not pass/fail (§4); the component list is editable in the scheme."""

    each: tuple[ComponentShare, ...]
    all_n: int  # ITMs carrying every listed component
    all_share: float | None


@dataclass(frozen=True, slots=True)
class AddresseeCount:
    addressee: str
    n: int


class ItmFacts(NamedTuple):
    """One comment's modifiers, read once: a tally reads each of them several times.

    A NamedTuple rather than a frozen dataclass only because one is built per comment on
    every recompute, and tuples build several times faster (the live panel's budget).
    """

    target: str | None
    on_target: str | None  # "yes" / "no" / None while not coded yet
    valence: str | None
    components: frozenset[str]
    addressee: str | None

    @property
    def is_on_target(self) -> bool:
        return self.on_target == "yes"


@functools.lru_cache(maxsize=256)
def parse_components(raw: str) -> frozenset[str]:
    """A SET value as its parts; cached, as a pass uses only a handful of distinct values."""
    return frozenset(p.strip() for p in raw.split(COMPONENT_SEPARATOR) if p.strip())


def facts_of(a: Annotation) -> ItmFacts:
    mods = dict(a.modifiers)
    get = mods.get
    return ItmFacts(
        get("target"),
        get("on_target"),
        get("valence"),
        parse_components(get("components") or ""),
        get("addressee"),
    )


def valence_split(itms: Sequence[ItmFacts]) -> ValenceSplit:
    counts = Counter(a.valence for a in itms)
    n = len(itms)
    positive, scaffolding = counts["positive"], counts["scaffolding"]
    return ValenceSplit(
        positive=positive,
        scaffolding=scaffolding,
        unset=n - positive - scaffolding,
        positive_share=share(positive, n),
        scaffolding_share=share(scaffolding, n),
    )


def by_target(
    itms: Sequence[ItmFacts], targets: Sequence[str], coded_min: float
) -> tuple[TargetCount, ...]:
    """Every target the scheme lists (zeros kept, so bar charts line up across visits)."""
    n_by: Counter[str] = Counter()
    on_by: Counter[str] = Counter()
    for a in itms:
        target = a.target or UNSET
        n_by[target] += 1
        on_by[target] += a.is_on_target
    order = list(targets) + sorted(t for t in n_by if t not in targets)
    return tuple(
        TargetCount(
            target=t,
            n=n_by[t],
            on_target_n=on_by[t],
            rate_per_min=None if coded_min <= 0 else n_by[t] / coded_min,
        )
        for t in order
    )


def component_shares(itms: Sequence[ItmFacts], components: Sequence[str]) -> ComponentShares:
    n = len(itms)
    by_set = Counter(a.components for a in itms)  # few distinct sets: count those
    wanted = frozenset(components)
    each = tuple(
        ComponentShare(c, k := sum(m for s, m in by_set.items() if c in s), share(k, n))
        for c in components
    )
    all_n = sum(m for s, m in by_set.items() if wanted <= s) if wanted else 0
    return ComponentShares(each, all_n, share(all_n, n))


def by_addressee(itms: Sequence[ItmFacts]) -> tuple[AddresseeCount, ...]:
    """Per caregiver, only when some ITM names one (§4: only with two caregivers present)."""
    named = Counter(a.addressee or UNSET for a in itms)
    if set(named) <= {UNSET}:
        return ()
    keys = sorted(k for k in named if k != UNSET) + ([UNSET] if UNSET in named else [])
    return tuple(AddresseeCount(k, named[k]) for k in keys)


def missing_notes(itms: Sequence[ItmFacts]) -> list[str]:
    """How many counted comments lack a modifier the headline figures depend on."""
    unset = Counter(
        name
        for a in itms
        for name, value in (
            ("target", a.target),
            ("on_target", a.on_target),
            ("valence", a.valence),
        )
        if value is None
    )
    plain = {  # what the coach reads; the modifier names are for files
        "target": "target",
        "on_target": "on-target answer",
        "valence": "positive or scaffolding answer",
    }
    return [
        f"{unset[name]} comment(s) have no {plain[name]} yet"
        for name in ("target", "on_target", "valence")
        if unset[name]
    ]
