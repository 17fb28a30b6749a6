"""Which codes of a scheme play which part in a tally: ITMs, segments, and the rest.

domain.md §2 gives segments a purpose (`FIDELITY_CLIP`, `RELIABILITY_CLIP`, `UNCODABLE`,
`REVIEW`) and §3.2 defines the coach's `ITM`. A scheme says which code is which through
`Code.segment`; an imported or older scheme that does not carry it falls back on the
built-in keys, so a tally never silently counts a segment as a caregiver behaviour.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.scheme import Code, Scheme

FIDELITY_CLIP = "FIDELITY_CLIP"
RELIABILITY_CLIP = "RELIABILITY_CLIP"
UNCODABLE = "UNCODABLE"
REVIEW = "REVIEW"
SEGMENT_PURPOSES = (FIDELITY_CLIP, RELIABILITY_CLIP, UNCODABLE, REVIEW)
EXCLUDED_PURPOSES = (UNCODABLE, REVIEW)  # never coded time (domain.md §4)
ITM_KEY = "ITM"

# domain.md §3.2; used when the scheme's ITM code does not list its own values
DEFAULT_TARGETS = ("NUR", "FTL", "DEL", "AVOID_FR", "CALM", "NONE")
DEFAULT_COMPONENTS = ("describes_behaviour", "links_target", "links_outcome")


def segment_of(code: Code) -> str | None:
    """The code's segment purpose, from the scheme or else from its built-in key."""
    purpose = code.segment
    if purpose:
        return str(purpose)
    return code.key if code.key in SEGMENT_PURPOSES else None


@dataclass(frozen=True, slots=True)
class CodeRoles:
    """Keys by role for one scheme version; unknown keys count as caregiver/child codes."""

    itm_keys: frozenset[str]
    segment_by_key: dict[str, str]
    targets: tuple[str, ...]
    components: tuple[str, ...]
    labels: dict[str, str]
    state_keys: frozenset[str]
    order: tuple[str, ...]  # scheme order, for stable rows in tables and bar charts

    def is_itm(self, key: str) -> bool:
        return key in self.itm_keys

    def segment(self, key: str) -> str | None:
        return self.segment_by_key.get(key) or (key if key in SEGMENT_PURPOSES else None)

    def keys_for(self, purpose: str) -> frozenset[str]:
        found = {k for k, p in self.segment_by_key.items() if p == purpose}
        return frozenset(found | {purpose})


def _values(code: Code | None, modifier: str, default: tuple[str, ...]) -> tuple[str, ...]:
    if code is None:
        return default
    mod = code.modifier(modifier)
    return mod.values if mod is not None and mod.values else default


def roles_of(scheme: Scheme) -> CodeRoles:
    itm = next((c for c in scheme.codes if c.key == ITM_KEY), None)
    return CodeRoles(
        itm_keys=frozenset({ITM_KEY}),
        segment_by_key={c.key: p for c in scheme.codes if (p := segment_of(c)) is not None},
        targets=_values(itm, "target", DEFAULT_TARGETS),
        components=_values(itm, "components", DEFAULT_COMPONENTS),
        labels={c.key: c.label for c in scheme.codes},
        state_keys=frozenset(c.key for c in scheme.codes if c.kind.value == "state"),
        order=tuple(c.key for c in scheme.codes),
    )
