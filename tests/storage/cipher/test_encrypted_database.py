"""An encrypted SQLite database, tried the way an attacker or an accident would try it.

No plaintext in the file (WAL included) - and the same test finds it in a plain database, so
it can fail; a wrong passphrase, a missing or damaged key file change nothing; the recovery
key sets a new passphrase; a key kept in the key store opens without asking.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.key_store import Vault, vault
from tests.storage.cipher.conftest import PASSPHRASE, snapshot
from vfcoach.storage.cipher import keys
from vfcoach.storage.cipher.convert import reset_passphrase
from vfcoach.storage.cipher.errors import KeyFileProblem, PassphraseNeeded, WrongPassphrase
from vfcoach.storage.cipher.keyfile import key_file
from vfcoach.storage.cipher.setup import prepare_new
from vfcoach.storage.database import Database

MARKER = "Zebediah-Marker-7Q"

__all__ = ["vault"]  # a fixture used by parameter name


def _plant(db: Database) -> None:
    with db.uow() as uow:
        family = uow.families.add("F-MARK")
        uow.children.add(family.id, MARKER)
        uow.commit()


def _children(path: Path) -> list[str]:
    with Database.open(str(path)) as db, db.uow() as uow:
        return [c.pseudonym for c in uow.children.list()]


def _files_holding(folder: Path, marker: str) -> list[str]:
    return [p.name for p in folder.iterdir() if p.is_file() and marker.encode() in p.read_bytes()]


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_no_plaintext_in_the_database_or_its_log(db_path: Path, encrypted: bool) -> None:
    recovery = prepare_new(db_path, PASSPHRASE) if encrypted else None
    with Database.open(str(db_path)) as db:
        _plant(db)
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0  # read while the log is still there
        found = _files_holding(db_path.parent, MARKER)
    if encrypted:
        assert recovery and found == []
        assert _files_holding(db_path.parent, "F-MARK") == []
    else:
        assert "vfcoach.sqlite-wal" in found  # the test sees plaintext where there is some


def test_wrong_passphrase_says_so_and_changes_nothing(db_path: Path) -> None:
    prepare_new(db_path, PASSPHRASE)
    with Database.open(str(db_path)) as db:
        _plant(db)
    keys.forget_keys()
    before = snapshot(db_path.parent)
    keys.give_passphrase("correct horse battery stapler")
    with pytest.raises(WrongPassphrase, match="That passphrase does not open this database"):
        Database.open(str(db_path))
    keys.forget_keys()
    with pytest.raises(PassphraseNeeded, match="encrypted"):
        Database.open(str(db_path))
    assert snapshot(db_path.parent) == before
    keys.give_passphrase(PASSPHRASE)
    assert _children(db_path) == [MARKER]


@pytest.mark.parametrize("damage", ["missing", "garbled", "truncated", "other key"])
def test_key_file_missing_or_damaged_is_said_plainly(db_path: Path, damage: str) -> None:
    prepare_new(db_path, PASSPHRASE)
    with Database.open(str(db_path)) as db:
        _plant(db)
    keys.forget_keys()
    kf = key_file(db_path)
    if damage == "missing":
        kf.unlink()
    elif damage == "garbled":
        kf.write_text("{not json")
    elif damage == "truncated":
        kf.write_bytes(kf.read_bytes()[:100])
    else:  # a key file of another database: the passphrase fits, the key does not
        other = db_path.with_name("other.sqlite")
        prepare_new(other, PASSPHRASE)
        kf.write_bytes(key_file(other).read_bytes())
    keys.forget_keys()
    before = snapshot(db_path.parent)
    keys.give_passphrase(PASSPHRASE)
    with pytest.raises(Exception) as caught:
        Database.open(str(db_path))
    message = str(caught.value)
    if damage == "missing":
        assert isinstance(caught.value, KeyFileProblem) and "missing" in message
    elif damage == "other key":
        assert "not a database" in message  # SQLCipher's word; nothing was written
    else:
        assert isinstance(caught.value, KeyFileProblem) and "damaged" in message
    assert "\n" not in message
    assert snapshot(db_path.parent) == before


def test_recovery_key_sets_a_new_passphrase(db_path: Path) -> None:
    recovery = prepare_new(db_path, PASSPHRASE)
    assert recovery is not None
    with Database.open(str(db_path)) as db:
        _plant(db)
    keys.forget_keys()
    database_bytes = db_path.read_bytes()
    with pytest.raises(WrongPassphrase, match="recovery key does not open"):
        reset_passphrase(db_path, "AAAA-" + recovery[5:], "new one")
    reset_passphrase(db_path, recovery, "new one")
    assert db_path.read_bytes() == database_bytes  # only the key file changed
    keys.forget_keys()
    keys.give_passphrase(PASSPHRASE)
    with pytest.raises(WrongPassphrase):
        Database.open(str(db_path))
    keys.forget_keys()
    keys.give_passphrase("new one")
    assert _children(db_path) == [MARKER]


def test_key_kept_in_the_key_store_opens_without_asking(db_path: Path, vault: Vault) -> None:
    prepare_new(db_path, PASSPHRASE)
    with Database.open(str(db_path)) as db:
        _plant(db)
    assert keys.remember(db_path, True)
    assert PASSPHRASE not in str(vault.kept)  # the store holds the key, not the passphrase
    keys.forget_keys()  # a new start: nothing in memory, no passphrase given
    assert not keys.needs_passphrase(db_path)
    assert _children(db_path) == [MARKER]
    assert keys.remember(db_path, False)
    keys.forget_keys()
    assert keys.needs_passphrase(db_path)


def test_a_plain_database_made_before_encryption_still_opens(db_path: Path) -> None:
    with Database.open(str(db_path)) as db:
        _plant(db)
    assert not key_file(db_path).exists()
    assert _children(db_path) == [MARKER]


def test_a_stale_key_in_the_key_store_is_ignored_and_the_passphrase_asked(
    db_path: Path, vault: Vault
) -> None:
    prepare_new(db_path, PASSPHRASE)
    with Database.open(str(db_path)) as db:
        _plant(db)
    assert keys.remember(db_path, True)
    (entry,) = vault.kept
    vault.kept[entry] = "00" * 32  # a key from an older database under the same name
    keys.forget_keys()
    assert keys.needs_passphrase(db_path)  # the window asks instead of failing to open
    keys.give_passphrase(PASSPHRASE)
    assert _children(db_path) == [MARKER]
