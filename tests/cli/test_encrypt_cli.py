"""Encryption at rest from the command line, tried the way a script or an accident would.

New databases are encrypted unless --no-encryption; a missing or wrong passphrase is one line
and changes nothing; `vfcoach encrypt` converts a plain database all or nothing (a kill -9 at
each step leaves the plain or the encrypted database, never neither) and refuses an
encrypted one; the recovery key resets the passphrase; PostgreSQL is left to its server.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import REPO, Cli
from vfcoach.cli import _unlock
from vfcoach.storage.cipher import keys
from vfcoach.storage.cipher.keyfile import key_file
from vfcoach.storage.cipher.keys import FileState, file_state
from vfcoach.storage.database import Database

PASSPHRASE = "the suite's passphrase"
MARKER = "Zebediah-Marker-9K"


@pytest.fixture(autouse=True)
def fresh_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    keys.forget_keys()
    _unlock._read_stdin.clear()
    yield
    keys.forget_keys()
    _unlock._read_stdin.clear()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _plain_with_marker(path: Path) -> None:
    with Database.open(str(path)) as db, db.uow() as uow:
        family = uow.families.add("F-MARK")
        uow.children.add(family.id, MARKER)
        uow.commit()
    assert file_state(path) is FileState.PLAIN


def _children(path: Path) -> list[str]:
    keys.forget_keys()
    with Database.open(str(path)) as db, db.uow() as uow:
        return [c.pseudonym for c in uow.children.list()]


def test_a_new_database_is_encrypted_unless_asked_otherwise(cli: Cli, tmp_path: Path) -> None:
    made = cli("scheme", "list", "--db", tmp_path / "new.sqlite")
    assert made.code == 0, made.err
    assert file_state(tmp_path / "new.sqlite") is FileState.ENCRYPTED
    assert key_file(tmp_path / "new.sqlite").exists()
    assert made.err == ""  # a script's errors stay as they were: no recovery key there
    shown = cli("passphrase", "recovery-key", "--db", tmp_path / "new.sqlite")
    assert shown.code == 0 and len(shown.out.splitlines()[-1].split("-")) == 8
    plain = cli("scheme", "list", "--no-encryption", "--db", tmp_path / "plain.sqlite")
    assert plain.code == 0 and plain.err == ""
    assert file_state(tmp_path / "plain.sqlite") is FileState.PLAIN
    assert not key_file(tmp_path / "plain.sqlite").exists()


def test_no_passphrase_for_a_new_database_creates_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    r = cli("scheme", "list", "--db", tmp_path / "new.sqlite")
    assert r.code == 1 and "--no-encryption" in r.error_line
    assert list(tmp_path.iterdir()) == []


def test_wrong_passphrase_is_one_line_and_changes_nothing(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "vfcoach.sqlite"
    assert cli("scheme", "list", "--db", path).code == 0
    keys.forget_keys()
    before = _files(tmp_path)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "not the passphrase")
    r = cli("scheme", "list", "--db", path)
    assert r.code == 1
    assert r.error_line == "vfcoach: error: That passphrase does not open this database; " + (
        "nothing was changed"
    )
    assert _files(tmp_path) == before


def test_passphrase_from_stdin(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "vfcoach.sqlite"
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    monkeypatch.setattr(sys, "stdin", io.StringIO("piped passphrase\n"))
    assert cli("scheme", "list", "--passphrase-stdin", "--db", path).code == 0
    keys.forget_keys()
    _unlock._read_stdin.clear()
    monkeypatch.setattr(sys, "stdin", io.StringIO("piped passphrase\n"))
    r = cli("--passphrase-stdin", "scheme", "list", "--db", path)
    assert r.code == 0 and r.err == ""


def test_encrypt_converts_and_refuses_to_do_it_twice(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "vfcoach.sqlite"
    _plain_with_marker(path)
    r = cli("encrypt", "--db", path)
    assert r.code == 0, r.err
    recovery = r.out.strip().splitlines()[-1]
    assert len(recovery.split("-")) == 8
    assert file_state(path) is FileState.ENCRYPTED
    assert not [n for n, data in _files(tmp_path).items() if MARKER.encode() in data]
    assert _children(path) == [MARKER]
    before = _files(tmp_path)
    again = cli("encrypt", "--db", path)
    assert again.code == 1 and "encrypted already" in again.error_line
    assert _files(tmp_path) == before


def test_recovery_key_resets_the_passphrase(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "vfcoach.sqlite"
    _plain_with_marker(path)
    recovery = cli("encrypt", "--db", path).out.strip().splitlines()[-1]
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{recovery}\nthe new one\n"))
    r = cli("passphrase", "reset", "--db", path)
    assert r.code == 0, r.err
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "the new one")
    assert _children(path) == [MARKER]


def test_postgresql_is_left_to_its_server(cli: Cli) -> None:
    r = cli("encrypt", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert r.code == 1 and "server's own encryption" in r.error_line


_KILLER = """
import os, signal, sys
from vfcoach.storage.cipher import convert
def stop(name):
    if name == sys.argv[1]:
        os.kill(os.getpid(), signal.SIGKILL)
