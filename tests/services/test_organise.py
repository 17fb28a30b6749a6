"""Keeping recordings in order (issue 12 §1): rename, edit a visit, move, archive, remove,
and the browser's search and filters, on SQLite and PostgreSQL.

Every change writes one audit row with it; a refused change changes nothing. Removing never
touches the video file. Under blind double coding a filter never finds another coder's
hidden pass, and a removal (whose confirmation counts codes) waits until blindness is over.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.actors import who
from tests.consent_helpers import agree
from tests.services.test_double_coding import coded
from tests.storage.conftest import annotation, moment
from vfcoach.coding.ids import FamilyId, RecordingId, VisitId
from vfcoach.coding.reels import Audience
from vfcoach.coding.reels.model import Reel, ReelClip, new_clip_id
from vfcoach.coding.visit_rules import InvalidVisit
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.recordings.organise import (
    FAMILY_RENAMED,
    RECORDING_ARCHIVED,
    RECORDING_MOVED,
    RECORDING_REMOVED,
    VISIT_EDITED,
    OrganiseRefused,
    RemovalSummary,
    VisitFields,
    edit_visit,
    move_recording,
    removal_summary,
    remove_recording,
    rename_family,
    set_archived,
)
from vfcoach.services.recordings.tree import BrowserQuery, Status, load_browser_nodes
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict

TODAY = dt.date(2026, 12, 6)


def actions(db: Database) -> list[str]:
    with db.uow() as uow:
        return [e.action for e in uow.audit.list() if not e.action.startswith("double.")]


def shown(db: Database, viewer: str = "Ana", **query: object) -> list[RecordingId]:
    nodes = load_browser_nodes(db, who(db, viewer), BrowserQuery(**query))  # type: ignore[arg-type]
    return [r.id for n in nodes for _v, recs in n.visits for r in recs]


def family_of(db: Database, rec: RecordingId) -> tuple[FamilyId, VisitId]:
    with db.uow() as uow:
        visit = uow.visits.get(uow.recordings.get(rec).visit_id)
        return visit.family_id, visit.id


def clip_reel(db: Database, rec: RecordingId) -> None:
    fam, visit = family_of(db, rec)
    clip = ReelClip(new_clip_id(), rec, moment(10), moment(30), "You waited for her.")
    reel = Reel(visit, fam, "For Mia", "Ana", (clip,), audience=Audience.COACH)
    with db.uow() as uow:
        uow.reels.add(reel)
        uow.commit()


def test_rename_family_checks_the_code_and_is_audited(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-1")
    coded(db, "Ana", 1, "F-2")
    fam, _ = family_of(db, rec)
    assert rename_family(db, fam, "  F-0417 ", who(db, "Ana")) == "F-1"
    with pytest.raises(Conflict, match="already used"):
        rename_family(db, fam, "F-2", who(db, "Ana"))
    with pytest.raises(Exception, match="control"):
        rename_family(db, fam, "F\u202e-9", who(db, "Ana"))
    with db.uow() as uow:
        assert uow.families.get(fam).code == "F-0417"
        (event,) = uow.audit.list(FAMILY_RENAMED)
    assert event.actor == "Ana" and event.subject == f"family:{fam}"
    assert "F-1" not in str(dict(event.detail))  # a mistyped real name is not kept in the log


def test_edit_visit_keeps_numbers_unique_and_dates_possible(db: Database):
    recs = coded(db, "Ana", 2, "F-1")
    _, v1 = family_of(db, recs[0])
    old = edit_visit(db, v1, VisitFields(7, dt.date(2026, 3, 1), "VIPP-SD"), who(db, "Ana"), TODAY)
    assert old == VisitFields(1, dt.date(2026, 1, 3), "ABC")
    for bad, why in (
        (VisitFields(2, None, "ABC"), "already has a visit 2"),
        (VisitFields(1, dt.date(2027, 1, 1), "ABC"), "in the future"),
        (VisitFields(1, dt.date(1900, 1, 1), "ABC"), "before 1990"),
        (VisitFields(0, None, "ABC"), "1 to 999"),
        (VisitFields(1, None, "Triple P"), "not one of"),
    ):
        with pytest.raises((Conflict, InvalidVisit), match=why):
            edit_visit(db, v1, bad, who(db, "Ana"), TODAY)
    with db.uow() as uow:
        v = uow.visits.get(v1)
        (event,) = uow.audit.list(VISIT_EDITED)
    assert (v.number, v.date, v.programme) == (7, dt.date(2026, 3, 1), "VIPP-SD")
    assert event.detail["number"] == [1, 7]


def test_move_keeps_passes_and_codes_and_undoes_by_moving_back(db: Database):
    a, b = coded(db, "Ana", 2, "F-1")
    _, va = family_of(db, a)
    _, vb = family_of(db, b)
    with db.uow() as uow:
        before = [(p.id, uow.annotations.count_for_pass(p.id)) for p in uow.passes.for_recording(a)]
    assert move_recording(db, a, vb, who(db, "Ana")) == va
    with db.uow() as uow:
        assert uow.recordings.get(a).visit_id == vb
        after = [(p.id, uow.annotations.count_for_pass(p.id)) for p in uow.passes.for_recording(a)]
    assert after == before and before[0][1] == 3
    move_recording(db, a, va, who(db, "Ana"))
    assert actions(db).count(RECORDING_MOVED) == 2


def test_a_recording_in_a_reel_stays_with_its_visit(db: Database):
    a, b = coded(db, "Ana", 2, "F-1")
    _, vb = family_of(db, b)
    clip_reel(db, a)
    with pytest.raises(OrganiseRefused, match="1 reel clip"):
        move_recording(db, a, vb, who(db, "Ana"))
    assert RECORDING_MOVED not in actions(db)


def test_archive_hides_from_the_default_view_and_keeps_everything(db: Database):
    a, b = coded(db, "Ana", 2, "F-1")
    assert set_archived(db, a, True, who(db, "Ana")) is False
    assert shown(db) == [b]
    assert shown(db, show_archived=True) == [a, b]
    with db.uow() as uow:
        assert uow.recordings.get(a).archived
        assert sum(uow.annotations.count_for_pass(p.id) for p in uow.passes.for_recording(a)) == 3
    set_archived(db, a, False, who(db, "Ana"))
    assert shown(db) == [a, b]
    assert actions(db).count(RECORDING_ARCHIVED) == 1


def test_remove_says_what_goes_and_never_touches_the_file(
    db: Database, cfr_video: Path, tmp_path: Path
):
    video = tmp_path / "visit.mp4"
    video.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(db, video, "F-7").run().id
    agree(db, "F-7")  # three coders look at it: the family agreed to supervision
    pass_ids = []
    for coder, n in (("Ana", 2), ("Ben", 1), ("Cai", 0)):
        p = start_coding(db, rec, who(db, coder)).coding_pass.id
        pass_ids.append(p)
        with db.uow() as uow:
            for i in range(n):
                uow.annotations.add(annotation(p, 5 + i))
            uow.commit()
    clip_reel(db, rec)
    clip_reel(db, rec)
    summary = removal_summary(db, rec, who(db, "Ana"))
    assert summary.message == (
        "3 coders' codes (3 events) and 2 reel clips are deleted with it; so is vfcoach's "
        "encrypted copy of its video (the file it was added from is not touched)."
    )
    with db.uow() as uow:
        sealed = Path(uow.recordings.get(rec).media_path)
    assert sealed.suffix == ".vfm" and sealed.is_file()
    remove_recording(db, rec, who(db, "Ana"))
    assert video.read_bytes() == cfr_video.read_bytes()
    assert not sealed.exists()  # its key went with the row: no unreadable leftover
    with db.uow() as uow:
        assert uow.recordings.list() == []
        assert uow.passes.list_all() == []
        assert all(uow.annotations.count_for_pass(p) == 0 for p in pass_ids)
        assert uow.reels.clip_visits_of_recording(rec) == []
        (event,) = uow.audit.list(RECORDING_REMOVED)
    assert event.detail["events"] == 3 and event.detail["reel_clips"] == 2


def test_remove_waits_while_blind_double_coding_is_under_way(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-1")
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    start_coding(db, rec, who(db, "Ben"))
    for name in ("Ana", "Ben", "Sue"):
        with pytest.raises(OrganiseRefused, match="double-coded blind"):
            removal_summary(db, rec, who(db, name))
    with pytest.raises(OrganiseRefused):
        remove_recording(db, rec, who(db, "Ana"))
    assert shown(db) == [rec]


def test_search_and_filters(db: Database):
    a, b = coded(db, "Ana", 2, "F-1")
    (c,) = coded(db, "Ben", 1, "G-2")
    SubmitPassOperation(db, b, "Ana").run()
    assert shown(db, text="g-") == [c]
    assert shown(db, coder="Ben") == [c]
    assert shown(db, status=Status.DRAFT) == [a, c]
    assert shown(db, status=Status.SUBMITTED) == [b]
    assert shown(db, status=Status.DUE) == []
    AssignOperation(db, b, "Cai", actor=who(db, "Sue")).run()
    assert shown(db, status=Status.DUE) == [b]
    assert shown(db, coder="Ana", status=Status.DRAFT) == [a]
    # a filter leaves out the families it empties
    nodes = load_browser_nodes(db, who(db, "Ana"), BrowserQuery(status=Status.SUBMITTED))
    assert [n.family.code for n in nodes] == ["F-1"]


def test_filters_never_find_a_hidden_pass_under_blind_coding(db: Database):
    (rec,) = coded(db, "Ana", 1, "F-1")
    AssignOperation(db, rec, "Ben", actor=who(db, "Sue")).run()
    ben = start_coding(db, rec, who(db, "Ben")).coding_pass.id
    with db.uow() as uow:
        uow.annotations.add(annotation(ben, 30, "DEL"))
        uow.commit()
    SubmitPassOperation(db, rec, "Ben").run()
    # Ana may not read Ben's pass yet: filtering on Ben, or on "submitted", finds nothing
    assert shown(db, "Ana", coder="Ben") == []
    assert shown(db, "Ana", status=Status.SUBMITTED) == []
    assert shown(db, "Ana", status=Status.DRAFT) == [rec]  # her own draft
    # the double-coding state is the same for everyone, as the reel's "held" is
    assert shown(db, "Ana", status=Status.DUE) == shown(db, "Ben", status=Status.DUE) == [rec]
    # Ben reads his own pass, not Ana's draft
    assert shown(db, "Ben", coder="Ana") == []
    assert shown(db, "Ben", status=Status.SUBMITTED) == [rec]
    SubmitPassOperation(db, rec, "Ana").run()
    assert shown(db, "Ana", coder="Ben") == [rec]
    assert shown(db, "Ana", status=Status.DUE) == []


@pytest.mark.parametrize(
    ("coders", "events", "clips", "said"),
    [
        (3, 214, 2, "3 coders' codes (214 events) and 2 reel clips are deleted with it"),
        (1, 1, 0, "1 coder's codes (1 event) are deleted with it"),
        (1, 0, 0, "1 coder's coding (no events yet) is deleted with it"),
        (0, 0, 1, "1 reel clip is deleted with it"),
        (0, 0, 0, "It has no codes and no reel clips"),
    ],
)
def test_the_removal_message_reads_as_a_sentence(coders: int, events: int, clips: int, said: str):
    message = RemovalSummary(RecordingId(1), coders, events, clips).message
    assert message == f"{said}; the video file itself is not touched."


def test_removing_a_video_kept_in_place_leaves_the_file(
    db: Database, cfr_video: Path, tmp_path: Path
):
    video = tmp_path / "visit.mp4"
    video.write_bytes(cfr_video.read_bytes())
    rec = ImportRecordingOperation(db, video, "F-8", keep_in_place=True).run().id
    summary = removal_summary(db, rec, who(db, "Ana"))
    assert summary.message.endswith("the video file itself is not touched.")
    remove_recording(db, rec, who(db, "Ana"))
    assert video.read_bytes() == cfr_video.read_bytes()
