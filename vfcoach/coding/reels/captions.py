"""The caption lint: captions speak to a caregiver, never in coding language (domain.md §5).

A caption may contain no code key and no term of the organisation's jargon list (§9: "code
keys + built-in terms"). Jargon terms match case-insensitively as whole words ("FTL", "ftl",
"on-target"). Code keys match as whole words *as written* (upper case with underscores, the
way coders see them): several keys are ordinary words in lower case ("CALM", "MOMENT"), and
"she became calm" is exactly the plain language captions should use. Keys that are also
coding jargon ("FTL", "ITM", "NUR") are in the default jargon list, so they are caught in any
case. The lint blocks export (§5), so it runs at add, at edit and again at export.

A caption also never carries anything that points outside the family watching it: a file or
folder path (`/home/coach/HOLD-01/visit3.mp4`, `C:\\clips`, `~/x`, a file name such as
`visit3.mp4`), a web address (`file://`, `https://`, `www.`, `example.org`), an e-mail
address, another family's code, or a name recorded for another family's child. The names are
the database's (gathered by `services.reels.evidence` and passed in as `family_names`), the
rest is pattern matching here, so the same pure check guards the export and the caregiver
window. Text is compared after NFKC folding with invisible format characters removed, so
full-width letters or a zero-width space inside a code do not slip past.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from vfcoach.coding.ids import FamilyId
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


_EXTENSIONS = (
    "mp4|mov|m4v|avi|mkv|mts|m2ts|3gp|webm|wmv|mpg|mpeg|wav|mp3|m4a|aac|csv|tsv|json|xml"
    "|db|sqlite|sqlite3|txt|pdf|docx?|xlsx?|pptx?|odt|ods|png|jpe?g|gif|heic|zip|srt|vtt"
)
# Lower case only: "Well done.No rush" is a sentence. Endings that are also short English words
# ("no", "it", "at", "be", "us") count only with a path after them ("kind.it/x").
_TLDS = "com|org|net|edu|gov|info|io|nl|uk|de|fr|eu|ca|au|nz|ch|se|dk|es"
_WORD_TLDS = "be|us|at|no|it"
_LOOKS_LIKE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an e-mail address", re.compile(r"[\w.+-]+\s*@\s*[\w-]+(?:\.[\w-]+)+")),
    (
        "a web address",
        re.compile(
            rf"\b[a-z][a-z0-9+.-]*:/{{1,3}}\S|\bwww\d*\.\S|\bmailto:\S"
            rf"|\b[\w-]+(?:\.[\w-]+)*\.(?-i:{_TLDS})\b(?![\w-])"
            rf"|\b[\w-]+(?:\.[\w-]+)*\.(?-i:{_WORD_TLDS})/",
            re.IGNORECASE,
        ),
    ),
    (
        "a file or folder path",
        re.compile(
            rf"(?<![\w/])(?:[a-z]:[\\/]|\\\\|~[\\/]|\.{{0,2}}/(?=[\w.~-]))"  # C:\ \\ ~/ / ./
            r"|\S\\\S|\\[\w.-]"  # any backslash between names
            r"|(?<![\w/])(?:(?=[\w.~/-]*[\d_.])[\w.~-]+/[\w.~-]+/[\w.~-]"  # a/b/c with a digit,
            r"|[\w.~-]+(?:/[\w.~-]+){3,})"  # _ or . in it, or a/b/c/d ("Mum/Dad/baby": a sentence)
            rf"|\b[\w.-]+\.(?:{_EXTENSIONS})\b",  # a file name
            re.IGNORECASE,
        ),
    ),
)


def folded(text: str) -> str:
    """`text` as the lint reads it: NFKC (full-width letters become plain), no invisible
    format characters (zero-width spaces, direction marks) that could split a word."""
    return "".join(
        ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf"
    )


@functools.lru_cache(maxsize=8)
def _names_pattern(names: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One whole-word, any-case pattern for every name (compiled once per list, however
    many families the database holds), and each folded spelling's name as stored."""
    by_folded = {folded(n).casefold(): n for n in names if n.strip()}
    if not by_folded:
        return None, {}
    longest_first = sorted(by_folded, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in longest_first)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE), by_folded


def _word(term: str, ignore_case: bool) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])", flags)


@dataclass(frozen=True, slots=True)
class CaptionLint:
    """Code keys (exact) and jargon terms (any case) a caption may not contain."""

    code_keys: frozenset[str] = frozenset()
    jargon: tuple[str, ...] = DEFAULT_JARGON
    # (family, name): every family code and every child pseudonym in the database; a reel's
    # check keeps only other families' (`for_family`), so its own family may be named
    family_names: tuple[tuple[FamilyId, str], ...] = ()

    @classmethod
    def for_schemes(
        cls,
        schemes: Iterable[Scheme],
        jargon: Iterable[str] | None = None,
        family_names: Iterable[tuple[FamilyId, str]] = (),
    ) -> CaptionLint:
        keys = frozenset(c.key for s in schemes for c in s.codes)
        terms = DEFAULT_JARGON if jargon is None else tuple(t for t in jargon if t.strip())
        return cls(keys, terms, tuple(family_names))

    def for_family(self, family_id: FamilyId | None) -> CaptionLint:
        """The lint for a reel of `family_id`: its own code and children may be named, and a
        name it shares with another family (two children called Sam) is its own too."""
        own = {n.casefold() for f, n in self.family_names if f == family_id}
        others = tuple(
            (f, n) for f, n in self.family_names if f != family_id and n.casefold() not in own
        )
        return replace(self, family_names=others)

    def findings(self, caption: str) -> list[str]:
        """The forbidden words found, in the order of the lists (empty: the caption is fine)."""
        text = folded(caption)
        found = [k for k in sorted(self.code_keys) if _word(k, ignore_case=False).search(text)]
        found += [
            t for t in self.jargon if t not in found and _word(t, ignore_case=True).search(text)
        ]
        return found

    def privacy_findings(self, caption: str) -> list[str]:
        """What in the caption points outside the family watching, said plainly."""
        text = folded(caption)
        found = []
        for what, pattern in _LOOKS_LIKE:
            if pattern.search(text):
                found.append(what)
                text = pattern.sub(" ", text)  # an e-mail's domain is not a web address too
        names_re, by_folded = _names_pattern(tuple(n for _f, n in self.family_names))
        found_names = names_re.finditer(text) if names_re is not None else ()
        names = sorted({by_folded.get(m.group(0).casefold(), m.group(0)) for m in found_names})
        if names:
            shown = ", ".join(f"'{n}'" for n in names)
            found.append(f"a name from another family ({shown})")
        return found

    def reason(self, caption: str) -> str | None:
        found = self.findings(caption)
        reasons = []
        if found:
            words = ", ".join(f"'{w}'" for w in found)
            reasons.append(
                f"caption uses coding language ({words}); write it in plain words to the caregiver"
            )
        private = self.privacy_findings(caption)
        if private:
            reasons.append(
                f"caption contains {' and '.join(private)}; the caregiver reads every "
                "caption, so take it out"
            )
        return "; ".join(reasons) or None

    def shown_caption(self, caption: str) -> str:
        """The caption as a caregiver may see it: itself when the check passes, else nothing."""
        return caption if self.reason(caption) is None else ""
