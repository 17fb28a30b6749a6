"""The menu bar: every feature of the window reachable by mouse and keyboard.

Coaches are not programmers, so each thing the toolbar or a bare key can do also has a menu
entry with its key shown beside it. The toolbar's actions are reused (one QAction per
feature, so a menu entry and its button are enabled and named together). Keys that already
belong to a `QShortcut` of the coding screen (Space, F2, Del...) are shown after a tab in the
entry's text instead of being bound twice, which Qt would treat as ambiguous and ignore.

Two entries belong to parts built elsewhere: *Add videos…* and *Find* only emit
`add_videos_requested` and `find_requested`; the window connects them to the add-videos
dialog and the browser's search box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QStyle

from vfcoach.ui.audit.menu import add_audit_entry
from vfcoach.ui.player.range_marks import MARK_IN_KEY, MARK_OUT_KEY
from vfcoach.ui.retention.erase_flow import open_retention  # issue 14 §2
from vfcoach.ui.shell.icons import standard

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

ADD_VIDEOS_KEY = "Ctrl+O"
FIND_KEY = "Ctrl+F"
SETTINGS_KEY = "Ctrl+,"
KEY_MAP_KEYS = ("F1", "?", "Shift+?")  # "?" is typed with Shift on most keyboards


class ShellActions(QObject):
    """The window-level actions the menus add to the toolbar's, and their signals."""

    add_videos_requested = Signal()
    find_requested = Signal()
    settings_requested = Signal()
    key_map_requested = Signal()
    help_requested = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.add_videos = self._make("Add videos…", self.add_videos_requested, ADD_VIDEOS_KEY)
        self.add_videos.setIcon(standard(window, QStyle.StandardPixmap.SP_DialogOpenButton))
        self.add_videos.setIconText("Add videos")
        self.find = self._make("Find…", self.find_requested, FIND_KEY)
        self.settings = self._make("Settings…", self.settings_requested, SETTINGS_KEY)
        self.settings.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.key_map = self._make("Key map", self.key_map_requested, *KEY_MAP_KEYS)
        self.help = self._make("Keyboard and coding help", self.help_requested)
        self.quit = self._make("Quit", None, "Ctrl+Q")
        self.quit.triggered.connect(window.close)

    def _make(self, text: str, signal: SignalInstance | None, *keys: str) -> QAction:
        action = QAction(text, self._window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self._window.addAction(action)  # the key works with the menu closed, too
        if signal is not None:
            action.triggered.connect(signal.emit)
        return action


def _shown_key(menu: QMenu, text: str, key: str, slot: Callable[[], object]) -> QAction:
    """An entry for a key a `QShortcut` owns: the key is shown, not bound a second time."""
    action = menu.addAction(f"{text}\t{key}")
    action.triggered.connect(slot)
    return action


def build_menus(window: MainWindow, shell: ShellActions) -> dict[str, QMenu]:
    """File, Edit, View, Code, Reels, Reliability and Help, in the window's menu bar."""
    tb, keys, player = window.toolbar, window.keys, window.player
    menus = _menus_in_order(window)

    m = menus["File"]
    m.addAction(shell.add_videos)
    m.addAction(tb.relink_action)
    m.addSeparator()
    m.addAction(shell.settings)
    m.addAction("Retention…").triggered.connect(lambda: open_retention(window))  # issue 14 §2
    m.addSeparator()
    m.addAction(shell.quit)

    m = menus["Edit"]
    m.addAction(tb.undo_action)
    m.addAction(tb.redo_action)
    m.addSeparator()
    _shown_key(m, "Note on the selected event…", "F2", keys.edit_note)
    _shown_key(m, "Delete the selected event", "Del", keys.delete_current)
    _shown_key(m, "Move the selected event one frame back", "Alt+Left", lambda: keys.nudge(-1))
    _shown_key(m, "Move the selected event one frame on", "Alt+Right", lambda: keys.nudge(1))
    m.addSeparator()
    m.addAction(shell.find)

    m = menus["View"]
    for index, name in enumerate(("Show the event list", "Show the tallies")):
        action = m.addAction(name)
        action.triggered.connect(lambda _c=False, i=index: window.tabs.setCurrentIndex(i))
    m.addSeparator()
    _shown_key(m, "Play / pause", "Space", player.toggle)
    _shown_key(m, "One frame back", "Left", lambda: player.step(-1))
    _shown_key(m, "One frame on", "Right", lambda: player.step(1))
    _shown_key(m, "Five seconds back", "Shift+Left", lambda: player.jump_ms(-5000))
    _shown_key(m, "Five seconds on", "Shift+Right", lambda: player.jump_ms(5000))
    _shown_key(m, "Slower", "[", player.slower)
    _shown_key(m, "Faster", "]", player.faster)
    m.addSeparator()
    full = m.addAction("Full screen")
    full.setCheckable(True)
    full.setShortcut(QKeySequence(QKeySequence.StandardKey.FullScreen))
    full.toggled.connect(lambda on: window.showFullScreen() if on else window.showNormal())

    m = menus["Code"]
    if m.actions():  # *Start coding this recording*, put there by the coding screen
        m.addSeparator()
    m.addAction(tb.submit_action)
    m.addSeparator()
    m.addAction(tb.scheme_action)
    m.addAction(tb.draw_clips_action)
    m.addAction(tb.thresholds_action)

    m = menus["Reels"]
    m.addAction(tb.reels_action)
    m.addAction(tb.moments.add_events_action)
    marks = tb.moments.marks
    _shown_key(m, "Mark the start of a range", MARK_IN_KEY, marks.mark_in)
    _shown_key(m, "Mark the end of a range", MARK_OUT_KEY, marks.mark_out)
    m.addAction("Clear the range marks").triggered.connect(marks.clear)
    m.addAction(tb.moments.add_range_action)
    m.addSeparator()
    caregiver = m.addAction("Show a reel to the caregiver…")
    caregiver.triggered.connect(lambda: _caregiver(window))

    m = menus["Reliability"]
    m.addAction(tb.reliability_action)
    plan = m.addAction("Double coding plan…")
    plan.triggered.connect(lambda: window.open_reliability_window().open_plan())
    m.addSeparator()
    add_audit_entry(m, window)  # issue 14 §4: supervisors read and check the audit trail

    m = menus["Help"]
    m.addAction(shell.key_map)
    m.addAction(shell.help)
    m.addSeparator()
    about = m.addAction("About vfcoach")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: QMessageBox.about(window, "About vfcoach", ABOUT))
    return menus


