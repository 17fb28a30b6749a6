"""Who a test acts as: a name resolved the way the console and the window resolve it, once.

Services take an `Actor` (issue 11 §1), never a name to resolve again inside. A test names a
person, so it resolves them here, at the moment it acts: roles and coder ids are read from
the database then, as `vfcoach ... --as NAME` or the window's coder box would read them.
"""

from __future__ import annotations

from typing import overload

from vfcoach.services.access import Actor, actor_named, resolve_actor
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork


@overload
def who(db: Database | UnitOfWork, name: str) -> Actor: ...
@overload
def who(db: Database | UnitOfWork, name: None) -> None: ...
@overload
def who(db: Database | UnitOfWork, name: str | None) -> Actor | None: ...


def who(db: Database | UnitOfWork, name: str | None) -> Actor | None:
    """`name` as an `Actor` with the role and coder id the database gives it now; None: nobody."""
    if name is None:
        return None
    found = actor_named(db, name) if isinstance(db, Database) else resolve_actor(db, name)
    return found or Actor(name)
