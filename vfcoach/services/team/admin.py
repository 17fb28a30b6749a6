"""Setting up a team database and managing its people, as the CLI (and later the window) asks.

Each use case opens its own connection as the login in the URL, checks that the login is an
admin where people are concerned, does its work in one transaction and commits: a refusal
or a failure halfway changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import psycopg

from vfcoach.coding.scheme_json import BUILTIN_SCHEMES, builtin_scheme
from vfcoach.storage.database import Database
from vfcoach.storage.errors import TeamRefused
from vfcoach.storage.team import people
from vfcoach.storage.team.people import Person
from vfcoach.storage.team.setup import Connection, apply_team_rules, connect
from vfcoach.storage.team.transfer import Counted, transfer

T = TypeVar("T")


def _require_postgres(url: str) -> None:
    if not url.startswith(("postgresql", "postgres")):
        raise TeamRefused(
            "a team database is a PostgreSQL database: give --db postgresql://ADMIN@HOST/DB"
        )


@contextmanager
def _plain_errors(what: str) -> Iterator[None]:
    """The server's refusals in plain words, as one line (never the password)."""
    try:
        yield
    except psycopg.errors.InsufficientPrivilege:
        raise TeamRefused(
            f"the database does not let this sign-in {what}; the database's owner or an "
            "admin does that"
        ) from None
    except psycopg.OperationalError as exc:
        first = (str(exc).strip().splitlines() or ["no answer"])[0]
        raise TeamRefused(f"cannot reach the team database: {first}") from None


def init_team(url: str) -> None:
    """Migrate to the newest schema, then (re)create roles, grants, functions and policies.

    The built-in schemes are stored here, by the admin: on a team database only supervisors
    edit schemes, and a coach's first import must find the one it codes with already there.
    """
    _require_postgres(url)
    # Opening runs the migrations, as the admin who owns the tables.
    with Database.open(url) as db, db.uow() as uow:
        for name in BUILTIN_SCHEMES:
            uow.schemes.ensure(builtin_scheme(name))
        uow.commit()
    with _plain_errors("set up a team database"), connect(url) as conn:
        apply_team_rules(conn)
        conn.commit()


@contextmanager
def _admin(url: str) -> Iterator[Connection]:
    _require_postgres(url)
    with _plain_errors("manage people"), connect(url) as conn:
        people.require_admin(conn)
        yield conn
        conn.commit()


def _as_admin(url: str, work: Callable[[Connection], T]) -> T:
    with _admin(url) as conn:
        return work(conn)


def add_person(
    url: str, name: str, role: str, password: str | None, supervisor: str | None = None
) -> None:
    _as_admin(url, lambda c: people.add_person(c, name, role, password, supervisor))


def list_people(url: str) -> list[Person]:
    return _as_admin(url, people.list_people)


def disable_person(url: str, name: str) -> None:
    _as_admin(url, lambda c: people.disable_person(c, name))


def set_role(url: str, name: str, role: str) -> None:
    _as_admin(url, lambda c: people.set_role(c, name, role))


def set_supervisor(url: str, name: str, supervisor: str) -> None:
    _as_admin(url, lambda c: people.set_supervisor(c, name, supervisor))


def caseload_add(url: str, name: str, family_code: str, programme: str = "ABC") -> bool:
    """True when the family was new and made here."""
    return _as_admin(url, lambda c: people.caseload_add(c, name, family_code, programme))


def caseload_remove(url: str, name: str, family_code: str) -> bool:
    return _as_admin(url, lambda c: people.caseload_remove(c, name, family_code))


def migrate_into_team(source_url: str, team_url: str, coach: str) -> list[Counted]:
    """Move one coach's own (SQLite) database into the team database, all or nothing."""
    _require_postgres(team_url)
    with Database.open(source_url) as source, Database.open(team_url) as team:
        with connect(team_url) as check:
            people.require_admin(check)
        with source.engine.connect() as read, team.engine.begin() as write:
            return transfer(read, write, coach)
