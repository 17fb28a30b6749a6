"""What can go wrong when opening or setting up an encrypted database, in words a coach reads.

Each is a `StorageError`, so the window shows the message and the CLI prints it as one line;
none of them is raised after anything was written.
"""

from __future__ import annotations

from vfcoach.storage.errors import DatabaseUnavailable, StorageError


class CipherError(StorageError):
    """Base of the encryption refusals."""


class WrongPassphrase(CipherError):
    """The passphrase (or recovery key) given does not unwrap this database's key."""


class PassphraseNeeded(CipherError):
    """An encrypted database, or a new one, and no passphrase was given."""


class KeyFileProblem(CipherError, DatabaseUnavailable):
    """The key file beside the database is missing, unreadable or damaged (or the file is
    not a database at all: without a key file the two look the same)."""


class AlreadyEncrypted(CipherError):
    """`vfcoach encrypt` on a database that is encrypted already."""


WRONG = "That passphrase does not open this database; nothing was changed"
WRONG_RECOVERY = "That recovery key does not open this database; nothing was changed"