def _menus_in_order(window: MainWindow) -> dict[str, QMenu]:
    """The seven menus in their usual order. A part built before the shell (the coding
    screen's Code entry) may have made its menu already; it keeps it, in its place."""
    bar = window.menuBar()
    made: dict[str, QMenu] = {}
    for action in bar.actions():
        own = action.menu()
        if isinstance(own, QMenu):
            made.setdefault(action.text().replace("&", ""), own)
        bar.removeAction(action)
    menus: dict[str, QMenu] = {}
    for name in _NAMES:
        menu = made.pop(name, None) or QMenu(f"&{name}", window)
        bar.addAction(menu.menuAction())
        menus[name] = menu
    for menu in made.values():  # one the shell does not know: after the others
        bar.addAction(menu.menuAction())
    return menus


def _caregiver(window: MainWindow) -> None:
    """Caregiver mode starts from a reel that has been exported: open the reels and say so."""
    window.toolbar.open_reels()
    if window.session.opened is not None:
        window.status.showMessage(
            "Choose a caregiver reel, export it, then press Show to caregiver", 8000
        )


_NAMES = ("File", "Edit", "View", "Code", "Reels", "Reliability", "Help")
ABOUT = (
    "vfcoach: frame-exact coding, tallies, highlight reels and reliability for "
    "video-feedback coaching.\n\nThe built-in schemes use neutral descriptions written for "
    "vfcoach; they are not the official ABC or VIPP-SD coding systems."
)
