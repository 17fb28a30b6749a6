"""`vfcoach encrypt` and `vfcoach passphrase reset`: encryption at rest from the command line.

`encrypt` turns a plain SQLite database (made before encryption, or with --no-encryption)
into an encrypted one in place, all or nothing, and prints the recovery key once; on a
database the demo made it sets a passphrase instead of the key kept in the clear. `passphrase
reset` sets a new passphrase from the recovery key; `passphrase recovery-key` makes a new
recovery key (a database a script created showed none). PostgreSQL is the server's business.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from vfcoach.cli._common import command
from vfcoach.cli._unlock import ask, read_passphrase

if TYPE_CHECKING:
    from vfcoach.cli._common import Subcommands


def _sqlite_file(args: argparse.Namespace) -> Path:
    from vfcoach.storage.cipher.errors import CipherError
    from vfcoach.storage.engine import resolve_db_url, sqlite_path

    url = resolve_db_url(getattr(args, "db", None))
    path = sqlite_path(url)
    if path is None:
        raise CipherError(
            "Only an SQLite database file is encrypted by vfcoach; a PostgreSQL server's "
            "data is protected by the server's own encryption (ask who runs it)"
        )
    return path


def _new_passphrase(args: argparse.Namespace) -> str:
    from vfcoach.storage.cipher.errors import PassphraseNeeded
    from vfcoach.storage.cipher.keys import given_passphrase

    read_passphrase(args)
    passphrase = given_passphrase() or ask("New passphrase: ", twice=True)
    if not passphrase:
        raise PassphraseNeeded(
            "Give the passphrase with VFCOACH_PASSPHRASE or --passphrase-stdin; nothing was changed"
        )
    return passphrase


def cmd_encrypt(args: argparse.Namespace) -> int:
    from vfcoach.storage.cipher.convert import encrypt_in_place

    path = _sqlite_file(args)
    recovery = encrypt_in_place(path, _new_passphrase(args))
    print(f"{path} is encrypted.")
    print("Its recovery key, shown only now (write it down and keep it away from this computer):")
    print(recovery)
    return 0


def cmd_reset(args: argparse.Namespace) -> int:
    from vfcoach.storage.cipher.convert import reset_passphrase
    from vfcoach.storage.cipher.errors import PassphraseNeeded

    path = _sqlite_file(args)
    typed = ask("Recovery key: ") if sys.stdin.isatty() else sys.stdin.readline()
    recovery = (typed or "").strip()
    if not recovery:
        raise PassphraseNeeded("Give the recovery key (on standard input); nothing was changed")
    passphrase = os.environ.get("VFCOACH_PASSPHRASE") or (
        ask("New passphrase: ", twice=True)
        if sys.stdin.isatty()
        else sys.stdin.readline().rstrip("\r\n")
    )
    if not passphrase:
        raise PassphraseNeeded("Give the new passphrase; nothing was changed")
    reset_passphrase(path, recovery, passphrase)
    print(f"{path.name} now opens with the new passphrase; the recovery key stays the same.")
    return 0


def cmd_recovery_key(args: argparse.Namespace) -> int:
    from vfcoach.storage.cipher.convert import new_recovery_key
    from vfcoach.storage.cipher.errors import PassphraseNeeded
    from vfcoach.storage.cipher.keys import given_passphrase

    path = _sqlite_file(args)
    read_passphrase(args)
    passphrase = given_passphrase() or ask(f"Passphrase for {path.name}: ")
    if not passphrase:
        raise PassphraseNeeded(
            "Give the passphrase with VFCOACH_PASSPHRASE or --passphrase-stdin; nothing was changed"
        )
    recovery = new_recovery_key(path, passphrase)
    print("A new recovery key (the old one no longer works); write it down and keep it away")
    print("from this computer:")
    print(recovery)
    return 0


def cmd_remember(args: argparse.Namespace) -> int:
    return _keep(args, keep=True)


def cmd_forget(args: argparse.Namespace) -> int:
    return _keep(args, keep=False)


def _keep(args: argparse.Namespace, keep: bool) -> int:
    """Keep (or forget) the key in this computer's password store."""
    from vfcoach.storage.cipher.errors import CipherError
    from vfcoach.storage.cipher.keys import database_key, key_store_available, remember

    path = _sqlite_file(args)
    if keep:
        read_passphrase(args)
        if database_key(path) is None:
            raise CipherError(f"{path.name} is not encrypted; there is no key to remember")
    if not key_store_available():
        raise CipherError("This computer has no password store; the passphrase is asked each time")
    if not remember(path, keep):
        raise CipherError("The password store refused; nothing was changed")
    print(
        "The key is kept in this computer's password store: vfcoach opens without asking."
        if keep
        else "The key is no longer kept on this computer: vfcoach asks for the passphrase."
    )
    return 0


def register(subparsers: Subcommands) -> None:
    command(
        subparsers,
        "encrypt",
        cmd_encrypt,
        "encrypt a plain SQLite database in place (all or nothing) and show its recovery key",
    )
    group = command(subparsers, "passphrase", _no_action, "the encrypted database's passphrase")
    sub = group.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    command(
        sub,
        "reset",
        cmd_reset,
        "choose a new passphrase with the recovery key (stdin: recovery key, then passphrase)",
    )
    command(
        sub,
        "recovery-key",
        cmd_recovery_key,
        "show a new recovery key (the old one stops working); needs the passphrase",
    )
    command(sub, "remember", cmd_remember, "keep the key in this computer's password store")
    command(sub, "forget", cmd_forget, "take the key out of this computer's password store")


def _no_action(args: argparse.Namespace) -> int:  # argparse requires ACTION before this runs
    return 2
