"""The consent panel's ways in, and the watch on the open recording (issue 14 §1).

Family > Consent… (the family of the open recording, or the first) and the browser's
right-click *Consent…* on a family open the panel; whatever recording is open is watched,
so a withdrawal made in the panel, the console or on another computer closes it at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from vfcoach.coding.ids import RecordingId
from vfcoach.ui.consent.panel import ConsentPanel
from vfcoach.ui.consent.stops import watch_recording
from vfcoach.ui.consent.watch import ConsentWatch

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow


def family_menu(window: MainWindow) -> QMenu:
    """The Family menu, made before Reels if no other part made it yet."""
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "Family":
            return menu
    menu = QMenu("F&amily", window)
    before = next((a for a in bar.actions() if a.text().replace("&", "") == "Reels"), None)
    if before is None:
        bar.addMenu(menu)
    else:
        bar.insertMenu(before, menu)
    return menu


class ConsentHooks(QObject):
    """Owns the panel (one at a time) and the watch on the open recording."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.panel: ConsentPanel | None = None
        self.watch: ConsentWatch | None = None
        self._watched: RecordingId | None = None
        self.action = family_menu(window).addAction("Consent…")
        self.action.setStatusTip("What the family agreed to, use by use; record or withdraw")
        self.action.triggered.connect(lambda: self.open_panel(None))
        window.browser_panel.consent_requested.connect(self.open_panel)
        window.session.changed.connect(self._rewatch)

    def open_panel(self, family_code: str | None) -> ConsentPanel:
        if family_code is None and self.window.session.opened is not None:
            family_code = self.window.session.opened.family_code
        if self.panel is not None:
            self.panel.close()
        w = self.window
        self.panel = ConsentPanel(w.db, lambda: w.session.actor, w.runner, family_code, w)
        self.panel.changed.connect(lambda _code: w.refresh_browser())
        self.panel.show()
        return self.panel

    def _rewatch(self) -> None:
        opened = self.window.session.opened
        wanted = None if opened is None else opened.recording.id
        if wanted == self._watched:
            return
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        self._watched = wanted
        if wanted is not None:
            self.watch = watch_recording(self.window, wanted, self.window.session.actor)


def install_consent(window: MainWindow) -> ConsentHooks:
    return ConsentHooks(window)
