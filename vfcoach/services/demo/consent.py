"""The demo family's consent: every use but research, so each feature can be tried on it.

The demo family is invented (a synthetic video, no person in it), so it "agrees" to coaching,
caregiver viewing, supervision, double coding and training; research stays unrecorded, so
the demo also shows what a refusal looks like (`vfcoach annotations export --purpose research`).
"""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.consent import ConsentRecord, Scope
from vfcoach.coding.ids import FamilyId
from vfcoach.storage.uow import UnitOfWork

DEMO_CONSENT = "demo family (invented; no real person)"
DEMO_SCOPES = (
    Scope.CAREGIVER_VIEWING,
    Scope.SUPERVISION,
    Scope.FIDELITY_RELIABILITY,
    Scope.TRAINING,
)


def grant_demo_consent(uow: UnitOfWork, family_id: FamilyId) -> None:
    """Record the demo scopes in the caller's unit of work (coaching came with the family)."""
    now = dt.datetime.now(dt.UTC)
    for scope in DEMO_SCOPES:
        uow.consents.add(
            ConsentRecord(
                family_id=family_id,
                scope=scope,
                consented_by=DEMO_CONSENT,
                recorded_by="demo",
                recorded_at=now,
                document="demo",
            )
        )