convert._step = stop
from vfcoach.cli import main
sys.exit(main(["encrypt", "--db", sys.argv[2]]))
"""


@pytest.mark.parametrize("step", ["exported", "key-file-written", "renamed"])
def test_kill_during_encrypt_leaves_one_whole_database(tmp_path: Path, step: str) -> None:
    path = tmp_path / "vfcoach.sqlite"
    _plain_with_marker(path)
    env = {**os.environ, "PYTHONPATH": str(REPO), keys.PASSPHRASE_ENV: PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-c", _KILLER, step, str(path)],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    expected = FileState.ENCRYPTED if step == "renamed" else FileState.PLAIN
    assert file_state(path) is expected
    assert _children(path) == [MARKER]  # opens, with everything in it
    if step != "renamed":  # the plain one converts cleanly on the next try
        from vfcoach.storage.cipher.convert import encrypt_in_place

        encrypt_in_place(path, PASSPHRASE)
        assert file_state(path) is FileState.ENCRYPTED
        assert _children(path) == [MARKER]
        assert not path.with_name(path.name + ".encrypting").exists()


def test_a_person_typing_the_passphrase_sees_the_recovery_key_once(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    monkeypatch.setattr(_unlock, "ask", lambda *_a, **_k: "typed at the terminal")
    path = tmp_path / "new.sqlite"
    r = cli("scheme", "list", "--db", path)
    assert r.code == 0
    recovery = r.err.strip().rsplit(" ", 1)[-1]
    from vfcoach.storage.cipher.keyfile import read_key_file

    assert read_key_file(path).unwrap_recovery(recovery) is not None
    assert cli("scheme", "list", "--db", path).err == ""  # shown once, at creation only


def test_a_command_on_the_demo_database_sets_a_passphrase_first(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vfcoach.storage.cipher.keyfile import read_key_file
    from vfcoach.storage.cipher.setup import prepare_demo

    path = tmp_path / "vfcoach.sqlite"
    assert prepare_demo(path)
    Database.open(str(path)).dispose()
    keys.forget_keys()
    monkeypatch.delenv(keys.PASSPHRASE_ENV)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    before = _files(tmp_path)
    refused = cli("scheme", "list", "--db", path)
    assert refused.code == 1 and "made by the demo" in refused.error_line
    assert _files(tmp_path) == before
    monkeypatch.setenv(keys.PASSPHRASE_ENV, PASSPHRASE)
    assert cli("scheme", "list", "--db", path).code == 0
    made = read_key_file(path)
    assert made.demo_key is None and made.unwrap(PASSPHRASE) is not None


_HOLDER = """
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1])
c.execute("SELECT count(*) FROM sqlite_master").fetchall()
print("open", flush=True)
time.sleep(120)
"""


def test_encrypt_refuses_while_another_program_has_the_database_open(
    cli: Cli, tmp_path: Path
) -> None:
    """After the rename the other program would write to the old plain file: edits lost."""
    path = tmp_path / "vfcoach.sqlite"
    _plain_with_marker(path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        before = _files(tmp_path)
        r = cli("encrypt", "--db", path)
        assert r.code == 1 and "is open in vfcoach" in r.error_line
        assert _files(tmp_path) == before
    finally:
        holder.kill()
        holder.wait()
    assert cli("encrypt", "--db", path).code == 0
    assert _children(path) == [MARKER]


def test_remember_and_forget_the_key(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring

    from tests.storage.cipher.test_encrypted_database import Vault

    path = tmp_path / "vfcoach.sqlite"
    assert cli("scheme", "list", "--db", path).code == 0
    before = keyring.get_keyring()
    store = Vault()
    keyring.set_keyring(store)
    try:
        assert cli("passphrase", "remember", "--db", path).code == 0
        keys.forget_keys()
        monkeypatch.delenv(keys.PASSPHRASE_ENV)
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        assert cli("scheme", "list", "--db", path).code == 0  # no passphrase: the store's key
        assert cli("passphrase", "forget", "--db", path).code == 0
        assert store.kept == {}
        keys.forget_keys()
        assert "encrypted" in cli("scheme", "list", "--db", path).error_line
    finally:
        keyring.set_keyring(before)
