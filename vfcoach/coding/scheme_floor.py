"""A stored built-in scheme is never judged more leniently than the one vfcoach ships.

Built-in names are reserved at import since issue 10, but a database may already hold a
version imported under a built-in name before that (or edited by hand): one that marks `OVW`
caregiver-visible, or a concern code a strength. The caregiver-safety rule therefore reads a
built-in's codes through this floor: a code is caregiver-visible only if both the stored and
the shipped definition say so, and a concern if either does. Stricter is always safe; a
programme that wants other flags makes a scheme with a name of its own.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from vfcoach.coding.scheme import Code, Polarity, Scheme
from vfcoach.coding.scheme_guard import reserved_builtin
from vfcoach.coding.scheme_json import builtin_scheme


@lru_cache(maxsize=8)
def _shipped_codes(name: str) -> dict[str, Code]:
    return {code.key: code for code in builtin_scheme(name).codes}


def _floored(stored: Code, shipped: Code | None) -> Code:
    if shipped is None:
        return stored
    concern = Polarity.CONCERN in (stored.polarity, shipped.polarity)
    return replace(
        stored,
        caregiver_visible=stored.caregiver_visible and shipped.caregiver_visible,
        polarity=Polarity.CONCERN if concern else stored.polarity,
    )


def no_laxer_than_shipped(scheme: Scheme) -> Scheme:
    """`scheme` as the safety rule must read it (unchanged unless it bears a built-in name)."""
    name = reserved_builtin(scheme.name)
    if name is None:
        return scheme
    shipped = _shipped_codes(name)
    codes = tuple(_floored(code, shipped.get(code.key)) for code in scheme.codes)
    return scheme if codes == scheme.codes else replace(scheme, codes=codes)
