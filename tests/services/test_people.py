"""Joining a database: a name and a role, under the same role rule as `vfcoach double role`."""

from __future__ import annotations

import pytest

from tests.actors import who
from vfcoach.coding.project import CoderRole
from vfcoach.services.people import PERSON_JOINED, PersonRefused, join, list_people
from vfcoach.services.reliability.plan import set_role
from vfcoach.storage.database import Database


def test_first_person_may_be_the_first_supervisor_and_is_audited(db: Database):
    assert list_people(db).supervisor_allowed
    sue = join(db, "  Sue   Smith ", CoderRole.SUPERVISOR)
    assert (sue.name, sue.is_supervisor) == ("Sue Smith", True)
    people = list_people(db)
    assert people.supervisors == ("Sue Smith",) and not people.supervisor_allowed
    with db.uow() as uow:
        (event,) = uow.audit.list(action=PERSON_JOINED)
    assert event.actor == "Sue Smith" and event.detail["role"] == "supervisor"


def test_a_second_supervisor_is_refused_and_nothing_is_created(db: Database):
    join(db, "Sue", CoderRole.SUPERVISOR)
    with pytest.raises(PersonRefused, match="only a supervisor"):
        join(db, "Max", CoderRole.SUPERVISOR)
    assert list_people(db).names == ("Sue",)
    ana = join(db, "Ana", CoderRole.CODER)
    assert not ana.is_supervisor and list_people(db).names == ("Ana", "Sue")


def test_joining_as_an_existing_person_keeps_their_stored_role(db: Database):
    join(db, "Ana", CoderRole.CODER)
    set_role(db, "Ben", CoderRole.SUPERVISOR, None, actor=who(db, "Ana"))  # the first supervisor
    assert join(db, "Ben", CoderRole.CODER).is_supervisor  # the dialog demotes nobody
    assert not join(db, "Ana", CoderRole.SUPERVISOR).is_supervisor  # nor promotes


def test_an_empty_name_is_refused(db: Database):
    with pytest.raises(PersonRefused, match="type your name"):
        join(db, "   ", CoderRole.CODER)
    assert list_people(db).names == ()
