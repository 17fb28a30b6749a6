"""Code keys place codes after every dialog and wherever the focus is in the window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow


def stored_keys(db: Database, window: MainWindow) -> list[str]:
    cpass = window.store.coding_pass
    assert cpass is not None
    with db.uow() as uow:
        return sorted(a.code_key for a in uow.annotations.for_pass(cpass.id))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_f2_note_then_code_key_places_the_code(qtbot: QtBot, window: MainWindow, sqlite_db):
    window.player.seek_frame(10)
    qtbot.keyClick(window.video.view, "n")
    window.player.seek_frame(20)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        edit = dialog.findChild(QLineEdit)
        assert edit is not None
        qtbot.keyClicks(edit, "held him close")
        qtbot.keyClick(edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    qtbot.keyClick(window.video.view, Qt.Key.Key_F2)
    assert window.store.annotations()[0].note == "held him close"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.video.view, timeout=2000)
    qtbot.keyClick(focused(), "l")  # Delight
    assert stored_keys(sqlite_db, window) == ["DEL", "NUR"]


def test_code_key_in_the_event_list_places_a_code(qtbot: QtBot, window: MainWindow, sqlite_db):
    window.player.seek_frame(10)
    qtbot.keyClick(window.video.view, "n")
    window.events.table.setFocus()
    window.player.seek_frame(12)
    qtbot.keyClick(window.events.table, "l")
    assert stored_keys(sqlite_db, window) == ["DEL", "NUR"]


def test_typing_a_note_in_the_event_list_places_no_code(
    qtbot: QtBot, window: MainWindow, sqlite_db
):
    from vfcoach.ui.events.event_model import COL_NOTE

    window.player.seek_frame(10)
    qtbot.keyClick(window.video.view, "n")
    table = window.events.table
    table.setFocus()
    note = table.model().index(0, COL_NOTE)
    table.setCurrentIndex(note)
    table.edit(note)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "lifted him")  # "l" is Delight's key, "i" Taking over's
    assert editor.text() == "lifted him"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.store.annotations()[0].note == "lifted him", timeout=2000)
    assert stored_keys(sqlite_db, window) == ["NUR"]


def test_after_a_message_box_the_video_has_the_keys(qtbot: QtBot, window: MainWindow, sqlite_db):
    from PySide6.QtWidgets import QMessageBox

    window.events.table.setFocus()  # say the coach had clicked in the list before

    def close() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.accept()

    QTimer.singleShot(0, close)
    QMessageBox.information(window, "Saved", "Clip added to the reel.")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.video.view, timeout=2000)
    window.player.seek_frame(15)
    qtbot.keyClick(focused(), "l")
    assert stored_keys(sqlite_db, window) == ["DEL"]
