"""Consent per use through the services the window and the console share (both backends).

Recording, withdrawing and showing consent are audited and keep the whole history; every
gate is tried without the scope it needs and must refuse, changing nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.actors import who
from tests.consent_helpers import agree
from tests.services.test_double_coding import coded
from vfcoach.coding.consent import CONSENT_RECORDED, CONSENT_WITHDRAWN, ConsentMissing, Scope
from vfcoach.coding.errors import VfcoachError
from vfcoach.services.access import Actor
from vfcoach.services.annotations.io import ExportAnnotationsOperation
from vfcoach.services.consent import (
    ConsentInputError,
    family_in_force,
    history,
    scope_lines,
    set_consent,
    withdraw_consent,
)
from vfcoach.services.recordings.open_for_coding import open_recording, start_coding
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database
from vfcoach.storage.errors import NotFound


def _bare(db: Database, family: str = "F-1") -> int:
    """A recording Ana coded as the family's coach; the family agreed to coaching only."""
    (rec,) = coded(db, "Ana", 1, family)
    with db.uow() as uow:  # `coded` agrees to everything; this story starts from coaching only
        fam = uow.families.by_code(family)
        assert fam is not None
        for scope in (Scope.SUPERVISION, Scope.FIDELITY_RELIABILITY, Scope.TRAINING):
            uow.consents.withdraw(fam.id, scope, "test", dt.datetime.now(dt.UTC))
        uow.consents.withdraw(fam.id, Scope.CAREGIVER_VIEWING, "test", dt.datetime.now(dt.UTC))
        uow.commit()
    return rec


def test_a_new_family_starts_with_coaching_recorded_by_whoever_added_it(db: Database):
    with db.uow() as uow:
        uow.families.add("F-7", recorded_by="Ana")
        uow.commit()
    _, lines = scope_lines(db, "F-7")
    states = {line.scope: line.state for line in lines}
    assert states[Scope.COACHING] == "in force"
    assert all(states[s] == "missing" for s in Scope if s is not Scope.COACHING)
    coaching = lines[0].record
    assert coaching is not None and coaching.recorded_by == "Ana"
    assert (dt.datetime.now(dt.UTC) - coaching.recorded_at).total_seconds() < 60


def test_set_and_withdraw_are_audited_and_the_history_keeps_every_record(db: Database):
    with db.uow() as uow:
        uow.families.add("F-7", recorded_by="Ana")
        uow.commit()
    ana = Actor("Ana")
    until = dt.date.today() + dt.timedelta(days=30)
    set_consent(db, "F-7", Scope.CAREGIVER_VIEWING, ana, "birth mother; agency guardian",
                "CF-2026-14", until, clean_take_home=True)  # fmt: skip
    withdraw_consent(db, "F-7", Scope.CAREGIVER_VIEWING, ana)
    set_consent(db, "F-7", Scope.CAREGIVER_VIEWING, ana, "birth mother")
    records = history(db, "F-7")
    viewing = [r for r in records if r.scope is Scope.CAREGIVER_VIEWING]
    assert len(viewing) == 2 and viewing[0].withdrawn_at is not None
    assert viewing[0].consented_by == "birth mother; agency guardian"
    assert viewing[0].document == "CF-2026-14" and viewing[0].expires == until
    assert viewing[0].clean_take_home and viewing[1].withdrawn_at is None
    with db.uow() as uow:
        actions = [e.action for e in uow.audit.list() if e.action.startswith("consent.")]
        details = [e.detail["scope"] for e in uow.audit.list() if e.action.startswith("consent.")]
    assert actions == [CONSENT_RECORDED, CONSENT_WITHDRAWN, CONSENT_RECORDED]
    assert details == ["caregiver_viewing"] * 3


