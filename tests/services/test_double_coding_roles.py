"""Who may change the double-coding plan; moving an assignment to another coder (both backends)."""

from __future__ import annotations

import pytest

from tests.actors import who
from tests.services.test_double_coding import coded
from vfcoach.coding.project import CoderRole
from vfcoach.services.access import PassNotChosen
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reliability.irr import IrrSettings, save_irr_settings
from vfcoach.services.reliability.plan import (
    AssignOperation,
    DueOperation,
    PlanRefused,
    SampleOperation,
    may_plan,
    save_share,
    set_role,
)
from vfcoach.storage.database import Database


def test_once_a_supervisor_is_named_only_supervisors_plan(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-1")
    assert may_plan(db, who(db, "Ben")) is None  # nobody named yet: a new installation can start
    set_role(db, "Sue", CoderRole.SUPERVISOR, None, who(db, "admin"))
    assert may_plan(db, who(db, "Sue")) is None
    assert (
        may_plan(db, who(db, "Ben")) == "only a supervisor may plan double coding; Ben is not one"
    )
    with pytest.raises(PlanRefused, match="only a supervisor may assign"):
        AssignOperation(db, rec, "Cleo", actor=who(db, "Ben")).run()
    with pytest.raises(PlanRefused, match="draw recordings"):
        SampleOperation(db, seed=1, actor=who(db, "vfcoach")).run()
    with pytest.raises(PlanRefused, match="share"):
        save_share(db, 0.3, who(db, "Ben"))
    with pytest.raises(PlanRefused, match="role"):
        set_role(db, "Ben", CoderRole.SUPERVISOR, None, who(db, "Ben"))
    with db.uow() as uow, pytest.raises(PlanRefused, match="reliability settings"):
        save_irr_settings(uow, IrrSettings(tolerance_ms=3000), actor=who(uow, "Ben"))
    assert DueOperation(db).run() == []  # nothing changed by any refusal
    AssignOperation(db, rec, "Cleo", actor=who(db, "Sue")).run()
    assert [d.coder for d in DueOperation(db).run()] == ["Cleo"]


def test_an_assignment_moves_until_its_coder_begins(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-1")
    first = AssignOperation(db, rec, "Cleo", actor=who(db, "Sue")).run()
    moved = AssignOperation(db, rec, "Ben", actor=who(db, "Sue"), replacing="Cleo").run()
    assert moved.id == first.id and moved.coder_id != first.coder_id
    assert [d.coder for d in DueOperation(db).run()] == ["Ben"]
    with pytest.raises(PassNotChosen, match="Cleo is not assigned"):
        AssignOperation(db, rec, "Dan", actor=who(db, "Sue"), replacing="Cleo").run()
    start_coding(db, rec, who(db, "Ben"))
    with pytest.raises(PassNotChosen, match="Ben has already started coding"):
        AssignOperation(db, rec, "Dan", actor=who(db, "Sue"), replacing="Ben").run()
    assert [d.coder for d in DueOperation(db).run()] == ["Ben"]
    everything = DueOperation(db, everything=True).run()
    assert [d.coder for d in everything] == ["Ben"]
