"""Setting retention rules and legal holds, and listing what the rules would erase and when.

Where roles are in use (a supervisor exists), only a supervisor sets a rule or places or
releases a hold; each change is audit-logged by family id, with the reason. `due` only reads:
nothing is ever erased by listing it.
"""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.ids import FamilyId
from vfcoach.coding.retention import (
    DueItem,
    RetentionRefused,
    RetentionRule,
    check_reason,
    due_items,
)
from vfcoach.services.access import Actor, audit_name
from vfcoach.storage.database import Database
from vfcoach.storage.retention import Hold
from vfcoach.storage.uow import UnitOfWork

RULE_SET = "retention.rule_set"
HOLD_PLACED = "retention.hold_placed"
HOLD_RELEASED = "retention.hold_released"


def _require_supervisor(uow: UnitOfWork, actor: Actor | None, what: str) -> None:
    """Roles are in use once someone is a supervisor: then only a supervisor (or a team
    database's admin) may do `what`."""
    if not any(c.is_supervisor for c in uow.coders.list()):
        return
    if actor is not None and uow.retention.is_team_admin(actor.name):
        return
    if actor is None or not actor.is_supervisor:
        who = "nobody was named" if actor is None else f"{actor.name} is not a supervisor"
        raise RetentionRefused(
            f"only a supervisor may {what} ({who}); ask a supervisor, or name one with --by"
        )


def family_id_of(uow: UnitOfWork, code: str) -> FamilyId:
    family = uow.families.by_code(code.strip())
    if family is None:
        raise RetentionRefused(f"there is no family '{code.strip()}' in this database")
    return family.id


def set_rule(db: Database, rule: RetentionRule, actor: Actor | None) -> None:
    with db.uow() as uow:
        _require_supervisor(uow, actor, "set how long families' data is kept")
        uow.retention.set_rule(rule, audit_name(actor))
        detail = {
            "media_months": rule.media_months,
            "derived_months": rule.derived_months,
            "codes": rule.codes.value,
        }
        uow.audit.record(audit_name(actor), RULE_SET, f"programme:{rule.programme}", detail)
        uow.commit()


def rules(db: Database) -> list[RetentionRule]:
    with db.uow() as uow:
        return uow.retention.rules()


def place_hold(db: Database, code: str, reason: str, actor: Actor | None) -> None:
    text = check_reason(reason, "a legal hold")
    with db.uow() as uow:
        _require_supervisor(uow, actor, "place a legal hold")
        family_id = family_id_of(uow, code)
        uow.retention.place_hold(family_id, text, audit_name(actor))
        uow.audit.record(audit_name(actor), HOLD_PLACED, f"family:{family_id}", {"reason": text})
        uow.commit()


def release_hold(db: Database, code: str, actor: Actor | None) -> bool:
    """False when the family had no hold (nothing changes then)."""
    with db.uow() as uow:
        _require_supervisor(uow, actor, "release a legal hold")
        family_id = family_id_of(uow, code)
        if not uow.retention.release_hold(family_id):
            return False
        uow.audit.record(audit_name(actor), HOLD_RELEASED, f"family:{family_id}", {})
        uow.commit()
    return True


def hold_of(db: Database, code: str) -> Hold | None:
    with db.uow() as uow:
        return uow.retention.hold(family_id_of(uow, code))


def due(db: Database, today: dt.date | None = None) -> tuple[list[DueItem], list[str]]:
    """Every family's due items under its programme's rule, soonest first, and the
    programmes that have families but no rule (nothing of theirs can be judged)."""
    day = today or dt.date.today()
    with db.uow() as uow:
        by_programme = {r.programme: r for r in uow.retention.rules()}
        facts = uow.retention.family_facts()
    items: list[DueItem] = []
    missing: set[str] = set()
    for family in facts:
        if family.code.startswith("ERASED-"):
            continue  # codes already kept without anything identifying
        rule = by_programme.get(family.programme)
        if rule is None:
            missing.add(family.programme)
            continue
        items += due_items(rule, family, day)
    items.sort(key=lambda i: (i.due_on is None, i.due_on or day, i.family, i.kind.value))
    return items, sorted(missing)
