"""Who uses vfcoach here: the people of a database, and how a new one joins.

The window used to start as a coder called "Coach" and make that coder on the spot, so a
database filled with people nobody named. Now the first start asks the person's name and
role and `join` records them, once, with an audit entry; everything else only reads.

The role rule is the one `vfcoach double role` applies (`plan.plan_refusal`), not a second
way around it: a new person may call themselves a supervisor only while the database has no
supervisor yet (a new installation names its first one); after that only a supervisor makes
someone a supervisor. Joining under a name that already exists keeps that person's role as
stored: the dialog never changes anyone's role.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.project import CoderRole
from vfcoach.services.access import Actor, resolve_actor
from vfcoach.services.reliability.plan import check_planner
from vfcoach.storage.database import Database

PERSON_JOINED = "coder.joined"


class PersonRefused(VfcoachError):
    """A name or role the database cannot take (empty, too long, a second supervisor)."""


@dataclass(frozen=True, slots=True)
class People:
    """The people of a database as the first-start dialog and the coder box show them."""

    names: tuple[str, ...]  # sorted
    supervisors: tuple[str, ...]
    roles: dict[str, CoderRole]

    @property
    def supervisor_allowed(self) -> bool:
        """Whether a new person may name themselves supervisor (no supervisor yet)."""
        return not self.supervisors


def list_people(db: Database) -> People:
    """One cheap read: the window's periodic check for coders added elsewhere runs this."""
    with db.uow() as uow:
        coders = sorted(uow.coders.list(), key=lambda c: c.name.casefold())
    return People(
        tuple(c.name for c in coders),
        tuple(c.name for c in coders if c.is_supervisor),
        {c.name: c.role for c in coders},
    )


def join(db: Database, name: str, role: CoderRole) -> Actor:
    """Record a person (or find them); returns them as the `Actor` the window acts as.

    Raises `PersonRefused` for an empty name or a supervisor the rule does not allow; an
    existing name comes back with its stored role whatever `role` says.
    """
    clean = " ".join(name.split())
    if not clean:
        raise PersonRefused("type your name")
    try:
        with db.uow() as uow:
            existing = uow.coders.by_name(clean)
            if existing is None:
                if role is CoderRole.SUPERVISOR:
                    check_planner(uow, Actor(clean), "name themselves supervisor")
                coder = uow.coders.get_or_create(clean)
                if role is CoderRole.SUPERVISOR:
                    coder = uow.coders.set_role(coder.id, role)
                detail = {"role": coder.role.value}
                uow.audit.record(clean, PERSON_JOINED, f"coder:{coder.name}", detail)
            actor = resolve_actor(uow, clean)
            uow.commit()
    except VfcoachError as exc:
        if isinstance(exc, PersonRefused):
            raise
        raise PersonRefused(str(exc)) from exc
    assert actor is not None
    return actor
