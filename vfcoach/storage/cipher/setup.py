"""Making a new SQLite database encrypted, before `Database.open` first writes to it.

`Database.open` on its own keeps a new file plain (storage tests, tools); the window and the
`vfcoach` command call `prepare_new` first, so every database a coach creates is encrypted
unless `--no-encryption` was given. The key file is written before the database exists, so a
crash in between leaves an empty database that opens with that key next time.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from vfcoach.storage.cipher.errors import PassphraseNeeded
from vfcoach.storage.cipher.keyfile import KEY_BYTES, KeyFile, key_file, write_key_file
from vfcoach.storage.cipher.keys import FileState, file_state, given_passphrase, keep_key

NEW_NEEDS = (
    "A new database is encrypted: give it a passphrase (VFCOACH_PASSPHRASE or "
    "--passphrase-stdin), or make a plain one with --no-encryption"
)


_plain_chosen: list[bool] = []


def choose_plain_new(plain: bool) -> None:
    """`vfcoach --no-encryption` (the window): a new database this run makes stays plain."""
    _plain_chosen[:] = [plain]


def plain_new_chosen() -> bool:
    return bool(_plain_chosen and _plain_chosen[0])


def is_new(database: Path) -> bool:
    """Nothing written yet and no key file: the next open would create it."""
    return (
        database.parent.is_dir()
        and file_state(database) is FileState.NEW
        and not key_file(database).exists()
    )


def prepare_new(database: Path, passphrase: str | None = None) -> str | None:
    """Write the key file for a database about to be created; returns the recovery key to
    show once, or None when the database exists already (or its folder does not)."""
    if not is_new(database):
        return None
    passphrase = passphrase or given_passphrase()
    if not passphrase:
        raise PassphraseNeeded(NEW_NEEDS)
    key = secrets.token_bytes(KEY_BYTES)
    made, recovery = KeyFile.create(key, passphrase)
    write_key_file(database, made)
    keep_key(made, key)
    return recovery


def prepare_demo(database: Path) -> bool:
    """A new database made by `vfcoach --demo`: encrypted, its key kept in the clear in the
    key file (the demo holds no family), so the demo opens with no question. `vfcoach
    encrypt` later protects it with a passphrase. True when it made the key file."""
    if not is_new(database):
        return False
    key = secrets.token_bytes(KEY_BYTES)
    made = KeyFile.demo(key)
    write_key_file(database, made)
    keep_key(made, key)
    return True
