"""Consent for test families: the scopes a test's story needs, recorded as a coach would.

Families made through the normal paths start with coaching (issue 14 §1); a test that shows a
reel to a caregiver, double-codes, or has someone other than the coach look needs the family
to have agreed, exactly as a real family must. Recorded through the repository, in the
caller's unit of work or a new one.
"""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.consent import ConsentRecord, Scope
from vfcoach.coding.ids import FamilyId
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

#: Everything but research (research is asked for by the tests that mean it).
EVERYDAY = (
    Scope.CAREGIVER_VIEWING,
    Scope.SUPERVISION,
    Scope.FIDELITY_RELIABILITY,
    Scope.TRAINING,
)


def agree_in(uow: UnitOfWork, family_id: FamilyId, *scopes: Scope) -> None:
    """Record `scopes` (default: every use but research) in the caller's unit of work."""
    for scope in scopes or EVERYDAY:
        uow.consents.add(
            ConsentRecord(
                family_id=family_id,
                scope=scope,
                consented_by="caregiver (test)",
                recorded_by="test",
                recorded_at=dt.datetime.now(dt.UTC),
                document="test form",
            )
        )


def agree(db: Database, family_code: str, *scopes: Scope) -> None:
    """`agree_in` for the family with that code, in its own committed unit of work."""
    with db.uow() as uow:
        family = uow.families.by_code(family_code)
        assert family is not None, family_code
        agree_in(uow, family.id, *scopes)
        uow.commit()
