"""Before a command opens its database: the passphrase, and a new database made encrypted.

`--passphrase-stdin` reads one line (a script's pipe); otherwise `VFCOACH_PASSPHRASE`, or a
question without echo when a person is at the terminal. A NEW SQLite database is encrypted
unless `--no-encryption` was given. Its recovery key is printed once, on stderr, when a
person typed the passphrase; a script that gave it (and whose output and errors must stay as
they are) asks for one with `vfcoach passphrase recovery-key`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

_read_stdin: list[bool] = []


def add_options(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    """`--passphrase-stdin` and `--no-encryption`, on the main parser and every command."""
    extra: dict[str, object] = {"default": argparse.SUPPRESS} if suppress else {}
    p.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the database passphrase from the first line of standard input",
        **extra,  # type: ignore[arg-type]
    )
    p.add_argument(
        "--no-encryption",
        action="store_true",
        help="make a NEW database unencrypted (for development only)",
        **extra,  # type: ignore[arg-type]
    )


def read_passphrase(args: argparse.Namespace) -> None:
    """Take `--passphrase-stdin`'s line once per process and hand it to the key code."""
    from vfcoach.storage.cipher.keys import give_passphrase

    if getattr(args, "passphrase_stdin", False) and not _read_stdin:
        _read_stdin.append(True)
        line = sys.stdin.readline().rstrip("\r\n")
        if line:
            give_passphrase(line)


def for_window(args: argparse.Namespace) -> None:
    """The window's start asks in dialogs; the options given on its command line still count."""
    from vfcoach.storage.cipher.setup import choose_plain_new

    read_passphrase(args)
    choose_plain_new(bool(getattr(args, "no_encryption", False)))


def ask(prompt: str, twice: bool = False) -> str | None:
    """A passphrase typed at the terminal (no echo); None without a terminal."""
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("Type it again: ") != first:
        from vfcoach.storage.cipher.errors import PassphraseNeeded

        raise PassphraseNeeded("The two passphrases differ; nothing was made")
    return first or None


def prepare(args: argparse.Namespace, url: str) -> None:
    """Unlock an encrypted SQLite database, or make a new one encrypted; PostgreSQL untouched."""
    from vfcoach.storage.cipher.convert import is_demo_keyed
    from vfcoach.storage.cipher.keys import give_passphrase, given_passphrase, needs_passphrase
    from vfcoach.storage.cipher.setup import is_new, prepare_new
    from vfcoach.storage.engine import sqlite_path

    read_passphrase(args)
    try:
        path = sqlite_path(url)
    except Exception:  # not a URL: Database.open says so in its own words
        return
    if path is None:
        return
    if is_new(path):
        if getattr(args, "no_encryption", False):
            return
        typed = None if given_passphrase() else ask("Passphrase for the new database: ", True)
        recovery = prepare_new(path, typed)
        if recovery and typed:  # a person at the terminal: show the recovery key now
            print(
                f"vfcoach: {path.name} is encrypted. Its recovery key, shown only now (write it "
                f"down and keep it away from this computer): {recovery}",
                file=sys.stderr,
            )
    elif is_demo_keyed(path):
        _protect_demo(path)
    elif given_passphrase() is None and needs_passphrase(path):
        typed = ask(f"Passphrase for {path.name}: ")
        if typed:
            give_passphrase(typed)


def _protect_demo(path: Path) -> None:
    """A database the demo made (key in the clear): a passphrase first, before real work."""
    from vfcoach.storage.cipher.convert import protect_demo
    from vfcoach.storage.cipher.errors import PassphraseNeeded
    from vfcoach.storage.cipher.keys import given_passphrase

    typed = (
        None
        if given_passphrase()
        else ask(f"{path.name} was made by the demo; choose a passphrase: ", True)
    )
    passphrase = given_passphrase() or typed
    if not passphrase:
        raise PassphraseNeeded(
            f"{path.name} was made by the demo and has no passphrase yet: choose one with "
            "`vfcoach encrypt` (or start the window); nothing was changed"
        )
    recovery = protect_demo(path, passphrase)
    if typed:
        print(f"vfcoach: recovery key, shown only now (write it down): {recovery}", file=sys.stderr)
