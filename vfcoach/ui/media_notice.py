"""The bar above the video that refuses a recording whose file is gone or no longer the same.

A file replaced by another one with the same name would put every code on the wrong frame,
so the coding screen does not show it; a missing file cannot be shown either. Both are fixed
the same way, by pointing the recording at its original file again, so the bar names the
recording, says what is wrong, and carries the *Find moved recording…* button itself. It is a
bar, not a dialog, because the recording's codes stay listed and usable below it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from vfcoach.ui import notice_layout
from vfcoach.video.errors import MediaError, MediaMissing
from vfcoach.video.source import FIND_MOVED, MediaChanged, MediaSource

NO_VIDEO = "The video cannot be shown; its codes are still listed."
_STYLE = "QFrame#mediaNotice { background: #fff4d6; border: 1px solid #b7791f; }"


class MediaNotice(QFrame):
    """A non-modal refusal with a *Find moved recording…* button (`find_requested`)."""

    find_requested = Signal()

    def __init__(
        self, find_moved: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mediaNotice")
        self.setStyleSheet(_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.find_button = QPushButton(f"{FIND_MOVED}…")
        self.find_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.find_button.clicked.connect(self.find_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.find_button)
        if find_moved is not None:
            self.find_requested.connect(find_moved)
        self.hide()

    def admits(self, media: MediaSource) -> bool:
        """Whether `media` may be shown: False, with the refusal on show, if the file is gone or
        is not the one that was added. A damaged file is admitted: the player says why."""
        try:
            media.verify()
        except (MediaChanged, MediaMissing) as exc:  # relinking fixes both
            self.refuse(str(exc))
            return False
        except MediaError:
            pass
        self.dismiss()
        return True

    def text(self) -> str:
        return self.label.text()

    def refuse(self, message: str) -> None:
        self.label.setText(f"This video is not shown: {message}")
        self.find_button.show()
        self.show()

    def searching(self, message: str) -> None:
        """Say that the video is being looked for (no button: the search is under way)."""
        self.label.setText(message)
        self.find_button.hide()
        self.show()

    def dismiss(self) -> None:
        self.label.setText("")
        self.find_button.show()
        self.hide()

    def above(self, widget: QWidget) -> QWidget:
        """`widget` with this notice on top of it, for the window's layout."""
        return notice_layout.above(self, widget)
