"""The caption lint: captions speak to a caregiver, never in coding language (domain.md §5).

A caption may contain no code key and no term of the organisation's jargon list (§9: "code
keys + built-in terms"). Jargon terms match case-insensitively as whole words ("FTL", "ftl",
"on-target"). Code keys match as whole words *as written* (upper case with underscores, the
way coders see them): several keys are ordinary words in lower case ("CALM", "MOMENT"), and
"she became calm" is exactly the plain language captions should use. Keys that are also
coding jargon ("FTL", "ITM", "NUR") are in the default jargon list, so they are caught in any
case. The lint blocks export (§5), so it runs at add, at edit and again at export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from vfcoach.coding.scheme import Scheme

DEFAULT_JARGON: tuple[str, ...] = (
    "FTL",
    "ITM",
    "NUR",
    "intrusive",
    "on-target",
    "on target",
    "off-target",
    "frightening",
    "overwhelming",
    "scaffolding",
    "missed nurturance",
    "dissociative",
    "corrective",
    "mismatched",
    "valence",
    "fidelity",
    "score",
)


def _word(term: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", flags)


@dataclass(frozen=True, slots=True)
class CaptionLint:
    """Code keys (exact) and jargon terms (any case) a caption may not contain."""

    code_keys: frozenset[str] = frozenset()
    jargon: tuple[str, ...] = DEFAULT_JARGON

    @classmethod
    def for_schemes(
        cls, schemes: Iterable[Scheme], jargon: Iterable[str] | None = None
    ) -> CaptionLint:
        keys = frozenset(c.key for s in schemes for c in s.codes)
        terms = DEFAULT_JARGON if jargon is None else tuple(t for t in jargon if t.strip())
        return cls(keys, terms)

    def findings(self, caption: str) -> list[str]:
        """The forbidden words found, in the order of the lists (empty: the caption is fine)."""
        found = [k for k in sorted(self.code_keys) if _word(k, ignore_case=False).search(caption)]
        found += [
            t for t in self.jargon if t not in found and _word(t, ignore_case=True).search(caption)
        ]
        return found

    def reason(self, caption: str) -> str | None:
        found = self.findings(caption)
        if not found:
            return None
        words = ", ".join(f"'{w}'" for w in found)
        return f"caption uses coding language ({words}); write it in plain words to the caregiver"
