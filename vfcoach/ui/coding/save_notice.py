"""What the coach sees when an edit was not saved, and the undo/redo actions that go with it.

A failed save must be impossible to miss yet must not stop coding: a modal dialog would
take the keyboard away from the video in the middle of a session, so the notice is a bar
above the video that never takes focus. It says what was not saved and why, and stays until
the coach closes it or opens another pass; when a later edit saves again it says so, but
keeps naming the edit that was lost so the coach can make it again.

Undo and redo are plain actions calling `CodingController.undo/redo` rather than the
stack's own actions: those call `QUndoStack.undo()` directly, which moves the stack's index
even when the write failed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QStatusBar,
    QToolButton,
    QWidget,
)

from vfcoach.ui import notice_layout
from vfcoach.ui.coding.coding_controller import CodingController

_FAILED = "QFrame#saveNotice { background: #fde2e1; border: 1px solid #c62828; }"
_RECOVERED = "QFrame#saveNotice { background: #fff4d6; border: 1px solid #b7791f; }"
AGAIN = "  ·  Saving works again; repeat that edit if you still need it."


class SaveNotice(QFrame):
    """A non-modal bar naming the last edit that was not saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveNotice")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Hide this notice")
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        close.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self._label, 1)
        layout.addWidget(close)
        self._failure = ""
        self.hide()

    def text(self) -> str:
        return self._label.text()

    def show_failure(self, text: str) -> None:
        self._failure = text
        self._label.setText(text)
        self.setStyleSheet(_FAILED)
        self.show()

    def show_refusal(self, text: str) -> None:
        """An edit the coding rules refused (two stretches would overlap): nothing changed,
        so it is a note, not an alarm; it goes away with the next edit that saves."""
        if self._failure:
            return  # a lost edit stays named until it is dismissed
        self._label.setText(f"Not coded: {text}")
        self.setStyleSheet(_RECOVERED)
        self.show()

    def saved_again(self) -> None:
        """A later edit was saved: say so, still naming the one that was not."""
        if not self._failure:
            self.hide()  # a refusal note has served its purpose
            return
        if self.isVisible():
            self._label.setText(self._failure + AGAIN)
            self.setStyleSheet(_RECOVERED)

    def dismiss(self) -> None:
        self._failure = ""
        self.hide()

    def follow(self, coding: CodingController, status: QStatusBar) -> None:
        """Show each failure here and in the status bar; note when saving works again."""
        coding.save_failed.connect(lambda text: status.showMessage(text, 20000))
        coding.save_failed.connect(self.show_failure)
        coding.refused.connect(self.show_refusal)
        coding.store.annotations_changed.connect(lambda _change: self.saved_again())
        coding.store.reset.connect(self.dismiss)

    def above(self, widget: QWidget) -> QWidget:
        """`widget` with this notice on top of it, for the window's layout."""
        return notice_layout.above(self, widget)


def undo_actions(parent: QWidget, coding: CodingController) -> tuple[QAction, QAction]:
    """Ctrl+Z and Ctrl+Shift+Z / Ctrl+Y, labelled and enabled from the stack like Qt's own.

    The step's description goes into the menu text and the tooltip only: on the toolbar a
    label that grows with it pushed other buttons into the overflow menu."""
    stack = coding.undo_stack
    undo, redo = QAction("Undo", parent), QAction("Redo", parent)
    undo.setShortcut(QKeySequence("Ctrl+Z"))
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    undo.triggered.connect(coding.undo)
    redo.triggered.connect(coding.redo)
    for action, can, changed, texts, word in (
        (undo, stack.canUndo, stack.canUndoChanged, stack.undoTextChanged, "Undo"),
        (redo, stack.canRedo, stack.canRedoChanged, stack.redoTextChanged, "Redo"),
    ):
        action.setEnabled(can())
        changed.connect(action.setEnabled)
        action.setIconText(word)  # the toolbar button keeps its short label and its place
        action.setToolTip(word)
        texts.connect(lambda t, a=action, w=word: _describe(a, w, t))
    return undo, redo


def _describe(action: QAction, word: str, text: str) -> None:
    """The menu and the tooltip name the step ("Undo Delete 2 events"); the button does not."""
    long = f"{word} {text}" if text else word
    action.setText(long)
    action.setIconText(word)
    action.setToolTip(long)
