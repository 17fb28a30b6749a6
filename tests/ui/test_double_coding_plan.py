"""The Double coding… dialog: a supervisor draws a seeded sample, assigns coders, sees what is due.

The recordings are the ones `tests/services/test_double_coding.py` builds (each visit
coded by its coach, one a month): the plan reads passes and visits, never the video.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.services.test_double_coding import coded
from vfcoach.coding.double_coding import ASSIGNED, SAMPLE_DRAWN
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import CoderRole
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.reliability.plan import (
    DueOperation,
    PlanRefused,
    SampleOperation,
    set_role,
)
from vfcoach.storage.database import Database
from vfcoach.ui.double_coding.plan_dialog import DoubleCodingDialog
from vfcoach.ui.double_coding.plan_model import BOTH, NEEDS_CODER
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.reliability.window import ReliabilityWindow

SEED = 4242


def world(db: Database) -> tuple[list[RecordingId], list[RecordingId]]:
    """Ana coached five visits, Ben three; Sue supervises; Mara is the master coder."""
    ana = coded(db, "Ana", 5, "F-A")
    ben = coded(db, "Ben", 3, "F-B", month=3)
    set_role(db, "Sue", CoderRole.SUPERVISOR, None, who(db, "Sue"))
    set_role(db, "Mara", None, True, who(db, "Sue"))
    set_role(db, "Cleo", None, None, who(db, "Sue"))
    return ana, ben


@dataclass
class Plan:
    window: MainWindow
    reliability: ReliabilityWindow
    dialog: DoubleCodingDialog


@pytest.fixture
def open_plan(qtbot: QtBot, sqlite_db: Database) -> Iterator[object]:
    opened: list[MainWindow] = []

    def _open(actor: str) -> Plan:
        window = MainWindow(sqlite_db, actor)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        opened.append(window)
        reliability = window.open_reliability_window()
        qtbot.mouseClick(reliability.plan_button, Qt.MouseButton.LeftButton)
        assert reliability.plan_dialog is not None and reliability.plan_dialog.isVisible()
        return Plan(window, reliability, reliability.plan_dialog)

    yield _open
    for window in opened:
        window.player.unload()


def draw(qtbot: QtBot, dialog: DoubleCodingDialog, seed: int) -> None:
    dialog.seed.setValue(seed)
    dialog.last_draw = None
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.last_draw is not None or bool(dialog.message.text()), timeout=20_000
    )


def table_texts(dialog: DoubleCodingDialog, column: str) -> list[str]:
    col = dialog.model.columns.index(column)
    model = dialog.model
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def select(dialog: DoubleCodingDialog, rec: RecordingId) -> None:
    row = next(i for i, item in enumerate(dialog.model.items()) if item.recording_id == rec)
    dialog.table.selectRow(row)


def choose(dialog: DoubleCodingDialog, text: str) -> None:
    index = dialog.coder.findText(text)
    assert index >= 0, [dialog.coder.itemText(i) for i in range(dialog.coder.count())]
    dialog.coder.setCurrentIndex(index)


def test_the_dialog_draws_what_the_operation_draws_with_that_seed(
    qtbot: QtBot, sqlite_db: Database, open_plan, tmp_path: Path
):
    world(sqlite_db)
    plan = open_plan("Sue")
    dialog = plan.dialog
    assert dialog.share.value() == 20 and dialog.draw_button.isEnabled()
    assert dialog.model.rowCount() == 0
    draw(qtbot, dialog, SEED)
    assert dialog.last_draw is not None, dialog.message.text()

    twin = Database.open(f"sqlite:///{tmp_path / 'twin.sqlite'}")
    try:
        world(twin)
        expected = SampleOperation(twin, None, SEED, who(twin, "Sue")).run()
    finally:
        twin.dispose()
    assert dialog.last_draw.recording_ids == expected.recording_ids
    assert len(expected.recording_ids) >= 3  # a share of each coach, every month covered
    shown = [RecordingId(int(t)) for t in table_texts(dialog, "Recording")]
    assert sorted(shown) == sorted(expected.recording_ids)
    assert set(table_texts(dialog, "Status")) == {NEEDS_CODER}
    assert set(table_texts(dialog, "Drawn with seed")) == {str(SEED)}
    coaches = zip(table_texts(dialog, "Family"), table_texts(dialog, "Coach"), strict=True)
    families = dict(coaches)
    assert families == {"F-A": "Ana", "F-B": "Ben"}
    said = dialog.message.text()
    assert f"Seed {SEED}, share 20%: drew {len(expected.drawn)} recording(s)" in said
    per_coach = {c: table_texts(dialog, "Coach").count(c) for c in ("Ana", "Ben")}
    assert f"Chosen so far: Ana {per_coach['Ana']} of 5; Ben {per_coach['Ben']} of 3" in said
    with sqlite_db.uow() as uow:
        (event,) = uow.audit.list(action=SAMPLE_DRAWN)
    assert event.actor == "Sue" and event.detail["seed"] == SEED
    dialog.grab().save("/tmp/double_coding_plan_drawn.png")


def test_assigning_and_changing_coders_moves_the_due_list(
    qtbot: QtBot, sqlite_db: Database, open_plan
):
    ana, _ben = world(sqlite_db)
    SampleOperation(sqlite_db, 0.2, SEED, who(sqlite_db, "Sue")).run()
    plan = open_plan("Sue")
    dialog = plan.dialog
    rec = next(i.recording_id for i in dialog.model.items() if i.recording_id in ana)
    select(dialog, rec)
    offered = [dialog.coder.itemText(i) for i in range(dialog.coder.count())]
    assert "Ana (second coder)" not in offered  # the recording's own coach
    assert "Mara (master coder)" in offered and "Cleo (master coder)" not in offered
    assert dialog.assign_button.text() == "Assign"

    choose(dialog, "Cleo (second coder)")
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert "Cleo codes it blind as second coder" in dialog.message.text()
    (due,) = DueOperation(sqlite_db, "Cleo").run()
    assert due.recording_id == rec and due.coder_status == "not started"
    row = dialog.model.items().index(due)
    assert dialog.selected() == due and dialog.assign_button.text() == "Change coder"
    assert table_texts(dialog, "Second coder")[row] == "Cleo"
    assert table_texts(dialog, "Status")[row] == "due"

    choose(dialog, "Mara (master coder)")  # Cleo has not begun: the assignment may move
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert DueOperation(sqlite_db, "Cleo").run() == []
    (mara,) = DueOperation(sqlite_db, "Mara").run()
    assert (mara.recording_id, mara.purpose, mara.draw_seed) == (rec, "master", SEED)
    with sqlite_db.uow() as uow:
        changes = uow.audit.list(action=ASSIGNED)
    assert [(e.actor, e.detail["coder"], e.detail["replaced"]) for e in changes] == [
        ("Sue", "Cleo", None),
        ("Sue", "Mara", "Cleo"),
    ]

    start_coding(sqlite_db, rec, who(sqlite_db, "Mara"))  # she begins: her blind pass now exists
    choose(dialog, "Cleo (second coder)")
    qtbot.mouseClick(dialog.assign_button, Qt.MouseButton.LeftButton)
    assert "Mara has already started coding" in dialog.message.text()
    assert "#a93226" in dialog.message.styleSheet()  # said in red, and nothing moved
    assert [i.coder for i in DueOperation(sqlite_db).run() if i.recording_id == rec] == ["Mara"]

    SubmitPassOperation(sqlite_db, rec, "Ana").run()
    SubmitPassOperation(sqlite_db, rec, "Mara").run()
    dialog.refresh()
    statuses = dict(
        zip(table_texts(dialog, "Recording"), table_texts(dialog, "Status"), strict=True)
    )
    assert statuses[str(rec)] == BOTH
    dialog.due_only.setChecked(True)
    assert str(rec) not in table_texts(dialog, "Recording")
    assert dialog.model.rowCount() == len(DueOperation(sqlite_db).run())
    dialog.due_only.setChecked(False)
    dialog.grab().save("/tmp/double_coding_plan_assigned.png")


def test_a_coder_who_is_not_a_supervisor_cannot_draw_or_assign(
    qtbot: QtBot, sqlite_db: Database, open_plan
):
    world(sqlite_db)
    plan = open_plan("Cleo")
    dialog = plan.dialog
    for button in (dialog.draw_button, dialog.assign_button, dialog.save_share_button):
        assert not button.isEnabled()
    assert "only a supervisor may plan double coding" in dialog.draw_button.toolTip().lower()
    assert "Cleo is not one" in dialog.message.text()
    assert not plan.reliability.save_defaults_button.isEnabled()
    assert "only a supervisor" in plan.reliability.save_defaults_button.toolTip().lower()
    dialog.grab().save("/tmp/double_coding_plan_refused.png")

    dialog.draw()  # past the disabled button: the operation itself refuses
    qtbot.waitUntil(lambda: bool(dialog.message.text()), timeout=20_000)
    assert "only a supervisor may draw recordings" in dialog.message.text()
    assert DueOperation(sqlite_db).run() == []
    with pytest.raises(PlanRefused):
        SampleOperation(sqlite_db, None, SEED, who(sqlite_db, "Cleo")).run()
    with pytest.raises(PlanRefused):
        set_role(sqlite_db, "Cleo", CoderRole.SUPERVISOR, None, who(sqlite_db, "Cleo"))
    with sqlite_db.uow() as uow:
        assert uow.audit.list(action=SAMPLE_DRAWN) == []
