"""Schemes as JSON, the form built-in schemes ship in and organisations import their own.

A malformed document is rejected whole, with every problem listed, so an organisation fixes
its licensed code list in one pass instead of one error per attempt. Unknown fields are
problems too: a misspelt "caregiver_visable" silently ignored would show a code to
caregivers that the organisation meant to hide. The rules a valid scheme keeps come from
`validate_codes`, so an import refuses exactly what the editor refuses.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, TypeVar

from vfcoach.coding.errors import SchemeError
from vfcoach.coding.scheme import (
    Code,
    CodeKind,
    ModifierDef,
    ModifierKind,
    Polarity,
    Scheme,
    validate_codes,
)
from vfcoach.coding.text_rules import InvalidText, check_name, shown

BUILTIN_SCHEMES = ("abc-style", "abc-toddler-style", "vipp-sd-style")

_SCHEME_FIELDS = {"name", "version", "description", "codes"}
_CODE_FIELDS = {
    "key",
    "label",
    "kind",
    "shortcut",
    "colour",
    "category",
    "caregiver_visible",
    "me_set",
    "definition",
    "includes",
    "excludes",
    "link_to",
    "polarity",
    "segment",
    "modifiers",
}
_MODIFIER_FIELDS = {"name", "kind", "values", "label", "value_labels"}

E = TypeVar("E", CodeKind, ModifierKind, Polarity)


class SchemeRejected(SchemeError):
    """A scheme document with problems; nothing of it was used. `problems` lists them all."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        listed = "; ".join(problems)
        super().__init__(f"{where}{len(problems)} problem(s), nothing imported: {listed}")


def _modifier_to_dict(m: ModifierDef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": m.name,
        "kind": m.kind.value,
        "values": list(m.values),
        "label": m.label,
    }
    if m.value_labels:  # optional: files written before labels existed stay the same
        out["value_labels"] = dict(m.value_labels)
    return out


def code_to_dict(c: Code) -> dict[str, Any]:
    return {
        "key": c.key,
        "label": c.label,
        "kind": c.kind.value,
        "shortcut": c.shortcut,
        "colour": c.colour,
        "category": c.category,
        "caregiver_visible": c.caregiver_visible,
        "polarity": c.polarity.value,
        "me_set": c.me_set,
        "segment": c.segment,
        "definition": c.definition,
        "includes": c.includes,
        "excludes": c.excludes,
        "link_to": list(c.link_to),
        "modifiers": [_modifier_to_dict(m) for m in c.modifiers],
    }


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    return {
        "name": scheme.name,
        "version": scheme.version,
        "description": scheme.description,
        "codes": [code_to_dict(c) for c in scheme.codes],
    }


def scheme_to_json(scheme: Scheme) -> str:
    """Stable, readable text: the form `vfcoach scheme export` writes."""
    return json.dumps(scheme_to_dict(scheme), indent=2, ensure_ascii=False) + "\n"


class _Reader:
    """Reads typed fields out of one JSON object, noting each problem instead of raising."""

    def __init__(self, raw: dict[str, Any], where: str, problems: list[str]) -> None:
        self.raw, self.where, self.problems = raw, where, problems

    def note(self, message: str) -> None:
        self.problems.append(f"{self.where}: {message}")

    def unknown(self, allowed: set[str]) -> None:
        for name in sorted(set(self.raw) - allowed):
            self.note(f"unknown field '{name}'")

    def text(self, name: str, default: str = "") -> str:
        value = self.raw.get(name, default)
        if not isinstance(value, str):
            self.note(f"{name} must be text")
            return default
        return value

    def optional_text(self, name: str) -> str | None:
        value = self.raw.get(name)
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.note(f"{name} must be text or null")
            return None
        return value

    def flag(self, name: str) -> bool:
        value = self.raw.get(name, False)
        if not isinstance(value, bool):
            self.note(f"{name} must be true or false")
            return False
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.note(f"{name} must be a list of text")
            return ()
        return tuple(value)

    def labels(self, name: str) -> tuple[tuple[str, str], ...]:
        """An optional {value: label} object, kept in file order."""
        value = self.raw.get(name, {})
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            self.note(f"{name} must map each value to its label, as text")
            return ()
        return tuple(value.items())

    def enum(self, name: str, kind: type[E], default: E | None = None) -> E | None:
        value = self.raw.get(name, None if default is None else default.value)
        try:
            return kind(str(value))
        except ValueError:
            allowed = "/".join(k.value for k in kind)
            self.note(f"{name} '{value}' is not {allowed}")
            return None


def _modifier(raw: Any, where: str, problems: list[str]) -> ModifierDef | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        problems.append(f"{where}: a modifier needs a name")
        return None
    r = _Reader(raw, f"{where}, modifier {raw['name']}", problems)
    r.unknown(_MODIFIER_FIELDS)
    kind = r.enum("kind", ModifierKind, ModifierKind.CHOICE)
    values, label = r.texts("values"), r.text("label")
    value_labels = r.labels("value_labels")
    if kind is None:
        return None
    return ModifierDef(raw["name"], kind, values, label, value_labels)


