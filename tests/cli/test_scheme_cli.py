"""`vfcoach scheme list | import | export`: output, round trip, one-line errors, no Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from tests.cli.conftest import Cli, run_module
from vfcoach.coding.scheme import Code, CodeKind, Scheme
from vfcoach.coding.scheme_json import scheme_from_json, scheme_to_json

ORG = Scheme("org-list", 1, (Code("A", "Alpha", CodeKind.POINT, "a"),), description="ours")


def write(tmp_path: Path, scheme: Scheme) -> Path:
    path = tmp_path / "org.json"
    path.write_text(scheme_to_json(scheme), encoding="utf-8")
    return path


def test_list_shows_the_builtins(cli: Cli, sqlite_url: str):
    r = cli("scheme", "list", "--db", sqlite_url)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "VERSION", "CODES", "RECORDINGS", "STATE"]
    assert [line.split()[1:3] for line in lines[1:]] == [
        ["abc-style", "v2"],
        ["abc-toddler-style", "v1"],
        ["vipp-sd-style", "v1"],
    ]
    r = cli("scheme", "list", "--json", "--db", sqlite_url)
    rows = json.loads(r.out)
    assert rows[0] == {
        "id": rows[0]["id"],
        "name": "abc-style",
        "version": 2,
        "codes": 15,
        "locked": False,
        "recordings": 0,
    }


def test_import_then_export_round_trips(cli: Cli, sqlite_url: str, tmp_path: Path):
    r = cli("scheme", "import", write(tmp_path, ORG), "--db", sqlite_url)
    assert r.code == 0, r.err
    assert r.out.startswith("imported org-list v1 (1 codes) as id ")
    r = cli("scheme", "export", "org-list", "--db", sqlite_url)
    assert r.code == 0 and scheme_from_json(r.out) == ORG
    out = tmp_path / "back.json"
    r = cli("scheme", "export", "org-list", "--version", "1", "--out", out, "--db", sqlite_url)
    assert r.code == 0 and r.out == "" and "org-list ->" in r.err
    assert out.read_text(encoding="utf-8") == scheme_to_json(ORG)


def test_a_builtin_can_be_exported(cli: Cli, sqlite_url: str):
    r = cli("scheme", "export", "abc-toddler-style", "--db", sqlite_url)
    assert r.code == 0 and json.loads(r.out)["codes"][10]["key"] == "CALM"


def test_errors_are_one_line(cli: Cli, sqlite_url: str, tmp_path: Path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "codes": [{"key": "A"}, {"key": "B", "label": "b"}]}')
    r = cli("scheme", "import", bad, "--db", sqlite_url)
    assert r.code == 1
    assert "bad.json: 2 problem(s), nothing imported: code 1: missing label" in r.error_line

    cli("scheme", "import", write(tmp_path, ORG), "--db", sqlite_url)
    changed = replace(ORG, description="changed")
    r = cli("scheme", "import", write(tmp_path, changed), "--db", sqlite_url)
    assert r.code == 1 and 'set "version" to 2' in r.error_line

    r = cli("scheme", "export", "nope", "--db", sqlite_url)
    assert r.code == 1 and "there is no scheme 'nope'" in r.error_line

    r = cli("scheme", "import", tmp_path / "missing.json", "--db", sqlite_url)
    assert r.code == 1 and "missing.json" in r.error_line


def test_usage_errors_exit_2(cli: Cli, sqlite_url: str):
    assert cli("scheme", "--db", sqlite_url).code == 2
    assert cli("scheme", "export", "abc-style", "--version", "0", "--db", sqlite_url).code == 2


def test_scheme_commands_never_load_qt(sqlite_url: str, tmp_path: Path):
    path = write(tmp_path, ORG)
    script = (
        "import sys; from vfcoach.cli import main; "
        f"main(['scheme', 'import', {str(path)!r}, '--db', {sqlite_url!r}]); "
        f"main(['scheme', 'list', '--db', {sqlite_url!r}]); "
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]; "
        "assert not loaded, loaded"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_python_m_vfcoach_scheme_list(sqlite_url: str):
    done = run_module("scheme", "list", "--db", sqlite_url)
    assert done.returncode == 0 and "vipp-sd-style" in done.stdout
