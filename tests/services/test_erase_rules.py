"""Retention rules, holds and `due` on both databases: due lists, never erases; where roles
are in use only a supervisor sets a rule or a hold."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.actors import who
from vfcoach.coding.ids import CoderId
from vfcoach.coding.project import CoderRole
from vfcoach.coding.retention import CodesAfter, DueKind, RetentionRefused, RetentionRule
from vfcoach.services.retention.rules import HOLD_PLACED, due, hold_of, place_hold, set_rule
from vfcoach.storage.database import Database

RULE = RetentionRule("ABC", 24, 12, CodesAfter.ERASE)


def _families(db: Database) -> None:
    with db.uow() as uow:
        old = uow.families.add("F-OLD")
        uow.visits.add(old.id, 1, dt.date(2020, 5, 1))
        uow.visits.add(old.id, 2, dt.date(2021, 5, 1))
        new = uow.families.add("F-NEW")
        uow.visits.add(new.id, 1, dt.date(2026, 1, 1))
        uow.families.add("F-VIP", programme="VIPP-SD")
        uow.commit()


def test_due_lists_by_date_and_erases_nothing(db: Database):
    _families(db)
    items, missing = due(db, dt.date(2026, 6, 1))
    assert items == [] and missing == ["ABC", "VIPP-SD"]
    set_rule(db, RULE, None)
    place_hold(db, "F-NEW", "court order 17", None)
    items, missing = due(db, dt.date(2026, 6, 1))
    assert missing == ["VIPP-SD"]
    shown = [(i.family, i.kind, i.due_on, i.overdue, i.held) for i in items]
    assert shown == [
        ("F-OLD", DueKind.DERIVED, dt.date(2022, 5, 1), True, False),
        ("F-OLD", DueKind.FAMILY, dt.date(2023, 5, 1), True, False),
        ("F-NEW", DueKind.DERIVED, dt.date(2027, 1, 1), False, True),
        ("F-NEW", DueKind.FAMILY, dt.date(2028, 1, 1), False, True),
    ]
    with db.uow() as uow:
        assert {f.code for f in uow.families.list()} == {"F-OLD", "F-NEW", "F-VIP"}
        (event,) = uow.audit.list(action=HOLD_PLACED)
    assert event.detail == {"reason": "court order 17"}
    hold = hold_of(db, "F-NEW")
    assert hold is not None and hold.reason == "court order 17"


def test_only_a_supervisor_sets_rules_and_holds_once_roles_are_in_use(db: Database):
    _families(db)
    with db.uow() as uow:
        boss = uow.coders.get_or_create("boss")
        uow.coders.set_role(CoderId(boss.id), CoderRole.SUPERVISOR)
        uow.coders.get_or_create("coach-a")
        uow.commit()
    with pytest.raises(RetentionRefused, match="only a supervisor may place a legal hold"):
        place_hold(db, "F-OLD", "court order 17", who(db, "coach-a"))
    with pytest.raises(RetentionRefused, match="nobody was named"):
        set_rule(db, RULE, None)
    place_hold(db, "F-OLD", "court order 17", who(db, "boss"))
    set_rule(db, RULE, who(db, "boss"))
    with pytest.raises(RetentionRefused, match="no family 'F-9'"):
        place_hold(db, "F-9", "court order 17", who(db, "boss"))
