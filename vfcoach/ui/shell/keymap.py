"""The key map (F1 or ?): every key of the open scheme and every player and window key.

A coach codes with eyes on the video; the key map is what they glance at when a key slips
their mind. Codes are named by their plain label (the code panel's words), the internal key
never (those belong to exports and the scheme editor). The list is read from the scheme of
the pass that is open, so an organisation's own scheme shows its own keys.

The long-form help (*Help → Keyboard and coding help*) is the README's keyboard section,
shipped inside the package as `resources/keyboard_help.md` so it works from an installed
copy, and shown as Markdown.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.scheme import CodeKind, Scheme

HELP_RESOURCE = "keyboard_help.md"

PLAYER_KEYS: tuple[tuple[str, str], ...] = (
    ("Space", "Play / pause (paused, the picture is the exact frame)"),
    ("← / →", "One frame back / on"),
    ("Shift+← / Shift+→", "Five seconds back / on"),
    ("[ / ]", "Slower / faster (0.25× – 2×)"),
    ("Shift+I / Shift+O", "Mark the start / end of a range for a reel"),
)
EDIT_KEYS: tuple[tuple[str, str], ...] = (
    ("1 … 9, 0", "Answer the question shown under the codes (after a code with questions)"),
    ("Enter", "Take the suggested answer, or finish a question with several answers"),
    ("Esc", "Stop asking questions about this code"),
    ("F2", "Note on the selected (or last placed) event"),
    ("Del", "Delete the selected (or last placed) event"),
    ("Alt+← / Alt+→", "Move the selected event one frame back / on"),
    ("Ctrl+Z / Ctrl+Shift+Z", "Undo / redo"),
    ("Ctrl+R", "Add the selected events to a reel"),
    ("Shift+B", "Flag a span showing a bystander who has not consented (kept out of reels)"),
)
WINDOW_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+O", "Add videos"),
    ("Ctrl+F", "Find a family or recording in the list"),
    ("Ctrl+,", "Settings"),
    ("F1 or ?", "This key map"),
)


def help_markdown() -> str:
    """The README's keyboard section as shipped in the package."""
    return resources.files("vfcoach.resources").joinpath(HELP_RESOURCE).read_text("utf-8")


def _row(key: str, does: str) -> list[QStandardItem]:
    items = [QStandardItem(key), QStandardItem(does)]
    for item in items:
        item.setEditable(False)
    return items


def _heading(text: str) -> list[QStandardItem]:
    item = QStandardItem(text)
    font = item.font()
    font.setBold(True)
    item.setFont(font)
    return [item, QStandardItem("")]


def key_map_model(scheme: Scheme | None) -> QStandardItemModel:
    """Rows of (key, what it does): codes first, then player, editing, window keys."""
    model = QStandardItemModel(0, 2)
    model.setHorizontalHeaderLabels(["Key", "Does"])
    if scheme is None:
        model.appendRow(_heading("Codes: open a recording to see its code keys"))
    else:
        model.appendRow(_heading(f"Codes of {scheme.name} (version {scheme.version})"))
        for code in sorted(scheme.codes, key=lambda c: c.shortcut.lower()):
            kind = (
                "press to start, again to end" if code.kind is CodeKind.STATE else "marks a moment"
            )
            label = code.label or code.key
            model.appendRow(_row(code.shortcut.upper(), f"{label} · {kind}"))
    for title, rows in (
        ("Player", PLAYER_KEYS),
        ("Editing", EDIT_KEYS),
        ("Window", WINDOW_KEYS),
    ):
        model.appendRow(_heading(title))
        for key, does in rows:
            model.appendRow(_row(key, does))
    return model


class KeyMapDialog(QDialog):
    """A read-only table of keys; closing it gives the keyboard back to the video."""

    def __init__(self, scheme: Scheme | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Key map")
        self.model = key_map_model(scheme)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # A long line wraps onto a taller row rather than ending in "…".
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for row in range(self.model.rowCount()):
            if not self.model.item(row, 1).text():  # a heading spans the table
                self.table.setSpan(row, 0, 1, 2)
        note = QLabel("Code keys work while the video has the keyboard; F1 or ? shows this list.")
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(680, 640)


class HelpDialog(QDialog):
    """The README's keyboard section, rendered, inside the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard and coding help")
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(True)
        self.view.setMarkdown(help_markdown())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(780, 640)