@pytest.mark.parametrize(
    ("scope", "kwargs", "message"),
    [
        (Scope.TRAINING, {"until": dt.date(2020, 1, 1)}, "has already passed"),
        (Scope.TRAINING, {"clean_take_home": True}, "caregiver viewing only"),
        (Scope.RESEARCH, {"unblurred": True}, "training only"),
    ],
)
def test_bad_consent_input_changes_nothing(db: Database, scope, kwargs, message):
    with db.uow() as uow:
        uow.families.add("F-7")
        uow.commit()
    before = history(db, "F-7")
    with pytest.raises(ConsentInputError, match=message):
        set_consent(db, "F-7", scope, Actor("Ana"), **kwargs)
    with pytest.raises(ConsentInputError, match="no research consent to withdraw"):
        withdraw_consent(db, "F-7", Scope.RESEARCH, Actor("Ana"))
    with pytest.raises(NotFound, match="there is no family 'F-8' here"):
        set_consent(db, "F-8", Scope.TRAINING, Actor("Ana"))
    assert history(db, "F-7") == before


def test_supervision_gates_anyone_but_the_familys_coach(db: Database):
    rec = _bare(db)
    open_recording(db, rec, who(db, "Ana"))  # the coach
    with pytest.raises(ConsentMissing, match="F-1 has withdrawn its consent to supervision"):
        open_recording(db, rec, who(db, "Sue"))
    with pytest.raises(ConsentMissing):
        start_coding(db, rec, who(db, "Zed"))
    with db.uow() as uow:
        assert uow.coders.by_name("Zed") is None  # the refusal wrote nothing
    agree(db, "F-1", Scope.SUPERVISION)
    assert open_recording(db, rec, who(db, "Sue")).shown_coder == "Ana"


def test_fidelity_gates_assigning_a_second_coder(db: Database):
    rec = _bare(db)
    with pytest.raises(ConsentMissing, match="fidelity and reliability checks"):
        AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    with db.uow() as uow:
        assert uow.assignments.for_recording(rec) == []
    agree(db, "F-1", Scope.FIDELITY_RELIABILITY)
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    start_coding(db, rec, who(db, "Ben"))  # assigned: fidelity covers his look, not supervision


def test_research_gates_code_exports_for_research(db: Database):
    rec = _bare(db)
    ana = who(db, "Ana")
    ExportAnnotationsOperation(db, rec, "csv", actor=ana).run()  # coaching use: fine
    with pytest.raises(ConsentMissing, match="research"):
        ExportAnnotationsOperation(db, rec, "csv", actor=ana, purpose="research").run()
    with pytest.raises(VfcoachError, match="'fun' is not a purpose"):
        ExportAnnotationsOperation(db, rec, "csv", actor=ana, purpose="fun").run()
    agree(db, "F-1", Scope.RESEARCH)
    assert ExportAnnotationsOperation(db, rec, "csv", actor=ana, purpose="research").run().count


def test_withdrawing_coaching_stops_every_use_at_once(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-1")
    ana = who(db, "Ana")
    with db.uow() as uow:
        fam = uow.families.by_code("F-1")
        assert fam is not None
    assert family_in_force(db, fam.id, Scope.CAREGIVER_VIEWING) is None
    withdraw_consent(db, "F-1", Scope.COACHING, ana)
    for attempt in (
        lambda: open_recording(db, rec, ana),
        lambda: start_coding(db, rec, ana),
        lambda: ExportAnnotationsOperation(db, rec, "csv", actor=ana).run(),
        lambda: AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run(),
    ):
        with pytest.raises(ConsentMissing, match="withdrawn its consent to coaching"):
            attempt()
    refusal = family_in_force(db, fam.id, Scope.CAREGIVER_VIEWING)
    assert refusal is not None and "may not be used at all" in refusal


def test_the_demo_family_agrees_to_everything_but_research(
    sqlite_db: Database, demo_media, tmp_path
):
    import shutil

    from tests.services.conftest import DEMO_SECONDS
    from vfcoach.services.demo.project import DEMO_FAMILY, DemoProjectOperation

    media = tmp_path / "media"
    shutil.copytree(demo_media, media)
    DemoProjectOperation(sqlite_db, media, seconds=DEMO_SECONDS).run()
    _, lines = scope_lines(sqlite_db, DEMO_FAMILY)
    states = {line.scope: line.state for line in lines}
    assert states.pop(Scope.RESEARCH) == "missing"
    assert set(states.values()) == {"in force"}
    assert {line.record.recorded_by for line in lines if line.record} == {"demo"}
