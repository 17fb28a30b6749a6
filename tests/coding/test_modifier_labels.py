"""Modifiers carry plain labels for people; keys stay for files (issue 12 §3)."""

from __future__ import annotations

from vfcoach.coding.modifier_text import describe_modifiers, format_modifiers
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, validate_codes
from vfcoach.coding.scheme_json import builtin_scheme, scheme_from_json, scheme_to_json


def test_builtin_comment_reads_in_plain_words() -> None:
    itm = builtin_scheme("abc-style").code("ITM")
    mods = (
        ("addressee", "P1"),
        ("components", "describes_behaviour+links_target"),
        ("on_target", "yes"),
        ("target", "FTL"),
        ("valence", "positive"),
    )
    text = describe_modifiers(mods, itm)
    assert text.startswith("Target: following the lead · On target: yes")
    assert "What the comment does: describes the behaviour, names the target" in text
    assert text.endswith("Addressed to: first caregiver")
    for key in ("FTL", "on_target", "P1", "describes_behaviour"):
        assert key not in text
    assert "target=FTL" in format_modifiers(mods, itm)  # files keep the keys


def test_every_builtin_modifier_has_a_label_and_every_value_a_plain_word() -> None:
    for name in ("abc-style", "abc-toddler-style", "vipp-sd-style"):
        for code in builtin_scheme(name).codes:
            for m in code.modifiers:
                assert m.label, (name, code.key, m.name)
                for value in m.choices():
                    shown = m.value_label(value)
                    assert (shown and shown.upper() != shown) or shown in ("yes", "no"), shown


def test_unlabelled_modifier_falls_back_on_its_name() -> None:
    m = ModifierDef("on_target", ModifierKind.CHOICE, ("AVOID_FR",))
    assert m.title == "On target"
    assert m.value_label("AVOID_FR") == "AVOID FR"


def test_a_label_for_an_unknown_value_is_refused() -> None:
    bad = ModifierDef("x", ModifierKind.CHOICE, ("a",), "X", (("b", "bee"),))
    problems = validate_codes((Code("K", "Key", CodeKind.POINT, "k", modifiers=(bad,)),))
    assert any("labels 'b'" in p for p in problems)


def test_labels_survive_a_json_round_trip() -> None:
    scheme = builtin_scheme("abc-style")
    assert scheme_from_json(scheme_to_json(scheme)).codes == scheme.codes
