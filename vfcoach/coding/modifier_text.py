"""Modifiers of one annotation as one text cell: `name=value;name=value`.

One cell rather than a column per modifier, because the columns would differ per scheme and
a spreadsheet export must stay readable for every scheme. A free-text modifier may contain
`;` or `=`, so those (and the backslash) are escaped with a backslash; choice and flag values
never need it. Values are checked against the code's `ModifierDef`s, the same rule the coding
panel applies, so an import cannot store a value the panel could not have produced.
"""

from __future__ import annotations

from vfcoach.coding.scheme import Code

_SPECIAL = "\\;="


def escape(text: str) -> str:
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)


def _split(text: str) -> list[tuple[str, str | None]]:
    """Split on unescaped `;` and the first unescaped `=`; (name, None) when `=` is missing."""
    pairs: list[tuple[str, str | None]] = []
    name: list[str] = []
    value: list[str] | None = None
    chars = iter(text)
    for ch in chars:
        target = name if value is None else value
        if ch == "\\":
            target.append(next(chars, "\\"))
        elif ch == ";":
            pairs.append(("".join(name), None if value is None else "".join(value)))
            name, value = [], None
        elif ch == "=" and value is None:
            value = []
        else:
            target.append(ch)
    pairs.append(("".join(name), None if value is None else "".join(value)))
    return [(n.strip(), None if v is None else v.strip()) for n, v in pairs if n.strip() or v]


def parse_modifiers(text: str, code: Code, problems: list[str]) -> tuple[tuple[str, str], ...]:
    """Checked modifiers, sorted by name (the form `Annotation.with_modifier` keeps).

    Appends a readable message to `problems` for each bad entry instead of raising, so a file
    import can report every problem of every row at once.
    """
    found: dict[str, str] = {}
    allowed = ", ".join(m.name for m in code.modifiers) or "none"
    for name, value in _split(text):
        if value is None:
            problems.append(f"modifier '{name}' needs a value (write {name}=value)")
            continue
        if not name:
            problems.append(f"modifier value '{value}' has no name (write name={value})")
            continue
        definition = code.modifier(name)
        if definition is None:
            problems.append(f"{code.key} has no modifier '{name}' (allowed: {allowed})")
        elif name in found:
            problems.append(f"modifier '{name}' is given twice")
        elif not definition.accepts(value):
            choices = ", ".join(definition.choices())
            problems.append(f"'{value}' is not a value of {name} (allowed: {choices})")
        else:
            found[name] = value
    return tuple(sorted(found.items()))


def format_modifiers(modifiers: tuple[tuple[str, str], ...], code: Code | None) -> str:
    """The cell text, modifiers in the scheme's declared order so exports are stable."""
    order = {m.name: i for i, m in enumerate(code.modifiers)} if code else {}
    ordered = sorted(modifiers, key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    return ";".join(f"{escape(k)}={escape(v)}" for k, v in ordered)


def describe_modifiers(modifiers: tuple[tuple[str, str], ...], code: Code | None) -> str:
    """What a coach reads: "Target: following the lead · On target: yes", in scheme order.

    Labels come from the scheme (`ModifierDef.title`, `value_label`); the `name=value` form
    above stays for files. A modifier the code no longer defines is shown as stored.
    """
    order = {m.name: i for i, m in enumerate(code.modifiers)} if code else {}
    ordered = sorted(modifiers, key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    parts = []
    for name, value in ordered:
        definition = code.modifier(name) if code else None
        if definition is None:
            parts.append(f"{name}: {value}")
        else:
            parts.append(f"{definition.title}: {definition.value_label(value)}")
    return " · ".join(parts)
