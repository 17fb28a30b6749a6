"""The window's frame: a toolbar whose buttons never move, menus for every feature, and
the size, splitters, recording and frame restored at the next start."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtWidgets import QMessageBox, QSplitter, QToolButton
from pytestqt.qtbot import QtBot

from vfcoach.coding.project import Recording
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.shell.window_state import restore_last_recording


def button_geometry(window: MainWindow) -> dict[str, QRect]:
    """Each toolbar action's button, by its fixed label; all must be shown, none in »."""
    bar = window.toolbar
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    assert extension is None or not extension.isVisible(), "buttons went into the » menu"
    out: dict[str, QRect] = {}
    for action in bar.actions():
        if action.isSeparator() or not action.iconText():
            continue
        button = bar.widgetForAction(action)
        assert button is not None and button.isVisible(), action.iconText()
        assert bar.rect().contains(button.geometry()), action.iconText()
        out[action.iconText()] = button.geometry()
    return out


def test_toolbar_buttons_stay_put_after_an_edit_with_a_long_undo_text(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    before = button_geometry(window)
    assert {"Undo", "Redo", "Submit", "Reliability", "Add videos", "Reels"} <= set(before)
    window.player.seek_frame(30)
    view = window.video.view
    for key in ("m", "2", "1", "1", "1", "2"):  # a comment: target, on target, ... components
        qtbot.keyClick(view, key)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    undo = window.toolbar.undo_action
    assert len(undo.text()) > 20 and undo.text().startswith("Undo ")  # the menu says it all
    assert undo.toolTip() == undo.text() and undo.iconText() == "Undo"
    qtbot.wait(10)
    assert button_geometry(window) == before


def test_menus_reach_every_toolbar_feature_and_the_window_keys(window: MainWindow) -> None:
    names = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert names == ["File", "Edit", "View", "Code", "Family", "Reels", "Reliability", "Help"]
    in_menus = {a for m in window.shell.menus.values() for a in m.actions()}
    for action in window.toolbar.actions():
        if action.iconText() and not action.isSeparator():
            assert action in in_menus, action.text()
    shell = window.shell
    keys = {a.text(): [s.toString() for s in a.shortcuts()] for a in in_menus}
    assert keys["Add videos…"] == ["Ctrl+O"]
    assert keys["Find…"] == ["Ctrl+F"]
    assert keys["Settings…"] == ["Ctrl+,"]
    assert keys["Key map"][:2] == ["F1", "?"]
    assert window.toolbar.redo_action.shortcuts()[0].toString() == "Ctrl+Shift+Z"
    assert shell.help in in_menus and shell.quit in in_menus
    plan = next(a for a in window.shell.menus["Reliability"].actions() if "plan" in a.text())
    plan.trigger()
    reliability = window.reliability_window
    assert reliability is not None and reliability.plan_dialog is not None
    assert reliability.plan_dialog.isVisible()
    reliability.close()


def new_window(qtbot: QtBot, db: Database, settings: QSettings) -> MainWindow:
    w = MainWindow(db, "Tester", settings=settings)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def main_splitter(window: MainWindow) -> QSplitter:
    found = window.findChild(QSplitter, "shell:main")
    assert isinstance(found, QSplitter)
    return found


def test_size_splitters_recording_and_frame_come_back_at_the_next_start(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    path = str(tmp_path / "prefs.ini")
    first = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    first.resize(1300, 780)
    qtbot.waitUntil(lambda: first.size() == QSize(1300, 780))
    main_splitter(first).setSizes([260, 600, 440])
    sizes = main_splitter(first).sizes()
    assert first.open_recording(recording.id)
    first.player.seek_frame(37)
    first.close()

    second = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    assert second.size() == QSize(1300, 780)
    assert main_splitter(second).sizes() == sizes
    assert restore_last_recording(second, second.prefs)
    assert second.opened is not None and second.opened.recording.id == recording.id
    assert second.player.frame == 37
    second.close()


def test_a_last_recording_that_is_gone_starts_without_it_and_without_a_dialog(
    qtbot: QtBot,
    sqlite_db: Database,
    recording: Recording,
    cfr_video: Path,
    tmp_path: Path,
    monkeypatch,
) -> None:
    shown: list[str] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *a, **k: shown.append(str(a)))
    other = tmp_path / "other.mp4"
    other.write_bytes(cfr_video.read_bytes())
    moved = ImportRecordingOperation(sqlite_db, other, "F-0002", keep_in_place=True).run()
    path = str(tmp_path / "prefs.ini")

    w = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    assert w.open_recording(moved.id)
    w.close()
    other.unlink()  # the video was moved away since
    w = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    assert not restore_last_recording(w, w.prefs)
    assert w.opened is None
    w.close()

    settings = QSettings(path, QSettings.Format.IniFormat)
    settings.setValue("last/recording", 999_999)  # removed from the database since
    settings.sync()
    w = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    assert not restore_last_recording(w, w.prefs)
    assert w.opened is None and shown == []
    w.close()


def test_the_recording_is_remembered_when_it_opens_so_a_crash_keeps_it(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    path = str(tmp_path / "prefs.ini")
    first = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    assert first.open_recording(recording.id)
    # no close: the process dies here, as under kill -9
    second = new_window(qtbot, sqlite_db, QSettings(path, QSettings.Format.IniFormat))
    assert restore_last_recording(second, second.prefs)
    assert second.opened is not None and second.opened.recording.id == recording.id
    first.player.unload()
    second.close()
