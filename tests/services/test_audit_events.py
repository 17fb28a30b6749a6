"""The events issue 14 §4 asks to be in the audit trail land there, in the chain, with no
family content: a look at a recording by someone who does not code it (and not its coder's),
a code export, a caregiver showing; the action names the consent and erase parts use."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.services.test_open_is_not_coding import uncoded
from vfcoach.coding import audit_chain as names
from vfcoach.coding.errors import VfcoachError
from vfcoach.services.access import Actor
from vfcoach.services.annotations.io import ExportAnnotationsOperation
from vfcoach.services.audit import log_event, may_read_trail, showing_job
from vfcoach.services.recordings.open_for_coding import open_recording, start_coding
from vfcoach.storage.database import Database


def _actions(db: Database) -> list[tuple[str, str, str]]:
    with db.uow() as uow:
        return [(e.actor, e.action, e.subject) for e in uow.audit.trail()]


def test_a_look_by_someone_who_does_not_code_it_is_logged(db: Database):
    rec = uncoded(db, "F-1")
    open_recording(db, rec, Actor("Dee"))  # nobody codes it yet: nobody else's work to see
    start_coding(db, rec, Actor("Ana"))
    open_recording(db, rec, Actor("Ana"))  # its coder: not logged
    assert not [a for a in _actions(db) if a[1] == names.RECORDING_VIEWED]
    open_recording(db, rec, Actor("Sue"))
    assert [a for a in _actions(db) if a[1] == names.RECORDING_VIEWED] == [
        ("Sue", names.RECORDING_VIEWED, f"recording:{rec}")
    ]
    with db.uow() as uow:
        assert uow.audit.verify().intact


def test_a_code_export_is_logged_without_content(db: Database, tmp_path: Path):
    rec = uncoded(db, "F-2")
    start_coding(db, rec, Actor("Ana"))
    out = tmp_path / "codes.csv"
    ExportAnnotationsOperation(db, rec, "csv", "Ana", out, actor=Actor("Ana")).run()
    with db.uow() as uow:
        (event,) = uow.audit.list(action=names.EXPORTED)
    assert (event.actor, event.subject) == ("Ana", f"recording:{rec}")
    assert dict(event.detail) == {"kind": "codes", "format": "csv", "annotations": 0,
                                  "to_file": True}  # fmt: skip
    assert str(tmp_path) not in str(dict(event.detail))  # no path, no file name


def test_a_refused_export_logs_nothing(db: Database, tmp_path: Path):
    rec = uncoded(db, "F-3")
    start_coding(db, rec, Actor("Ana"))
    with db.uow() as uow:
        before = len(uow.audit.trail())
    with pytest.raises(VfcoachError):  # nobody called that coded it
        ExportAnnotationsOperation(db, rec, "csv", "Nobody", tmp_path / "x.csv").run()
    with db.uow() as uow:
        assert len(uow.audit.trail()) == before


def test_a_showing_and_the_names_other_parts_use(db: Database):
    showing_job(db, Actor("Ana"), 7)(lambda done, message: None, None)  # type: ignore[arg-type]
    log_event(db, Actor("Ana"), names.CONSENT_SET, "family:1", {"scope": "training"})
    log_event(db, Actor("Ana"), names.CONSENT_WITHDRAWN, "family:1", {"scope": "training"})
    assert [a[1:] for a in _actions(db)] == [
        ("caregiver.showing", "reel:7"),
        ("consent.set", "family:1"),
        ("consent.withdraw", "family:1"),
    ]


def test_who_is_offered_the_trail():
    from vfcoach.coding.project import CoderRole

    assert may_read_trail(Actor("Sue", CoderRole.SUPERVISOR))
    assert may_read_trail(Actor("Mara", is_master=True))
    assert not may_read_trail(Actor("Ana")) and not may_read_trail(None)


def test_an_import_names_the_child_by_id_only(sqlite_db: Database):
    from tests.storage.conftest import media_facts
    from vfcoach.services.recordings.import_recording import store_recording

    for n in range(2):  # the second time the child is found, not added
        with sqlite_db.uow() as uow:
            store_recording(uow, Path("/v.mp4"), media_facts(f"sha256:{n}"), "F-7", None, None,
                            actor="Ana", child="PLANTED-Robin")  # fmt: skip
            uow.commit()
    with sqlite_db.uow() as uow:
        events = uow.audit.trail()
        family = uow.families.by_code("F-7")
        assert family is not None
        (kid,) = uow.children.for_family(family.id)
    assert "PLANTED" not in repr([(e.subject, dict(e.detail)) for e in events])
    added = [e for e in events if e.action == "recording.added"]
    assert [e.detail["child"] for e in added] == [kid.id, kid.id]


def test_a_comparison_by_someone_who_does_not_code_it_is_logged(db: Database):
    from vfcoach.services.reliability.comparison import load_comparison

    rec = uncoded(db, "F-8")
    a = start_coding(db, rec, Actor("Ana")).coding_pass
    b = start_coding(db, rec, Actor("Ben")).coding_pass
    assert a is not None and b is not None
    for viewer in ("Ana", "Sue"):
        load_comparison(db, rec, (a.id, b.id), ("Ana", "Ben"), "visit 1", Actor(viewer))
    viewed = [(e[0], e[2]) for e in _actions(db) if e[1] == names.RECORDING_VIEWED]
    assert viewed == [("Sue", f"recording:{rec}")]
