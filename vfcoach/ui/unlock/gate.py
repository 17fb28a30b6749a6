"""What the start does before opening an SQLite database: unlock it, or protect a new one.

`run_gui` calls `unlock_at_start` once; it returns False when the person chose Quit (nothing
was created or changed then). A passphrase or key already at hand (the key store, the
process, `VFCOACH_PASSPHRASE`) asks nothing. The demo's new database gets a key kept in the
clear beside it (the demo holds no family), so `make demo` asks no question; a start
without `--demo` on that database first has a passphrase chosen, before any real family. A
database made before encryption is offered encryption at each start ("Not now" opens it).
PostgreSQL is never asked about: the server guards its data.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from vfcoach.storage.cipher.convert import is_demo_keyed, protect_demo
from vfcoach.storage.cipher.keys import FileState, file_state, given_passphrase, needs_passphrase
from vfcoach.storage.cipher.setup import is_new, plain_new_chosen, prepare_demo, prepare_new
from vfcoach.storage.engine import resolve_db_url, sqlite_path
from vfcoach.ui.unlock.new_database_dialog import (
    DEMO,
    PLAIN,
    NewDatabaseDialog,
    RecoveryKeyDialog,
)
from vfcoach.ui.unlock.unlock_dialog import UnlockDialog


def unlock_at_start(db_url: str | None, demo: bool) -> bool:
    """True when the database may be opened now; False when the person quit."""
    try:
        path = sqlite_path(resolve_db_url(db_url))
    except Exception:  # not a URL: Database.open says so in its own words
        return True
    if path is None:
        return True
    if is_new(path):
        if plain_new_chosen():  # `vfcoach --no-encryption`: a plain one, for development
            return True
        if demo:
            prepare_demo(path)
            return True
        if given_passphrase():  # a script set VFCOACH_PASSPHRASE: no dialog (README:
            prepare_new(path)  # `vfcoach passphrase recovery-key` shows a recovery key)
            return True
        return _choose_passphrase(NewDatabaseDialog(path))
    if not demo and is_demo_keyed(path):  # real work starts: no key in the clear any more
        return _protect_demo_database(path)
    if needs_passphrase(path):
        return UnlockDialog(path).exec() == QDialog.DialogCode.Accepted
    if not demo and _offer_encryption(path):
        dialog = NewDatabaseDialog(path, kind=PLAIN)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            RecoveryKeyDialog(dialog.recovery_key).exec()
    return True  # "Not now": the plain database opens as before


def _offer_encryption(path: Path) -> bool:
    """A database made before encryption, started by a person (not a script, not a
    developer who chose --no-encryption)."""
    return file_state(path) is FileState.PLAIN and not plain_new_chosen() and not given_passphrase()


def _protect_demo_database(path: Path) -> bool:
    passphrase = given_passphrase()
    if passphrase:
        protect_demo(path, passphrase)
        return True
    return _choose_passphrase(NewDatabaseDialog(path, kind=DEMO))


def _choose_passphrase(dialog: NewDatabaseDialog) -> bool:
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    RecoveryKeyDialog(dialog.recovery_key).exec()
    return True
