"""*Erase family…* from the browser's right-click menu, in a real window on a real database.

The dialog keeps its Erase button off until the family code is typed exactly and a reason
given (Enter does nothing before that); erasing runs on the runner, closes the family's open
recording, takes the family out of the browser and leaves no byte of it in the data folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.services.erase_world import MARKERS, ErasedWorld, data_world, files_with, plant
from tests.ui.test_browser_organise import answer, labels, menu_on
from vfcoach.coding.ids import RecordingId
from vfcoach.services.retention.erase import plan_erase
from vfcoach.services.retention.rules import hold_of, place_hold
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import FamilyRole
from vfcoach.ui.consent.install import family_menu
from vfcoach.ui.launch import start_window
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.retention.erase_dialog import EraseFamilyDialog
from vfcoach.ui.retention.family_entries import NOTHING_OPEN
from vfcoach.ui.retention.hold_dialog import HoldDialog
from vfcoach.ui.retention.retention_dialog import RetentionDialog
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.shell.window_state import user_settings


@pytest.fixture
def erase_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cfr_video: Path,
    inline_runner: TaskRunner,
) -> Iterator[tuple[MainWindow, ErasedWorld]]:  # fmt: skip
    data, url = data_world(tmp_path, monkeypatch)
    db = Database.open(url)
    world = plant(db, data, cfr_video)
    w = MainWindow(db, "coach-a", runner=inline_runner)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w, world
    w.player.unload()
    db.dispose()


def _recording_of(db: Database, code: str) -> RecordingId:
    with db.uow() as uow:
        family = uow.families.by_code(code)
        assert family is not None
        (visit,) = uow.visits.for_family(family.id)
        return uow.recordings.for_visit(visit.id)[0].id


def _fill(code: str, reason: str, seen: dict[str, object]) -> object:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, EraseFamilyDialog)
        dialog.reason.setText(reason)
        dialog.typed.setText(code)
        seen["ready"] = dialog.erase_button.isEnabled()
        dialog.typed.setFocus()
        dialog.accept()  # what Enter in the field does: refused unless ready
        if dialog.isVisible():
            dialog.grab().save("/tmp/h-erase-dialog.png")
            dialog.reject()

    return handle


def test_a_wrong_code_leaves_everything(qtbot: QtBot, erase_window: tuple[MainWindow, ErasedWorld]):
    window, world = erase_window
    seen: dict[str, object] = {}
    answer(_fill("F-0002", "the family asked", seen))
    menu_on(window, FamilyRole).action("Erase family F-0001").trigger()
    assert seen["ready"] is False
    assert world.videos["F-0001"].exists()
    assert "F-0001  ·  ABC" in labels(window)


def test_erase_from_the_menu(
    qtbot: QtBot, erase_window: tuple[MainWindow, ErasedWorld], monkeypatch: pytest.MonkeyPatch
):
    window, world = erase_window
    assert window.open_recording(_recording_of(window.db, "F-0001"))
    assert window.opened is not None and window.opened.family_code == "F-0001"
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(str(a[2])))
    seen: dict[str, object] = {}
    answer(_fill("F-0001", "the family asked", seen))
    menu_on(window, FamilyRole).action("Erase family F-0001").trigger()
    window.runner.drain()
    assert seen["ready"] is True
    assert window.opened is None  # closed before the erase: no key can land in it
    assert told == ["Family F-0001 was erased (1 file(s) deleted)."]
    assert [f for f in labels(window) if "·  ABC" in f] == ["F-0002  ·  ABC"]
    assert files_with(world.data, MARKERS["F-0001"]) == []  # with the window still open
    window.db.dispose()
    assert files_with(world.data, MARKERS["F-0002"])


def test_a_family_on_hold_cannot_be_erased_here(
    qtbot: QtBot, erase_window: tuple[MainWindow, ErasedWorld]
):
    window, world = erase_window
    place_hold(window.db, "F-0001", "court order 17", None)
    dialog = EraseFamilyDialog(plan_erase(window.db, "F-0001"), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.grab().save("/tmp/h-erase-hold.png")
    assert "legal hold (court order 17)" in dialog.note.text()
    assert not dialog.erase_button.isEnabled() and not dialog.typed.isEnabled()
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert world.videos["F-0001"].exists()


def test_a_start_finishes_an_interrupted_erase_before_the_window_opens(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cfr_video: Path
):
    data, url = data_world(tmp_path, monkeypatch)
    db = Database.open(url)
    world = plant(db, data, cfr_video)
    plan = plan_erase(db, "F-0001")
    with db.uow() as uow:  # what a run killed right after its pending record leaves behind
        family = uow.families.by_code("F-0001")
        assert family is not None
        plan_json = {"delete": list(plan.delete), "outside": [], "counts": plan.counts}
        uow.erasures.start(family.id, "F-0001", "the family asked", "coach-a", False, plan_json)
        uow.commit()
    window = start_window(db, True, user_settings())
    assert window is not None
    qtbot.addWidget(window)
    try:
        assert "Finished erasing family F-0001" in window.status.currentMessage()
        assert [f for f in labels(window) if "·  ABC" in f] == ["F-0002  ·  ABC"]
        assert files_with(world.data, MARKERS["F-0001"]) == []
    finally:
        window.player.unload()
        db.dispose()


def test_legal_hold_from_the_menu(qtbot: QtBot, erase_window: tuple[MainWindow, ErasedWorld]):
    window, _world = erase_window

    def place(dialog: QWidget) -> None:
        assert isinstance(dialog, HoldDialog)
        assert not dialog.action.isEnabled()  # no reason yet
        dialog.reason.setText("court order 17")
        dialog.grab().save("/tmp/h-erase-hold-place.png")
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)

    answer(place)
    menu_on(window, FamilyRole).action("Legal hold").trigger()
    hold = hold_of(window.db, "F-0001")
    assert hold is not None and hold.reason == "court order 17"
    assert "cannot be erased" in window.status.currentMessage()

    def release(dialog: QWidget) -> None:
        assert isinstance(dialog, HoldDialog)
        dialog.grab().save("/tmp/h-erase-hold-release.png")
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)

    answer(release)
    menu_on(window, FamilyRole).action("Legal hold").trigger()
    assert hold_of(window.db, "F-0001") is None


def test_retention_rules_and_what_is_due_from_the_file_menu(
    qtbot: QtBot, erase_window: tuple[MainWindow, ErasedWorld]
):
    window, world = erase_window
    file_menu = next(
        a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "File"
    )
    entry = next(a for a in file_menu.actions() if a.text() == "Retention…")
    entry.trigger()
    dialog = next(w for w in window.findChildren(RetentionDialog) if w.isVisible())
    assert "No rule yet" in dialog.notice.text() and dialog.model.row_count() == 0
    assert not dialog.save_rule() and "choose how many months" in dialog.notice.text()
    dialog.video.setValue(6)
    dialog.derived.setValue(12)
    assert not dialog.save_rule() and "cannot be kept longer" in dialog.notice.text()
    dialog.video.setValue(24)
    assert dialog.save_rule() and "Saved the rule for ABC" in dialog.notice.text()
    assert dialog.model.row_count() == 4  # two families, video and derived files each
    dialog.grab().save("/tmp/h-erase-retention.png")
    dialog.close()
    assert world.videos["F-0001"].exists()  # nothing is erased from here


def test_the_family_menu_holds_the_open_recordings_family(
    qtbot: QtBot, erase_window: tuple[MainWindow, ErasedWorld]
):
    """Family → Legal hold… acts on the family of the recording that is open; with none open
    it says where to go instead and opens nothing."""
    window, _world = erase_window
    menu = family_menu(window)
    entries = {a.text(): a for a in menu.actions() if a.text()}
    assert {"Consent…", "Legal hold…", "Erase family…"} <= set(entries)
    window.session.close()
    entries["Legal hold…"].trigger()
    assert window.status.currentMessage() == NOTHING_OPEN
    assert hold_of(window.db, "F-0002") is None
    assert window.open_recording(_recording_of(window.db, "F-0002"))

    def place(dialog: QWidget) -> None:
        assert isinstance(dialog, HoldDialog)
        dialog.reason.setText("agency review")
        qtbot.mouseClick(dialog.action, Qt.MouseButton.LeftButton)

    answer(place)
    entries["Legal hold…"].trigger()
    hold = hold_of(window.db, "F-0002")
    assert hold is not None and hold.reason == "agency review"
    assert hold_of(window.db, "F-0001") is None  # only the open recording's family
