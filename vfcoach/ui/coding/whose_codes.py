"""The line above the event list that says whose codes are on screen, and *Start coding*.

Opening a recording no longer makes the person its coder, so the screen must say what it
shows: "Your codes", "Ana's codes, read only", or that nobody's codes are shown yet, with
a big *Start coding this recording* button until the person has started. It follows the
`CodingSession` (`changed`, `actor_changed`) and never reaches into the window; the button
and the Code-menu action both emit through the `QAction` the window gives it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.ui.session import CodingSession, Mode

START_CODING = "Start coding this recording"
START_KEY = "Ctrl+Return"


def not_started_note(key: str = START_KEY) -> str:
    """What a code key pressed before starting says in the status line."""
    return (
        f"Not placed: you have not started coding this recording. Press "
        f"'{START_CODING}' ({key.replace('Return', 'Enter')}) first."
    )


def whose(session: CodingSession) -> tuple[str, str]:
    """The headline and the line under it, as plain text."""
    opened, me = session.opened, session.coder_name
    if session.mode is Mode.COMPARING and session.compared is not None:
        c = session.compared
        return f"{c.coder_a}'s and {c.coder_b}'s codes, read only", "Comparing two coders."
    if session.mode is not Mode.CODING or opened is None:
        return "Nothing open", "Choose a recording in the list on the left."
    hidden = " Other coders' codes stay hidden (blind double coding)." if opened.blind else ""
    if opened.mine:
        assert opened.coding_pass is not None
        if not opened.coding_pass.editable:
            return "Your codes", f"Submitted: they can no longer be changed.{hidden}"
        return "Your codes", f"Coding as {me}; every code is saved at once.{hidden}"
    start = (
        f"You ({me}) have not started coding this recording; your own codes begin with "
        "the button below (or Ctrl+Enter)."
    )
    if opened.shown_pass is not None:
        return f"{opened.shown_coder}'s codes, read only", f"{start}{hidden}"
    if opened.blind:
        return "No codes shown", f"{start}{hidden}"
    return "No codes yet", (
        f"Nobody has coded this recording yet. Your codes ({me}) begin with the button "
        "below (or Ctrl+Enter)."
    )


class WhoseCodes(QFrame):
    """Headline, explanation, and the start button while the person has not started; with
    several other coders to look at, a chooser of whose codes to show (`show_requested`)."""

    show_requested = Signal(str)  # a coder's name

    def __init__(self, session: CodingSession, start: QAction, parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = QLabel()
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.headline.setFont(font)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        self.start_button = QToolButton()
        self.start_button.setDefaultAction(start)
        self.start_button.setMinimumHeight(44)
        self.start_button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.start_button.setStyleSheet(
            "QToolButton { font-weight: bold; padding: 6px 14px; color: white;"
            " background: #2f6fb3; border-radius: 4px; }"
            " QToolButton:hover { background: #255a93; }"
        )
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.chooser = QComboBox()
        self.chooser.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the video
        self.chooser.activated.connect(lambda i: self.show_requested.emit(self.chooser.itemData(i)))
        self.chooser_row = QWidget()
        row = QHBoxLayout(self.chooser_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Show the codes of"))
        row.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.headline)
        layout.addWidget(self.detail)
        layout.addWidget(self.chooser_row)
        layout.addWidget(self.start_button)
        session.changed.connect(self.refresh)
        session.actor_changed.connect(lambda _a: self.refresh())
        self.refresh()

    @property
    def text(self) -> str:
        return self.headline.text()

    def refresh(self) -> None:
        head, detail = whose(self._session)
        self.headline.setText(head)
        self.detail.setText(detail)
        opened = self._session.opened
        waiting = self._session.mode is Mode.CODING and opened is not None and not opened.mine
        others = opened.others if waiting and opened is not None else ()
        self.chooser.clear()
        for name in others:
            self.chooser.addItem(f"{name} (read only)", name)
        if opened is not None and opened.shown_coder in others:
            self.chooser.setCurrentIndex(others.index(opened.shown_coder))
        self.chooser_row.setVisible(len(others) > 1)
        self.start_button.setVisible(waiting)
        self.start_button.defaultAction().setEnabled(waiting)
        mine = opened is not None and opened.mine and self._session.mode is Mode.CODING
        shows_other = waiting and opened is not None and opened.shown_pass is not None
        tint = "#e7f3ea" if mine else "#fdf1d8" if shows_other else ""
        self.setStyleSheet(f"WhoseCodes {{ background: {tint}; }}" if tint else "")


def code_menu(window: QMainWindow) -> QMenu:
    """The window's Code menu, made if no other part made it first."""
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "") == "Code":
            return menu
    return window.menuBar().addMenu("&Code")


def install_start_action(window: QMainWindow, slot: Callable[[], object]) -> QAction:
    """*Start coding this recording* in the Code menu, on Ctrl+Enter, and on the button."""
    action = QAction(START_CODING, window)
    action.setShortcuts([QKeySequence(START_KEY), QKeySequence("Ctrl+Enter")])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setToolTip(f"{START_CODING}: your own codes begin here (Ctrl+Enter)")
    action.triggered.connect(slot)
    code_menu(window).addAction(action)
    window.addAction(action)
    return action
