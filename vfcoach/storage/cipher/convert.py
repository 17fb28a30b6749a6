"""`vfcoach encrypt`: turn a plain SQLite database into an encrypted one in place, all or nothing.

SQLCipher copies the plain database into a new encrypted file beside it (`sqlcipher_export`),
the copy is checked table by table against the original, flushed to disk, the key file is
written, and only then one atomic rename puts the encrypted file where the plain one was.
Whether a database is encrypted is read from the file's first bytes, so a crash before the
rename leaves the plain database (a left-over key file beside it is ignored and replaced next
time), and a crash after it leaves the encrypted one with its key file: never neither.
The plain file's old disk blocks are not wiped (that needs disk encryption; README).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from vfcoach.storage.cipher.errors import (
    WRONG,
    WRONG_RECOVERY,
    AlreadyEncrypted,
    CipherError,
    WrongPassphrase,
)
from vfcoach.storage.cipher.keyfile import (
    KEY_BYTES,
    KeyFile,
    fsync_folder,
    read_key_file,
    write_key_file,
)
from vfcoach.storage.cipher.keys import FileState, file_state, keep_key

PART = ".encrypting"


def _step(name: str) -> None:
    """A named point of the conversion; the kill -9 test stops the process at one of them."""


def encrypt_in_place(database: Path, passphrase: str) -> str:
    """Encrypt the plain `database`; returns the recovery key to show once.

    A database made by the demo (encrypted, key in the clear) gets the passphrase instead.
    Refuses a database that is encrypted with a passphrase already, changing nothing."""
    state = file_state(database)
    if state is FileState.NEW:
        raise CipherError(f"There is no database at {database} to encrypt")
    if state is FileState.ENCRYPTED:
        return protect_demo(database, passphrase)
    _refuse_if_open(database)
    key = secrets.token_bytes(KEY_BYTES)
    part = database.with_name(database.name + PART)
    _remove(part)
    try:
        _export(database, part, key)
        _step("exported")
        made, recovery = KeyFile.create(key, passphrase)
        write_key_file(database, made)
        _step("key-file-written")
        for companion in ("-wal", "-shm"):  # checkpointed into the file by _export
            _remove(database.with_name(database.name + companion))
        part.replace(database)
        fsync_folder(database.parent)
        _step("renamed")
    finally:
        _remove(part)
        _remove(part.with_name(part.name + "-journal"))
    keep_key(made, key)
    return recovery


def is_demo_keyed(database: Path) -> bool:
    """An encrypted database whose key sits in the clear in its key file (made by the demo)."""
    if file_state(database) is FileState.PLAIN:
        return False
    try:
        return read_key_file(database).demo_key is not None
    except CipherError:
        return False


def protect_demo(database: Path, passphrase: str) -> str:
    """Replace the demo's key in the clear by the passphrase; returns the recovery key."""
    made = read_key_file(database)
    if made.demo_key is None:
        raise AlreadyEncrypted(
            f"{database.name} is encrypted already; nothing was changed (to choose a new "
            "passphrase, use `vfcoach passphrase reset` with the recovery key)"
        )
    protected, recovery = made.with_passphrase(made.demo_key, passphrase).with_new_recovery(
        made.demo_key
    )
    write_key_file(database, protected)
    keep_key(protected, made.demo_key)  # this run goes on without asking again
    return recovery


IN_USE = (
    "{name} is open in vfcoach (a window or a command): close it, then encrypt; nothing was changed"
)
_SHM_DEAD_MAN_BYTE = 128  # every open WAL connection holds a shared lock on it


def _refuse_if_open(database: Path) -> None:
    """Refuse while another program has the database open: after the rename it would go on
    writing to the old, plain file, and those edits would be lost. SQLite (WAL mode) keeps
    a shared lock on one byte of the -shm file for as long as a connection is open."""
    if os.name != "posix":
        return  # Windows refuses to rename over an open file by itself
    import fcntl

    shm = database.with_name(database.name + "-shm")
    try:
        fd = os.open(shm, os.O_RDWR)
    except FileNotFoundError:
        return  # no open WAL connection: the last one to close removes -shm
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DEAD_MAN_BYTE, 0)
    except OSError:
        raise CipherError(IN_USE.format(name=database.name)) from None
    finally:
        os.close(fd)  # also drops the probe's lock


def _export(plain: Path, target: Path, key: bytes) -> None:
    """Copy `plain` into the new encrypted `target`, check it and flush it to disk."""
    conn = sqlcipher.connect(str(plain), isolation_level=None, timeout=15)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ATTACH DATABASE ? AS enc KEY \"x'" + key.hex() + "'\"", (str(target),))
        conn.execute("BEGIN IMMEDIATE")  # no writer may slip in between export and check
        conn.execute("SELECT sqlcipher_export('enc')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA enc.user_version = {int(version)}")
        _check_same(conn)
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE enc")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_same(conn: sqlcipher.Connection) -> None:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM main.sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    for table in tables:
        quoted = '"' + table.replace('"', '""') + '"'
        old = conn.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]  # noqa: S608
        new = conn.execute(f"SELECT count(*) FROM enc.{quoted}").fetchone()[0]  # noqa: S608
        if old != new:
            raise CipherError(
                f"The encrypted copy differs from the database ({table}); nothing was changed"
            )


def reset_passphrase(database: Path, recovery: str, passphrase: str) -> None:
    """A new passphrase from the recovery key (which stays the same: it is written down).
    Raises `WrongPassphrase` for a wrong recovery key, changing nothing."""
    made = read_key_file(database)
    key = made.unwrap_recovery(recovery)
    if key is None:
        raise WrongPassphrase(WRONG_RECOVERY)
    renewed = made.with_passphrase(key, passphrase)
    write_key_file(database, renewed)
    keep_key(renewed, key)


def new_recovery_key(database: Path, passphrase: str) -> str:
    """A new recovery key for an encrypted database (the old one stops working); the
    passphrase must fit. For databases a script created, which showed none."""
    made = read_key_file(database)
    key = made.unwrap(passphrase)
    if key is None:
        raise WrongPassphrase(WRONG)
    renewed, recovery = made.with_new_recovery(key)
    write_key_file(database, renewed)
    return recovery


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