def _code(raw: Any, index: int, problems: list[str]) -> Code | None:
    """The code as far as it can be read, so the scheme-wide rules can still check it.

    A field with a problem falls back to its default; the problem is noted, so the scheme is
    refused anyway, but a link to a code with a misspelt kind is not reported as a link to
    a missing code.
    """
    if not isinstance(raw, dict):
        problems.append(f"code {index}: must be an object")
        return None
    missing = [k for k in ("key", "label", "kind", "shortcut") if not isinstance(raw.get(k), str)]
    if missing:
        problems.append(f"code {index}: missing {', '.join(missing)}")
        return None
    r = _Reader(raw, f"code {raw['key']}", problems)
    r.unknown(_CODE_FIELDS)
    kind = r.enum("kind", CodeKind)
    polarity = r.enum("polarity", Polarity, Polarity.NEUTRAL)
    mods_raw = raw.get("modifiers", [])
    if not isinstance(mods_raw, list):
        r.note("modifiers must be a list")
        mods_raw = []
    mods = [_modifier(m, r.where, problems) for m in mods_raw]
    if kind is None:  # keep checking the rest; guess the kind that makes least noise
        kind = CodeKind.STATE if raw.get("me_set") or raw.get("segment") else CodeKind.POINT
    return Code(
        key=raw["key"],
        label=raw["label"],
        kind=kind,
        shortcut=raw["shortcut"],
        colour=r.text("colour", "#888888"),
        category=r.text("category"),
        modifiers=tuple(m for m in mods if m is not None),
        caregiver_visible=r.flag("caregiver_visible"),
        me_set=r.optional_text("me_set"),
        definition=r.text("definition"),
        includes=r.text("includes"),
        excludes=r.text("excludes"),
        link_to=r.texts("link_to"),
        polarity=polarity or Polarity.NEUTRAL,
        segment=r.optional_text("segment"),
    )


def scheme_from_dict(raw: Any) -> Scheme:
    """The scheme a document describes; `SchemeRejected` with every problem otherwise."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise SchemeRejected(["a scheme must be a JSON object"])
    r = _Reader(raw, "scheme", problems)
    r.unknown(_SCHEME_FIELDS)
    name, version, codes_raw = raw.get("name"), raw.get("version", 1), raw.get("codes")
    if not isinstance(name, str) or not name.strip():
        problems.append("the scheme needs a name")
    else:
        try:
            check_name(name, "the scheme name")
        except InvalidText as exc:
            problems.append(str(exc))
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append("version must be a whole number from 1")
    description = r.text("description")
    if not isinstance(codes_raw, list) or not codes_raw:
        problems.append("the scheme needs a list of codes")
        codes_raw = []
    parsed = [_code(c, i, problems) for i, c in enumerate(codes_raw, start=1)]
    codes = tuple(c for c in parsed if c is not None)
    problems.extend(validate_codes(codes))
    if problems:
        raise SchemeRejected(problems)
    assert isinstance(name, str) and isinstance(version, int)
    return Scheme(name, version, codes, description=description)


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """JSON allows `{"key": "A", "key": "B"}` and Python keeps the last; a scheme may not."""
    seen: dict[str, Any] = {}
    for name, value in pairs:
        if name in seen:
            raise _DuplicateKey(name)
        seen[name] = value
    return seen


def _depth_ok(text: str, limit: int = 64) -> bool:
    """A scheme nests four levels; refuse deep nesting before the parser recurses on it."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            escaped = not escaped and ch == "\\"
            in_string = escaped or ch != '"'
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def scheme_from_json(text: str) -> Scheme:
    """The scheme in a JSON document; `SchemeRejected` for bad JSON as for a bad scheme."""
    if not _depth_ok(text):
        raise SchemeRejected(["not a scheme: the JSON is nested far too deeply"])
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise SchemeRejected([f"not valid JSON (line {exc.lineno}: {exc.msg})"]) from None
    except _DuplicateKey as exc:
        raise SchemeRejected(
            [f"the field '{shown(str(exc))}' appears twice in one object"]
        ) from None
    except RecursionError:
        raise SchemeRejected(["not a scheme: the JSON is nested far too deeply"]) from None
    try:
        if "\\u0000" in json.dumps(raw, ensure_ascii=False).encode("utf-8").decode("utf-8"):
            raise SchemeRejected(["a text holds a NUL character (byte 0), which cannot be stored"])
    except UnicodeEncodeError:
        raise SchemeRejected(
            ["a text holds a broken character (a lone surrogate \\udXXX)"]
        ) from None
    return scheme_from_dict(raw)


def builtin_scheme(name: str) -> Scheme:
    """A scheme shipped in `vfcoach/resources/schemes/NAME.json`."""
    text = resources.files("vfcoach.resources").joinpath(f"schemes/{name}.json").read_text("utf-8")
    return scheme_from_json(text)
