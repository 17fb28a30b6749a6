"""A coded real recording (NUR and DEL by coder "Ana") for the reel editor and caregiver tests."""

from __future__ import annotations

from tests.storage.conftest import annotation
from vfcoach.coding.ids import PassId, VisitId
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database

CODER = "Ana"


def code_strengths(db: Database, rec: Recording) -> tuple[VisitId, PassId]:
    with db.uow() as uow:
        assert rec.scheme_id is not None
        coder = uow.coders.get_or_create(CODER)
        cpass = uow.passes.get_or_create(rec.id, coder.id, rec.scheme_id)
        uow.annotations.add(annotation(cpass.id, 10, "NUR"))
        uow.annotations.add(annotation(cpass.id, 60, "DEL"))
        uow.commit()
    return rec.visit_id, cpass.id
