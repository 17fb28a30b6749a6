"""Fixtures for the encryption tests: a fresh key cache, and a database made encrypted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from vfcoach.storage.cipher import keys

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True)
def no_kept_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no key in memory and no passphrase given, so a test proves
    where its key came from; the suite's VFCOACH_PASSPHRASE is taken away too."""
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    keys.forget_keys()
    yield
    keys.forget_keys()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "vfcoach.sqlite"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of `folder` by name, to prove a refused try changed nothing."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
