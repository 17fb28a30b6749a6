"""Every CLI command, driven with generated hostile arguments: one line, exit 1 or 2, no change.

The commands are read from the parser itself (recursively through every sub-command), so a
command added later is driven too without editing this file. For each command a valid
argument list is built from the argument types (`vfcoach/cli/_args.py`), then hypothesis
puts a hostile value into one argument: huge or signed numbers, inf/NaN/1e308, non-ASCII
digits, control and bidi characters, NUL, very long text, and paths to a FIFO, a folder, a
symlink loop, a missing file and a garbage file. Whatever the command and the slot, the
result must be exit status 1 or 2, exactly one line on stderr, no traceback, and the
database's bytes unchanged.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Cli, run_module
from tests.cli.hostile import World
from vfcoach.cli import _args as arg
from vfcoach.cli import build_parser

Slot = argparse.Action
Values = st.SearchStrategy[str]


def leaf_commands(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """(words, parser) of every runnable command, found by walking the sub-parsers."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += leaf_commands(sub, (*path, name))
    if not found and path:
        found.append((path, parser))
    return found


COMMANDS = leaf_commands(build_parser())
BAD_NUMBERS = [
    "inf", "-inf", "nan", "NaN", "1e308", "-1", "-0.5", "9" * 400, str(2**64), str(2**31),
    "١٢", "１２", "0x10", "", " ", "1_000", "½", "+1", "1e3", "٣.٥",
]  # fmt: skip
BAD_IDS = [*BAD_NUMBERS, "0", "-0", "00"]
BAD_NAMES = [
    "", "   ", "a\nb", "a\rb", "a\x00b", "x\u202ey", "\u2066F-1", "\x1b[31mred", "N" * 65,
    "N" * 10_000, "\ud800", "tab\there", "line\u2028sep",
]  # fmt: skip
BAD_TEXT = ["a\x00b", "x" * 10_001, "bad\ud800char"]
BAD_DATES = ["2024-13-01", "２０２４-01-01", "99999-01-01", "", "2024-1-1", "0000-00-00", "nan"]
BAD_KEYS = ["", ",", "NU\u0420", "a b", "K" * 40, "\x00", "NUR,\u0410TT", "=1+1"]


CONTROLS = [chr(c) for c in (*range(32), 127)] + [
    *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
]


def _with(bad: Values) -> Values:
    """Ordinary text with something bad inside it (not at an edge, where a name is trimmed)."""
    word = st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8)
    return st.tuples(word, bad, word).map("".join)


GENERATED_NUMBERS: Values = st.one_of(
    st.floats().filter(lambda f: f != f or abs(f) == float("inf") or f < 0).map(repr),
    st.integers(min_value=2**31).map(str),
    st.integers(max_value=-1).map(str),
    st.text(st.characters(categories=["Nd"]), min_size=1, max_size=6).filter(
        lambda t: not t.isascii()
    ),
)
GENERATED_NAMES: Values = st.one_of(
    _with(st.sampled_from(CONTROLS)),
    st.text(st.characters(categories=["Lu", "Ll"]), min_size=65, max_size=300),
)
GENERATED_TEXT: Values = _with(st.just("\x00"))


def _bad_paths(w: World) -> list[str]:
    return [
        str(w.file("fifo")),
        str(w.file("loop1")),
        str(w.file("folder")),
        str(w.root / "missing" / "nothing.csv"),
        str(w.file("garbage.bin")),
        "a\x00b",
        "",
    ]


def _bad_outputs(w: World) -> list[str]:
    return [str(w.file("folder")), str(w.root / "missing" / "x.out"), str(w.file("fifo") / "x")]


def _bad_dbs(w: World) -> list[str]:
    return [
        "postgresql://u@localhost:abc/x",
        "just some words",
        f"sqlite:///{w.file('folder')}",
        f"sqlite:///{w.root / 'missing' / 'x.sqlite'}",
        "a\x00b",
        "sqlite:///file:" + str(w.file("garbage.bin")) + "?mode=ro&uri=true",
    ]


def hostile(slot: Slot, w: World) -> Values:
    """Values this slot must refuse, whatever the rest of the command line."""
    kind = getattr(slot.type, "inner", slot.type)  # arg.off_or(parse) refuses as parse does
    if slot.choices is not None:
        return st.sampled_from(["bogus", "", "\x00", "CSV ", "jsón"])
    table: dict[object, list[str]] = {
        arg.record_id: BAD_IDS,
        arg.count: BAD_IDS,
        arg.whole: BAD_NUMBERS,
        arg.seconds_ms: BAD_NUMBERS,
        arg.minutes: [*BAD_NUMBERS, "0"],
        arg.number: BAD_NUMBERS,
        arg.share: BAD_NUMBERS,
        arg.time_ms: BAD_NUMBERS,
        arg.time_text: BAD_NUMBERS,
        arg.date: BAD_DATES,
        arg.name: BAD_NAMES,
        arg.family_code: BAD_NAMES,
        arg.free_text: BAD_TEXT,
        arg.code_keys: BAD_KEYS,
        arg.database: _bad_dbs(w),
        arg.path: _bad_paths(w),
        arg.folder: [p for p in _bad_paths(w) if p != str(w.file("folder"))],  # one is fine
        Path: _bad_outputs(w),
    }
    generated = {
        **dict.fromkeys((arg.whole, arg.seconds_ms, arg.number, arg.share), GENERATED_NUMBERS),
        **dict.fromkeys((arg.record_id, arg.count, arg.minutes), GENERATED_NUMBERS),
        **dict.fromkeys((arg.time_ms, arg.time_text), GENERATED_NUMBERS),
        **dict.fromkeys((arg.name, arg.family_code), GENERATED_NAMES),
        arg.free_text: GENERATED_TEXT,
    }
    if kind in table:
        listed = st.sampled_from(table[kind])
        return st.one_of(listed, generated[kind]) if kind in generated else listed
    if slot.dest in ("out", "report"):
        return st.sampled_from(_bad_outputs(w))
    raise AssertionError(f"no hostile values for {slot.option_strings or slot.dest} ({kind})")


