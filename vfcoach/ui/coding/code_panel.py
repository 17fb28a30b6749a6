"""Shows the scheme grouped by category with each code's key, which states are open, and
the modifier question being asked. It displays; the controller decides."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from vfcoach.coding.scheme import CodeKind, Scheme


def _plain(text: str = "") -> QLabel:
    """Scheme names, labels and questions are shown as typed, never read as markup."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class CodePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._title = _plain("Codes")
        bold = self._title.font()
        bold.setBold(True)
        self._title.setFont(bold)
        self._layout.addWidget(self._title)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        self._layout.addWidget(self._grid_host)
        self.prompt = _plain()
        self.prompt.setWordWrap(True)
        self.prompt.setObjectName("modifierPrompt")
        self.prompt.setStyleSheet(
            "#modifierPrompt { background: #fff6d5; border: 1px solid #e6d28a;"
            " border-radius: 4px; padding: 4px; }"
        )
        self.prompt.hide()
        self._layout.addWidget(self.prompt)
        self._hint = QLabel(
            "<small>⇥ start/stop code · Space play/pause · ←/→ frame · Shift+←/→ 5 s · [ ] speed · "
            "F2 note · Del delete · Ctrl+Z undo</small>"
        )
        self._hint.setWordWrap(True)
        self._hint.setStyleSheet("color: #666;")
        self._layout.addWidget(self._hint)
        self._state_labels: dict[str, QLabel] = {}
        self._name_labels: dict[str, QLabel] = {}

    def set_scheme(self, scheme: Scheme | None) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._state_labels = {}
        self._name_labels = {}
        if scheme is None:
            self._title.setText("Codes")
            return
        self._title.setText(f"Codes · {scheme.name} v{scheme.version}")
        row = 0
        for category, codes in scheme.categories():
            head = _plain(category)
            head.setStyleSheet("color:#555;")
            self._grid.addWidget(head, row, 0, 1, 6)
            row += 1
            for i, code in enumerate(codes):
                col = 3 * (i % 2)  # two codes a row: the whole scheme stays in view
                key = _plain(code.shortcut.upper())
                key.setAlignment(Qt.AlignmentFlag.AlignCenter)
                key.setFixedWidth(22)
                key.setStyleSheet(
                    f"background:{code.colour}; color:white; border-radius:3px; padding:1px;"
                    " font-weight:bold;"
                )
                kind = " ⇥" if code.kind is CodeKind.STATE else ""
                name = _plain(f"{code.label}{kind}")
                name.setToolTip(
                    f"{code.definition}\n(start/stop: press once to start, again to end)"
                    if code.kind is CodeKind.STATE
                    else code.definition
                )
                state = QLabel("")
                state.setStyleSheet("color:#c0392b;")
                state.setToolTip("Running: press its key again to end it")
                self._state_labels[code.key] = state
                self._name_labels[code.key] = name
                self._grid.addWidget(key, row, col)
                self._grid.addWidget(name, row, col + 1)
                self._grid.addWidget(state, row, col + 2)
                row += i % 2
            row += len(codes) % 2

    def set_open_states(self, keys: set[str]) -> None:
        """A running stretch: a red dot beside its code and its name in bold (a dot alone,
        so the right-hand column never pushes it out of the panel)."""
        for key, label in self._state_labels.items():
            running = key in keys
            label.setText("●" if running else "")
            name = self._name_labels.get(key)
            if name is not None:
                font = name.font()
                font.setBold(running)
                name.setFont(font)

    def show_prompt(self, text: str) -> None:
        self.prompt.setText(text)
        self.prompt.setVisible(bool(text))
