"""Signing in to a team database: a server address, a name and a password.

The address a person types is "HOST[:PORT]/DATABASE" (what an admin hands out). The password
goes only into the connection; it is kept, when the person asks, in the operating system's
key store through `keyring` where that package and a store exist, never in a settings file;
without a key store it is asked each time. The signed-in person is the `Actor` of every
operation (`access.team_actor`): the server authenticated them.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import URL

from vfcoach.coding.errors import VfcoachError
from vfcoach.services.access import Actor, actor_named
from vfcoach.services.audit import log_sign_in
from vfcoach.storage.database import Database

KEYRING_SERVICE = "vfcoach team database"
_ADDRESS = re.compile(
    r"(?P<host>[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:]+\])(?::(?P<port>\d{1,5}))?/(?P<db>[A-Za-z0-9_.\-]+)"
)


class SignInFailed(VfcoachError):
    """The address, name or password did not open a team database."""


@dataclass(frozen=True, slots=True)
class Address:
    host: str
    port: int | None
    database: str

    @classmethod
    def parse(cls, text: str) -> Address:
        found = _ADDRESS.fullmatch(text.strip())
        if found is None:
            raise SignInFailed(
                "write the server as HOST/DATABASE or HOST:PORT/DATABASE, "
                "e.g. db.example.org/vfcoach"
            )
        port = found["port"]
        return cls(found["host"].strip("[]"), None if port is None else int(port), found["db"])

    def __str__(self) -> str:
        port = "" if self.port is None else f":{self.port}"
        return f"{self.host}{port}/{self.database}"

    def url(self, name: str, password: str | None) -> str:
        return URL.create(
            "postgresql+psycopg",
            username=name,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)


def sign_in(address: str, name: str, password: str) -> tuple[Database, Actor]:
    """Open the team database as this person; `SignInFailed` in plain words otherwise."""
    where = Address.parse(address)
    clean = name.strip()
    if not clean:
        raise SignInFailed("type your sign-in name")
    try:
        db = Database.open(where.url(clean, password))
    except VfcoachError as exc:
        raise SignInFailed(f"could not sign in to {where} as {clean}: {exc}") from None
    try:
        actor = actor_named(db, None)
    except VfcoachError as exc:
        db.dispose()
        raise SignInFailed(str(exc)) from None
    if actor is None:
        db.dispose()
        raise SignInFailed(
            f"{where} is not a team database (an admin sets one up with vfcoach team init)"
        )
    log_sign_in(db, actor)  # issue 14 §4: sign-ins on a team database are in the audit trail
    return db, actor


def _keyring() -> Any | None:
    """The `keyring` module when it is installed and has a real store; None otherwise."""
    try:
        keyring = importlib.import_module("keyring")
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if "fail" in type(backend).__module__ or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def key_store_available() -> bool:
    return _keyring() is not None


def recall_password(address: str, name: str) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    found = keyring.get_password(KEYRING_SERVICE, f"{name}@{address}")
    return None if found is None else str(found)


def remember_password(address: str, name: str, password: str) -> bool:
    """Keep the password in the key store; False (and nothing kept) without one."""
    keyring = _keyring()
    if keyring is None:
        return False
    keyring.set_password(KEYRING_SERVICE, f"{name}@{address}", password)
    return True


def forget_password(address: str, name: str) -> None:
    """Take a kept password out of the key store (the person unticked *Remember*)."""
    keyring = _keyring()
    if keyring is None or keyring.get_password(KEYRING_SERVICE, f"{name}@{address}") is None:
        return
    keyring.delete_password(KEYRING_SERVICE, f"{name}@{address}")