def valid(slot: Slot, w: World) -> str:
    """A value this slot accepts, so the hostile one is the only thing wrong."""
    if slot.choices is not None:
        return str(next(iter(slot.choices)))
    name = slot.dest
    by_type: dict[object, Callable[[], str]] = {
        arg.record_id: lambda: "1",
        arg.count: lambda: "1",
        arg.whole: lambda: "1",
        arg.seconds_ms: lambda: "1",
        arg.minutes: lambda: "0.1",
        arg.number: lambda: "1",
        arg.share: lambda: "0.2",
        arg.time_ms: lambda: "1",
        arg.time_text: lambda: "1",
        arg.date: lambda: "2024-03-04",
        arg.name: lambda: "Demo coach",
        arg.family_code: lambda: "F-NEW",
        arg.free_text: lambda: "a caption for the caregiver",
        arg.code_keys: lambda: "NUR",
        arg.database: lambda: w.url,
        arg.path: lambda: str(w.root if name == "folder" else w.video),
        arg.folder: lambda: str(w.root),
        Path: lambda: str(w.root / f"out-{name}.png"),
    }
    kind = getattr(slot.type, "inner", slot.type)
    if kind in by_type:
        return by_type[kind]()
    return str(w.root / f"out-{name}.mp4")  # an untyped --out


def takes_value(slot: Slot) -> bool:
    return slot.nargs != 0 and not isinstance(slot, argparse._HelpAction) and slot.dest != "db"


def words_for(slot: Slot, value: str) -> list[str]:
    count = 2 if slot.nargs == 2 else 1
    values = [value] * count
    return values if not slot.option_strings else [slot.option_strings[0], *values]


def command_line(
    path: tuple[str, ...], parser: argparse.ArgumentParser, w: World, bad: Slot, bad_value: str
) -> list[str]:
    """The command with every required (and the hostile) slot filled, `--db` last."""
    exclusive = {a for g in parser._mutually_exclusive_groups for a in g._group_actions[1:]}
    words = list(path)
    for slot in parser._actions:
        if not takes_value(slot) or (slot in exclusive and slot is not bad):
            continue
        if slot is bad:
            words += words_for(slot, bad_value)
        elif slot.required or not slot.option_strings:
            words += words_for(slot, valid(slot, w))
    return [*words, "--db", w.url]


# they read a video file, or this computer's media folders, only; --db is accepted and unused
NO_DATABASE = {("probe",), ("frame",), *(("media", "roots", a) for a in ("add", "list", "remove"))}


def hostile_slots(path: tuple[str, ...], parser: argparse.ArgumentParser) -> list[Slot]:
    uses_db = path not in NO_DATABASE
    return [a for a in parser._actions if takes_value(a) or (a.dest == "db" and uses_db)]


def test_every_command_is_driven() -> None:
    names = {" ".join(p) for p, _ in COMMANDS}
    assert {"probe", "session add", "annotations import", "reel export", "irr"} <= names
    assert len(names) >= 25
    for _path, parser in COMMANDS:
        assert hostile_slots(_path, parser) or _path in NO_DATABASE, _path


DRIVEN = [(p, parser) for p, parser in COMMANDS if hostile_slots(p, parser)]


@pytest.mark.parametrize(("path", "parser"), DRIVEN, ids=[" ".join(p) for p, _ in DRIVEN])
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_arguments_get_one_line_and_change_nothing(
    cli: Cli,
    world: World,
    path: tuple[str, ...],
    parser: argparse.ArgumentParser,
    data: st.DataObject,
) -> None:
    bad = data.draw(st.sampled_from(hostile_slots(path, parser)), label="slot")
    value = data.draw(hostile(bad, world), label="value")
    words = command_line(path, parser, world, bad, value)
    if bad.dest == "db":
        words[-1] = value
    before = world.digest()
    r = cli(*words)
    assert r.code in (1, 2), (words, r.code, r.out, r.err)
    assert len(r.err.splitlines()) == 1, (words, r.err)
    assert r.err.startswith("vfcoach: error: "), (words, r.err)
    assert "Traceback" not in r.err
    assert world.digest() == before, words


def test_hostile_arguments_in_real_processes(world: World) -> None:
    """The same promise from a shell: a child process, its real stderr and exit status."""
    cases = [
        ["tally", str(2**70), "--format", "json"],
        ["reel", "create", "1", "--pre", "1e308"],
        ["scheme", "import", str(world.file("deep.json"))],
        ["probe", str(world.file("fifo"))],
    ]
    before = world.digest()
    for words in cases:
        done = run_module(*words, "--db", world.url, env={"XDG_DATA_HOME": str(world.root)})
        assert done.returncode in (1, 2), (words, done.stderr)
        assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr, words
    assert world.digest() == before
