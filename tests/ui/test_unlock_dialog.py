"""The passphrase question at start, with real dialogs on real encrypted databases.

A wrong passphrase says so under the field and changes no byte; the right one opens; the
recovery key sets a new passphrase; a new database is encrypted only after two equal
passphrases, and Quit writes nothing; the demo asks nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from vfcoach.storage.cipher import keys
from vfcoach.storage.cipher.keyfile import key_file, read_key_file
from vfcoach.storage.cipher.setup import prepare_new
from vfcoach.storage.database import Database
from vfcoach.ui.unlock.gate import unlock_at_start
from vfcoach.ui.unlock.new_database_dialog import (
    DEMO,
    PLAIN,
    NewDatabaseDialog,
    RecoveryKeyDialog,
)
from vfcoach.ui.unlock.unlock_dialog import UnlockDialog

PASSPHRASE = "a passphrase for tests"


@pytest.fixture(autouse=True)
def nothing_given(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    keys.forget_keys()
    yield
    keys.forget_keys()


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "vfcoach.sqlite"
    recovery = prepare_new(path, PASSPHRASE)
    assert recovery
    Database.open(str(path)).dispose()
    keys.forget_keys()
    return path, recovery


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _press_ok(dialog: UnlockDialog | NewDatabaseDialog) -> None:
    box = dialog.findChild(QDialogButtonBox)
    box.button(QDialogButtonBox.StandardButton.Ok).click()


def test_wrong_passphrase_says_so_and_changes_nothing(
    qtbot: QtBot, encrypted: tuple[Path, str]
) -> None:
    path, _ = encrypted
    before = _files(path.parent)
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("not it")
    _press_ok(dialog)
    assert dialog.isVisible() and dialog.problem.isVisible()
    assert dialog.problem.text().startswith("That passphrase does not open this database")
    dialog.grab().save("/tmp/h-cipher-unlock-wrong.png")
    assert _files(path.parent) == before
    assert keys.needs_passphrase(path)
    dialog.passphrase.setText(PASSPHRASE)
    _press_ok(dialog)
    assert not dialog.isVisible()
    assert not keys.needs_passphrase(path)  # unlocked for this run: Database.open asks nothing
    Database.open(str(path)).dispose()


def test_recovery_key_sets_a_new_passphrase(qtbot: QtBot, encrypted: tuple[Path, str]) -> None:
    path, recovery = encrypted
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.forgot.click()
    dialog.recovery.setText(recovery.lower())
    dialog.new_passphrase.setText("brand new phrase")
    dialog.again.setText("brand new phrase")
    dialog.grab().save("/tmp/h-cipher-unlock-recovery.png")
    _press_ok(dialog)
    assert not dialog.isVisible()
    assert read_key_file(path).unwrap("brand new phrase") is not None
    assert read_key_file(path).unwrap(PASSPHRASE) is None


def test_new_database_needs_two_equal_passphrases_and_quit_writes_nothing(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "new.sqlite"
    dialog = NewDatabaseDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("first passphrase")
    dialog.again.setText("other passphrase")
    _press_ok(dialog)
    assert dialog.isVisible() and "differ" in dialog.problem.text()
    dialog.grab().save("/tmp/h-cipher-new-differ.png")
    assert list(tmp_path.iterdir()) == []
    dialog.again.setText("first passphrase")
    _press_ok(dialog)
    assert not dialog.isVisible() and key_file(path).exists()
    shown = RecoveryKeyDialog(dialog.recovery_key)
    qtbot.addWidget(shown)
    shown.show()
    shown.grab().save("/tmp/h-cipher-recovery-key.png")
    assert read_key_file(path).unwrap_recovery(dialog.recovery_key) is not None


def test_demo_asks_nothing_and_is_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "vfcoach.sqlite"
    assert unlock_at_start(str(path), demo=True)
    Database.open(str(path)).dispose()
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    keys.forget_keys()
    assert unlock_at_start(str(path), demo=True)  # its key is beside it: no question


def test_a_real_start_on_the_demo_database_protects_it_first(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "vfcoach.sqlite"
    assert unlock_at_start(str(path), demo=True)
    Database.open(str(path)).dispose()
    keys.forget_keys()  # a later start, without --demo
    dialog = NewDatabaseDialog(path, kind=DEMO)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save("/tmp/h-cipher-protect-demo.png")
    dialog.passphrase.setText("now a real one")
    dialog.again.setText("now a real one")
    _press_ok(dialog)
    made = read_key_file(path)
    assert made.demo_key is None and made.unwrap("now a real one") is not None
    assert made.unwrap_recovery(dialog.recovery_key) is not None
    assert not keys.needs_passphrase(path)  # this run opens it without asking again
    keys.forget_keys()
    keys.give_passphrase("now a real one")
    assert unlock_at_start(str(path), demo=False)  # no dialog: the passphrase fits
    Database.open(str(path)).dispose()


def test_a_script_start_on_the_demo_database_protects_it_with_its_passphrase(
    tmp_path: Path,
) -> None:
    path = tmp_path / "vfcoach.sqlite"
    assert unlock_at_start(str(path), demo=True)
    Database.open(str(path)).dispose()
    keys.give_passphrase("from the environment")
    assert unlock_at_start(str(path), demo=False)
    made = read_key_file(path)
    assert made.demo_key is None and made.unwrap("from the environment") is not None


def test_no_encryption_on_the_window_command_line_makes_a_plain_database(
    tmp_path: Path,
) -> None:
    from vfcoach.storage.cipher.setup import choose_plain_new

    path = tmp_path / "vfcoach.sqlite"
    choose_plain_new(True)
    try:
        assert unlock_at_start(str(path), demo=False)  # no dialog
    finally:
        choose_plain_new(False)
    Database.open(str(path)).dispose()
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert not key_file(path).exists()


def test_a_database_made_before_encryption_is_encrypted_from_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "vfcoach.sqlite"
    with Database.open(str(path)) as db, db.uow() as uow:  # plain: made by an older vfcoach
        uow.families.add("F-OLD")
        uow.commit()
    dialog = NewDatabaseDialog(path, kind=PLAIN)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save("/tmp/h-cipher-encrypt-plain.png")
    dialog.passphrase.setText("for the old one")
    dialog.again.setText("for the old one")
    _press_ok(dialog)
    assert not dialog.isVisible() and dialog.recovery_key
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    keys.forget_keys()
    keys.give_passphrase("for the old one")
    with Database.open(str(path)) as db, db.uow() as uow:
        assert [f.code for f in uow.families.list()] == ["F-OLD"]


def test_the_offer_is_for_a_person_not_a_script(tmp_path: Path) -> None:
    from vfcoach.ui.unlock.gate import _offer_encryption

    path = tmp_path / "vfcoach.sqlite"
    Database.open(str(path)).dispose()  # plain
    assert _offer_encryption(path)
    keys.give_passphrase("a script's")
    assert not _offer_encryption(path)
