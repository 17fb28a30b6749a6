"""A real keyring backend holding its secrets in memory, so a test can look inside it.

A headless test machine has no key store (keyring's `fail` backend). A desktop has one; `Vault`
implements the API the Secret Service and macOS Keychain backends implement. Used by the team
sign-in's kept password and the encrypted database's remembered key.
"""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend


class Vault(KeyringBackend):
    priority = 1  # type: ignore[assignment]  # a usable store, as a desktop's is

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def vault() -> Iterator[Vault]:
    """The key store for this test: a fresh `Vault`, the machine's own one put back after."""
    before = keyring.get_keyring()
    store = Vault()
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(before)
