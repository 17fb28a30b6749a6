"""Families, children and visits round-trip and refuse duplicates, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from vfcoach.coding.ids import FamilyId, VisitId
from vfcoach.coding.project import Child, Family, Visit
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound, StorageError


def test_family_round_trip_and_listing_by_code(db: Database):
    with db.uow() as uow:
        b = uow.families.add("F-0002", programme="VIPP-SD")
        a = uow.families.add("F-0001")
        uow.commit()
    assert b == Family(b.id, "F-0002", "VIPP-SD")
    with db.uow() as uow:
        assert uow.families.get(a.id) == a
        assert uow.families.by_code("F-0002") == b
        assert uow.families.by_code("F-9999") is None
        assert uow.families.list() == [a, b]


def test_duplicate_family_code_is_a_conflict(db: Database):
    with db.uow() as uow:
        uow.families.add("F-0001")
        uow.commit()
    with db.uow() as uow, pytest.raises(Conflict, match="F-0001"):
        uow.families.add("F-0001")


def test_empty_family_code_is_refused(db: Database):
    with db.uow() as uow, pytest.raises(StorageError):
        uow.families.add("  ")


def test_missing_family_is_not_found(db: Database):
    with db.uow() as uow, pytest.raises(NotFound):
        uow.families.get(FamilyId(4242))


def test_children_round_trip(db: Database):
    with db.uow() as uow:
        family = uow.families.add("F-0001")
        first = uow.children.add(family.id, "C1", birth_month="2024-03")
        second = uow.children.add(family.id, "C2")
        uow.commit()
    assert first == Child(first.id, family.id, "C1", "2024-03")
    with db.uow() as uow:
        assert uow.children.for_family(family.id) == [first, second]


@pytest.mark.parametrize("month", ["2024-3", "2024-13", "March 2024", "2024-03-01"])
def test_birth_month_must_be_year_and_month(db: Database, month: str):
    with db.uow() as uow:
        family = uow.families.add("F-0001")
        with pytest.raises(StorageError, match="YYYY-MM"):
            uow.children.add(family.id, "C1", birth_month=month)


def test_child_of_missing_family_is_not_found(db: Database):
    with db.uow() as uow, pytest.raises(NotFound):
        uow.children.add(FamilyId(4242), "C1")


def test_visits_round_trip_in_number_order(db: Database):
    with db.uow() as uow:
        family = uow.families.add("F-0001")
        third = uow.visits.add(family.id, 3, date=dt.date(2026, 5, 4), programme="ABC-T")
        first = uow.visits.add(family.id, 1)
        uow.commit()
    assert third == Visit(third.id, family.id, 3, dt.date(2026, 5, 4), "ABC-T")
    with db.uow() as uow:
        assert uow.visits.get(first.id) == first
        assert uow.visits.for_family(family.id) == [first, third]
        assert uow.visits.by_number(family.id, 3) == third
        assert uow.visits.by_number(family.id, 2) is None
        assert uow.visits.next_number(family.id) == 4


def test_next_number_of_a_family_without_visits_is_one(db: Database):
    with db.uow() as uow:
        family = uow.families.add("F-0001")
        assert uow.visits.next_number(family.id) == 1


def test_duplicate_visit_number_is_a_conflict_within_a_family_only(db: Database):
    with db.uow() as uow:
        one = uow.families.add("F-0001")
        two = uow.families.add("F-0002")
        uow.visits.add(one.id, 1)
        uow.visits.add(two.id, 1)  # another family may have its own visit 1
        uow.commit()
    with db.uow() as uow, pytest.raises(Conflict, match="F-0001 already has a visit 1"):
        uow.visits.add(one.id, 1)


def test_missing_visit_and_family_are_not_found(db: Database):
    with db.uow() as uow:
        with pytest.raises(NotFound):
            uow.visits.get(VisitId(4242))
        with pytest.raises(NotFound):
            uow.visits.add(FamilyId(4242), 1)
