"""Gives the keyboard back to the video whenever the coding window gets it back.

A coach codes with eyes on the video: after a note (F2), a message, the scheme editor or
*Add to reel* closes, the next key must place a code. Qt hands focus back to whatever had it
before, or to nothing, or (on some window systems) to the first widget in the tab chain, the
event list, where a letter would search rows. So when the window becomes active again the
keeper puts the focus on the video, unless a text field has it: there the coach is typing.
A dialog of this window (a message, *Add to reel*, a question) gives the keys back when it
hides, and the note dialog opened by F2 calls `restore()` itself: a window system may not
report the window becoming active again (offscreen, some tiling managers).
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_TYPING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def is_text_field(widget: QWidget | None) -> bool:
    """True where letters are text, so a code key must not fire (an editable combo too)."""
    if widget is None:
        return False
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, _TYPING)


class FocusKeeper(QObject):
    def __init__(self, window: QWidget, video: QWidget) -> None:
        super().__init__(window)
        self._window, self._video = window, video
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._on_focus_window)
        window.installEventFilter(self)  # sees dialogs made as children of the window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.ChildPolished:
            child = event.child() if isinstance(event, QChildEvent) else None
            if isinstance(child, QDialog):
                child.installEventFilter(self)
        elif kind == QEvent.Type.Hide and isinstance(watched, QDialog):
            QTimer.singleShot(0, self, self.restore)  # after the close; dropped with the window
        return False

    def _on_focus_window(self, focus_window: QWindow | None) -> None:
        if focus_window is not None and focus_window is self._window.windowHandle():
            self.restore(activate=False)  # it is active already: only the focus moves

    def restore(self, activate: bool = True) -> None:
        """Focus on the video unless a text field in this window is being typed in; with
        `activate`, after a dialog the keys' own code opened, the window is raised too."""
        if not self._window.isVisible() or QApplication.activeModalWidget() is not None:
            return  # another dialog is still open (a chain of questions): it keeps the keys
        current = QApplication.focusWidget()
        inside = current is not None and self._window.isAncestorOf(current)
        if inside and is_text_field(current):
            return
        if activate:
            self._window.activateWindow()
        self._video.setFocus(Qt.FocusReason.OtherFocusReason)
