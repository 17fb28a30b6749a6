"""Finding the key of an encrypted database: in this process, the key store, or a passphrase.

Once a database is unlocked its raw key stays in this process's memory (by key id) so every
engine the app opens on it (workers, a second window) connects without asking again. The
key store (`keyring`) holds the raw key only when the person ticked "remember on this
computer". A passphrase comes from the window's dialog or `--passphrase-stdin` (both call
`give_passphrase`) or from `VFCOACH_PASSPHRASE` in scripts. Nothing here writes to the
database or its key file, so a wrong passphrase changes nothing.
"""

from __future__ import annotations

import logging
import os
from enum import Enum
from pathlib import Path

from vfcoach.storage.cipher.errors import WRONG, PassphraseNeeded, WrongPassphrase
from vfcoach.storage.cipher.keyfile import KeyFile, key_file, read_key_file

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "VFCOACH_PASSPHRASE"  # noqa: S105 - the variable's name, not a secret
KEY_STORE_SERVICE = "vfcoach-database"
PLAIN_HEADER = b"SQLite format 3\x00"

LOCKED = (
    "This database is encrypted: give its passphrase (the window asks for it; a command "
    f"takes {PASSPHRASE_ENV} or --passphrase-stdin)"
)

_keys: dict[str, bytes] = {}
_given: list[str] = []


class FileState(Enum):
    NEW = "new"  # missing or empty: nothing written yet
    PLAIN = "plain"  # an SQLite file anyone can read (made before encryption, or on purpose)
    ENCRYPTED = "encrypted"


def file_state(database: Path) -> FileState:
    """Judged by the file's first bytes, not by the key file: a plain database with a key
    file left over from an interrupted `vfcoach encrypt` is still the plain database."""
    try:
        with database.open("rb") as f:
            head = f.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return FileState.NEW
    if not head:
        return FileState.NEW
    return FileState.PLAIN if head == PLAIN_HEADER else FileState.ENCRYPTED


def give_passphrase(passphrase: str) -> None:
    """The passphrase typed in the window or read from stdin, for this process's opens."""
    _given[:] = [passphrase]


def given_passphrase() -> str | None:
    if _given:
        return _given[0]
    return os.environ.get(PASSPHRASE_ENV) or None


def forget_keys() -> None:
    """Drop every key held in this process (tests; a window that locks again)."""
    _keys.clear()
    _given.clear()


def database_key(database: Path) -> bytes | None:
    """The raw key SQLCipher needs for `database`, or None for a plain (or new plain) one.
    Raises `PassphraseNeeded`, `WrongPassphrase` or `KeyFileProblem`; writes nothing."""
    state = file_state(database)
    if state is FileState.PLAIN:
        return None
    if state is FileState.NEW and not key_file(database).exists():
        return None  # a new database: whoever creates it decided plain
    return unlock(database, read_key_file(database))


def unlock(database: Path, made: KeyFile, passphrase: str | None = None) -> bytes:
    """The key from (in order) this process, the demo key, the key store, the passphrase."""
    if passphrase is None:
        known = _keys.get(made.key_id) or made.demo_key or _from_key_store(made.key_id)
        if known is not None and made.fits(known):  # a stale key store entry: ask instead
            _keys[made.key_id] = known
            return known
        passphrase = given_passphrase()
    if passphrase is None:
        raise PassphraseNeeded(LOCKED)
    key = made.unwrap(passphrase)
    if key is None:
        raise WrongPassphrase(WRONG)
    _keys[made.key_id] = key
    return key


def try_passphrase(database: Path, passphrase: str) -> None:
    """Check `passphrase` against the key file and keep the key for this process; raises
    `WrongPassphrase` when it does not fit (the window keeps asking)."""
    unlock(database, read_key_file(database), passphrase)


def needs_passphrase(database: Path) -> bool:
    """True when opening `database` would need a passphrase nobody has given yet."""
    try:
        database_key(database)
    except PassphraseNeeded:
        return True
    except WrongPassphrase:  # VFCOACH_PASSPHRASE is wrong: ask the person instead
        return True
    return False


def remember(database: Path, keep: bool) -> bool:
    """Keep (or drop) this database's key in the computer's key store; False when there is
    no key store or it refused (the person then types the passphrase next time)."""
    import keyring
    from keyring.errors import KeyringError

    made = read_key_file(database)
    key = _keys.get(made.key_id)
    try:
        if keep and key is not None:
            keyring.set_password(KEY_STORE_SERVICE, made.key_id, key.hex())
        elif not keep:
            keyring.delete_password(KEY_STORE_SERVICE, made.key_id)
    except KeyringError as exc:
        log.info("key store not used: %s", exc)
        return False
    return True


def key_store_available() -> bool:
    """True when the computer has a real key store ("remember" can be offered)."""
    import keyring

    backend = keyring.get_keyring()
    return "fail" not in type(backend).__module__ and getattr(backend, "priority", 1) > 0


def _from_key_store(key_id: str) -> bytes | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        text = keyring.get_password(KEY_STORE_SERVICE, key_id)
    except KeyringError:
        return None
    try:
        return bytes.fromhex(text) if text else None
    except ValueError:
        return None


def keep_key(made: KeyFile, key: bytes) -> None:
    _keys[made.key_id] = key
