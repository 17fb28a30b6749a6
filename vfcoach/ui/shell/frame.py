"""Puts the frame around the coding screen: menus, window actions, their dialogs, the layout.

`install_shell` is the main window's one call into this package. Every dialog opened from
here is window-modal but not blocking (`open`, not `exec`), and gives the keyboard back to
the video when it closes, so the next code key lands where the coach is looking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QMenu, QSplitter

from vfcoach.ui.shell.keymap import HelpDialog, KeyMapDialog
from vfcoach.ui.shell.menus import ShellActions, build_menus
from vfcoach.ui.shell.settings_dialog import SettingsDialog
from vfcoach.ui.shell.window_state import remember_recording, restore_layout

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow


class Shell(ShellActions):
    """The window-level actions plus the dialogs they open."""

    def __init__(self, window: MainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self.window, self.prefs = window, settings
        self.dialog: QDialog | None = None  # the one open frame dialog, kept referenced
        self.menus: dict[str, QMenu] = {}
        self.key_map_requested.connect(self.show_key_map)
        self.help_requested.connect(self.show_help)
        self.settings_requested.connect(self.show_settings)
        self.add_videos_requested.connect(window.add_videos.open_add_videos)
        self.find_requested.connect(window.browser_panel.focus_search)

    def _open(self, dialog: QDialog) -> QDialog:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self.window.video.view.setFocus())
        dialog.open()
        return dialog

    def show_key_map(self) -> QDialog:
        return self._open(KeyMapDialog(self.window.store.scheme, self.window))

    def show_help(self) -> QDialog:
        return self._open(HelpDialog(self.window))

    def show_settings(self) -> SettingsDialog:
        w = self.window
        dialog = SettingsDialog(w.db, w.runner, w.session, w)
        dialog.accepted.connect(w.reopen)  # thresholds shown in the tallies may have changed
        self._open(dialog)
        return dialog


def install_shell(window: MainWindow, settings: QSettings) -> Shell:
    """Menus and window actions; then the size and splitters the window had last time."""
    shell = Shell(window, settings)
    main = window.centralWidget()
    if isinstance(main, QSplitter):  # named, so their widths are remembered
        main.setObjectName("shell:main")
        middle = main.widget(1)
        centre = middle.findChild(QSplitter) if middle is not None else None
        if centre is not None:
            centre.setObjectName("shell:centre")
    toolbar = window.toolbar
    toolbar.insertAction(toolbar.undo_action, shell.add_videos)
    toolbar.insertSeparator(toolbar.undo_action)
    shell.menus = build_menus(window, shell)
    restore_layout(window, settings)
    window.session.changed.connect(lambda: remember_recording(window, settings))
    return shell
