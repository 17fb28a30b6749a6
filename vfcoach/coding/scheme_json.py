"""Schemes as JSON, the form built-in schemes ship in and organisations import their own.

A malformed document is rejected whole, with every problem listed.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from vfcoach.coding.errors import SchemeError
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Scheme


def scheme_to_dict(scheme: Scheme) -> dict[str, Any]:
    return {
        "name": scheme.name,
        "version": scheme.version,
        "description": scheme.description,
        "codes": [
            {
                "key": c.key,
                "label": c.label,
                "kind": c.kind.value,
                "shortcut": c.shortcut,
                "colour": c.colour,
                "category": c.category,
                "caregiver_visible": c.caregiver_visible,
                "me_set": c.me_set,
                "definition": c.definition,
                "modifiers": [
                    {
                        "name": m.name,
                        "kind": m.kind.value,
                        "values": list(m.values),
                        "label": m.label,
                    }
                    for m in c.modifiers
                ],
            }
            for c in scheme.codes
        ],
    }


def _modifier(raw: Any, where: str, problems: list[str]) -> ModifierDef | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        problems.append(f"{where}: a modifier needs a name")
        return None
    try:
        kind = ModifierKind(raw.get("kind", "choice"))
    except ValueError:
        problems.append(f"{where}: modifier kind '{raw.get('kind')}' is not choice/flag/text")
        return None
    values = raw.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        problems.append(f"{where}: modifier values must be a list of text")
        return None
    if kind is ModifierKind.CHOICE and not values:
        problems.append(f"{where}: a choice modifier needs values")
    return ModifierDef(raw["name"], kind, tuple(values), str(raw.get("label", "")))


def scheme_from_dict(raw: Any) -> Scheme:
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise SchemeError("a scheme must be a JSON object")
    name, version, codes_raw = raw.get("name"), raw.get("version", 1), raw.get("codes")
    if not isinstance(name, str) or not name:
        problems.append("the scheme needs a name")
    if not isinstance(version, int) or version < 1:
        problems.append("version must be a whole number from 1")
    if not isinstance(codes_raw, list) or not codes_raw:
        problems.append("the scheme needs a list of codes")
        codes_raw = []
    codes: list[Code] = []
    for i, c in enumerate(codes_raw, start=1):
        where = f"code {i}"
        if not isinstance(c, dict):
            problems.append(f"{where}: must be an object")
            continue
        missing = [k for k in ("key", "label", "kind", "shortcut") if not isinstance(c.get(k), str)]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        where = f"code {c['key']}"
        try:
            kind = CodeKind(c["kind"])
        except ValueError:
            problems.append(f"{where}: kind '{c['kind']}' is not point or state")
            continue
        mods = [_modifier(m, where, problems) for m in c.get("modifiers", [])]
        codes.append(
            Code(
                key=c["key"],
                label=c["label"],
                kind=kind,
                shortcut=c["shortcut"],
                colour=str(c.get("colour", "#888888")),
                category=str(c.get("category", "")),
                modifiers=tuple(m for m in mods if m is not None),
                caregiver_visible=bool(c.get("caregiver_visible", False)),
                me_set=c.get("me_set") or None,
                definition=str(c.get("definition", "")),
            )
        )
    if problems:
        raise SchemeError("; ".join(problems))
    assert isinstance(name, str) and isinstance(version, int)
    return Scheme(name, version, tuple(codes), description=str(raw.get("description", "")))


def scheme_from_json(text: str) -> Scheme:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemeError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    return scheme_from_dict(raw)


def builtin_scheme(name: str) -> Scheme:
    """A scheme shipped in `vfcoach/resources/schemes/NAME.json`."""
    text = resources.files("vfcoach.resources").joinpath(f"schemes/{name}.json").read_text("utf-8")
    return scheme_from_json(text)
