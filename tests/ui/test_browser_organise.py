"""The browser keeps video in order from the right-click menu (issue 12 §1), in a real main
window on a real database with a real recording: each entry is triggered and its real
dialog answered the way a coach would; renames and moves undo from the same menu; removal
asks first, says what goes, and leaves the video file alone; the filters narrow the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QInputDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.services.test_double_coding import coded
from tests.storage.conftest import annotation, media_facts
from vfcoach.coding.ids import RecordingId
from vfcoach.coding.project import Recording
from vfcoach.services.annotations.submit import SubmitPassOperation
from vfcoach.services.recordings.open_for_coding import start_coding
from vfcoach.services.recordings.organise import FAMILY_RENAMED, RECORDING_MOVED
from vfcoach.services.reliability.plan import AssignOperation
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import FamilyRole, RecordingRole, VisitRole
from vfcoach.ui.browser.context_menu import BrowserMenu
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.session import Mode


def answer(handle: Callable[[QWidget], None]) -> list[str]:
    """Answer the next modal dialog with `handle` once it shows (a coach at the keyboard);
    the list gets the question it asked (its label), read before it closes."""
    seen: list[str] = []

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(10, look)
            return
        seen.append(modal.labelText() if isinstance(modal, QInputDialog) else modal.windowTitle())
        handle(modal)

    QTimer.singleShot(0, look)
    return seen


def menu_on(window: MainWindow, role: int) -> BrowserMenu:
    """The right-click menu of the first row holding `role` (family, visit or recording)."""
    model = window.browser_model
    rows = [model.index(0, 0)]
    while rows:
        index = rows.pop(0)
        if index.data(role) is not None:
            return BrowserMenu(window.browser_panel, index)
        rows.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    raise AssertionError("no such row")


def labels(window: MainWindow) -> list[str]:
    model = window.browser_model
    out, rows = [], [model.index(r, 0) for r in range(model.rowCount())]
    while rows:
        index = rows.pop(0)
        out.append(index.data())
        rows[0:0] = [model.index(r, 0, index) for r in range(model.rowCount(index))]
    return out


def type_text(text: str) -> Callable[[QWidget], None]:
    def handle(dialog: QWidget) -> None:
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue(text)
        dialog.accept()

    return handle


def test_rename_from_the_menu_then_undo_and_redo(window: MainWindow, sqlite_db: Database):
    menu = menu_on(window, FamilyRole)
    seen = answer(type_text("F-0417"))
    menu.action("Rename family F-0001").trigger()
    assert seen and "never a name" in seen[0]
    assert labels(window)[0].startswith("F-0417")
    assert "F-0417 · Visit 1" in window.windowTitle()  # the open recording's title follows
    undo = menu_on(window, FamilyRole).action("Undo Rename family F-0001")
    assert undo.isEnabled()
    undo.trigger()
    assert labels(window)[0].startswith("F-0001")
    assert "F-0001 · Visit 1" in window.windowTitle()
    menu_on(window, FamilyRole).action("Redo").trigger()
    assert labels(window)[0].startswith("F-0417")
    with sqlite_db.uow() as uow:
        assert len(uow.audit.list(FAMILY_RENAMED)) == 3
    assert window.session.mode is Mode.CODING and window.store.scheme is not None


def test_a_refused_rename_says_why_and_stacks_nothing(window: MainWindow, sqlite_db: Database):
    with sqlite_db.uow() as uow:
        uow.families.add("F-0002")
        uow.commit()
    window.refresh_browser()
    answer(type_text("F-0002"))
    menu_on(window, FamilyRole).action("Rename family F-0001").trigger()
    assert "already used" in window.browser_panel.notice.text()
    assert window.browser_panel.undo_stack.count() == 0
    assert labels(window)[0].startswith("F-0001")


def test_move_keeps_the_codes_and_undoes(window: MainWindow, sqlite_db: Database):
    pass_id = window.opened.coding_pass.id  # type: ignore[union-attr]
    with sqlite_db.uow() as uow:
        uow.annotations.add(annotation(pass_id, 5))
        fam = uow.families.by_code("F-0001")
        assert fam is not None
        uow.visits.add(fam.id, 2)
        uow.commit()
    window.refresh_browser()
    answer(type_text("F-0001 · visit 2 (no date)"))
    menu_on(window, RecordingRole).action("Move to another visit").trigger()
    assert labels(window)[1:] == ["Visit 1  (no date)", "Visit 2  (no date)", labels(window)[3]]
    assert "Visit 2" in window.windowTitle()
    with sqlite_db.uow() as uow:
        assert uow.annotations.count_for_pass(pass_id) == 1
        assert len(uow.audit.list(RECORDING_MOVED)) == 1
    window.browser_panel.undo()
    assert "Visit 1" in window.windowTitle()
    assert labels(window)[3] == "Visit 2  (no date)"


def test_remove_confirmation_says_what_happens(
    window: MainWindow, sqlite_db: Database, recording: Recording
):
    pass_id = window.opened.coding_pass.id  # type: ignore[union-attr]
    with sqlite_db.uow() as uow:
        for frame in (3, 6, 9):
            uow.annotations.add(annotation(pass_id, frame))
        uow.commit()
    video = Path(recording.media_path)
    before = video.read_bytes()
    said: list[str] = []

    def cancel(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        said.append(f"{box.text()} | {box.informativeText()}")
        box.reject()

    answer(cancel)
    menu_on(window, RecordingRole).action("Remove").trigger()
    assert said == [
        "Remove “recording 1” (F-0001, visit 1)? | 1 coder's codes (3 events) are deleted with "
        "it; the video file itself is not touched.\n"
        "This cannot be undone. To only hide it, archive it."
    ]
    assert window.browser_panel.recording_ids() == [recording.id]  # cancelled: kept

    def remove(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        next(b for b in box.buttons() if b.text() == "Remove").click()

    answer(remove)
    menu_on(window, RecordingRole).action("Remove").trigger()
    assert window.browser_panel.recording_ids() == []
    assert video.read_bytes() == before
    assert window.session.mode is Mode.NOTHING and window.store.scheme is None


def test_archive_hides_and_show_archived_brings_it_back(window: MainWindow):
    panel = window.browser_panel
    menu_on(window, RecordingRole).action("Archive").trigger()
    assert panel.recording_ids() == []
    panel.show_archived.setChecked(True)
    (rec_label,) = [t for t in labels(window) if "archived" in t]
    menu_on(window, RecordingRole).action("Bring back").trigger()
    panel.show_archived.setChecked(False)
    assert len(panel.recording_ids()) == 1 and "archived" not in rec_label.split("·")[0]


def test_filters_and_search(qtbot: QtBot, window: MainWindow, recording: Recording):
    panel = window.browser_panel
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("Submitted"))
    panel.status_filter.activated.emit(panel.status_filter.currentIndex())
    assert panel.recording_ids() == [] and labels(window) == []
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("Draft (still being coded)"))
    panel.status_filter.activated.emit(panel.status_filter.currentIndex())
    assert panel.recording_ids() == [recording.id]
    panel.coder_filter.setCurrentIndex(panel.coder_filter.findText("Tester"))
    panel.coder_filter.activated.emit(panel.coder_filter.currentIndex())
    assert panel.recording_ids() == [recording.id]
    panel.focus_search()
    qtbot.keyClicks(panel.search, "nobody")
    qtbot.waitUntil(lambda: panel.recording_ids() == [], timeout=2000)
    panel.search.setText("0001")
    qtbot.waitUntil(lambda: panel.recording_ids() == [recording.id], timeout=2000)
    assert panel.search.hasFocus() or QApplication.focusWidget() is panel.search


def test_visit_dialog_edits_number_date_and_programme(window: MainWindow):
    def fill(dialog: QWidget) -> None:
        d = dialog
        d.number.setValue(3)  # type: ignore[attr-defined]
        d.programme.setCurrentIndex(d.programme.findData("VIPP-SD"))  # type: ignore[attr-defined]
        d.accept()  # type: ignore[attr-defined]

    answer(fill)
    menu_on(window, VisitRole).action("Edit visit 1").trigger()
    assert "Visit 3  (no date)  ·  VIPP-SD" in labels(window)  # differs from the family
    assert "Visit 3" in window.windowTitle()
    window.browser_panel.undo()
    assert "Visit 1  (no date)" in labels(window)


def test_an_undo_that_cannot_be_written_stays_undoable(window: MainWindow, sqlite_db: Database):
    """Renamed F-0001 to F-0417, then another window took F-0001: undo is refused, says why,
    and the stack still offers the same undo (nothing shows the old code as restored)."""
    panel = window.browser_panel
    answer(type_text("F-0417"))
    menu_on(window, FamilyRole).action("Rename family F-0001").trigger()
    with sqlite_db.uow() as uow:
        uow.families.add("F-0001")
        uow.commit()
    panel.undo()
    assert "Undo not applied" in panel.notice.text() and "already used" in panel.notice.text()
    assert panel.undo_stack.index() == 1 and panel.undo_stack.canUndo()
    assert [t for t in labels(window) if "·  ABC" in t] == ["F-0001  ·  ABC", "F-0417  ·  ABC"]
    with sqlite_db.uow() as uow:
        taken = uow.families.by_code("F-0001")
        assert taken is not None
        uow.families.rename(taken.id, "F-0999")
        uow.commit()
    panel.undo()
    assert panel.notice.isHidden() and panel.undo_stack.index() == 0
    assert "F-0001  ·  ABC" in labels(window)


def test_the_coder_filter_does_not_find_a_hidden_pass(qtbot: QtBot, sqlite_db: Database):
    """Ben double-codes Ana's recording blind and has submitted: in Ana's window, choosing Ben
    in the coder filter, or *Submitted*, shows nothing until Ana has submitted too."""
    (rec,) = coded(sqlite_db, "Ana", 1, "F-1")
    AssignOperation(sqlite_db, rec, "Ben", actor=who(sqlite_db, "Sue")).run()
    start_coding(sqlite_db, rec, who(sqlite_db, "Ben"))
    SubmitPassOperation(sqlite_db, rec, "Ben").run()
    w = MainWindow(sqlite_db, "Ana")
    qtbot.addWidget(w)
    panel = w.browser_panel

    def choose(combo: QComboBox, text: str) -> list[RecordingId]:
        combo.setCurrentIndex(combo.findText(text))
        combo.activated.emit(combo.currentIndex())
        return panel.recording_ids()

    assert choose(panel.coder_filter, "Ben") == []
    assert choose(panel.coder_filter, "Ana") == [rec]
    assert choose(panel.coder_filter, "Any coder") == [rec]
    assert choose(panel.status_filter, "Submitted") == []
    assert choose(panel.status_filter, "Due for double coding") == [rec]
    SubmitPassOperation(sqlite_db, rec, "Ana").run()
    assert choose(panel.status_filter, "Submitted") == [rec]
    assert choose(panel.coder_filter, "Ben") == [rec]


def test_the_filters_never_take_the_coding_keys(qtbot: QtBot, window: MainWindow):
    """Choosing a filter with the mouse leaves the keyboard with the video: the next code key
    places a code instead of changing the filter or typing into the search box."""
    panel = window.browser_panel
    combo = panel.status_filter
    qtbot.mouseClick(panel.show_archived, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    combo.hidePopup()
    assert not any(w.hasFocus() for w in (panel.search, combo, panel.show_archived))
    before = len(window.store.annotations())
    qtbot.keyClick(window.video.view, Qt.Key.Key_N)
    assert len(window.store.annotations()) == before + 1
    assert panel.search.text() == "" and combo.currentIndex() == 0


def test_a_refresh_leaves_the_tree_as_the_coach_left_it(
    window: MainWindow, sqlite_db: Database
) -> None:
    """Live refresh reads the tree again after every commit, the coach's own key presses
    included: the same tree is not rebuilt, and a changed one keeps the folds and the row."""
    panel, model = window.browser_panel, window.browser_model
    panel.refresh()
    rebuilt: list[int] = []
    model.rowsRemoved.connect(lambda *_a: rebuilt.append(1))
    chosen = panel.tree.currentIndex().data(RecordingRole)
    panel.tree.collapse(model.index(0, 0))
    panel.refresh()  # nothing changed
    assert rebuilt == [] and not panel.tree.isExpanded(model.index(0, 0))
    with sqlite_db.uow() as uow:  # a colleague (or another window) adds a family
        family = uow.families.add("F-ZZZ-NEW")
        visit = uow.visits.add(family.id, 1)
        uow.recordings.add(visit.id, "/media/elsewhere.mp4", media_facts())
        uow.commit()
    panel.refresh()
    assert rebuilt, "the changed tree was read again"
    codes = [model.item(r).data(FamilyRole).code for r in range(model.rowCount())]
    assert "F-ZZZ-NEW" in codes
    for row, code in enumerate(codes):
        expanded = panel.tree.isExpanded(model.index(row, 0))
        assert expanded == (code == "F-ZZZ-NEW"), code  # the folded one stays folded
    assert panel.tree.currentIndex().data(RecordingRole) == chosen
