"""F1 / ? shows every key of the open scheme and the player; Help shows the README's keys."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.shell.keymap import HELP_RESOURCE, KeyMapDialog, help_markdown

REPO = Path(__file__).resolve().parents[2]


def open_key_map(
    qtbot: QtBot, window: MainWindow, key: Qt.Key, mod=Qt.KeyboardModifier.NoModifier
) -> KeyMapDialog:
    qtbot.keyClick(window.video.view, key, mod)
    dialog = window.shell.dialog
    assert isinstance(dialog, KeyMapDialog)
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog: KeyMapDialog) -> list[tuple[str, str]]:
    m = dialog.model
    return [(m.item(r, 0).text(), m.item(r, 1).text()) for r in range(m.rowCount())]


def test_f1_lists_every_code_key_with_its_plain_label_and_every_player_key(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = open_key_map(qtbot, window, Qt.Key.Key_F1)
    shown = dict(rows(dialog))
    scheme = window.store.scheme
    assert scheme is not None
    for code in scheme.codes:
        assert shown[code.shortcut.upper()].startswith(code.label), code.key
    assert not any(code.key in text.split() for code in scheme.codes for text in shown.values()
                   if code.key != code.label)  # fmt: skip
    for key in ("Space", "← / →", "Shift+← / Shift+→", "[ / ]", "F2", "Del", "Ctrl+O", "Ctrl+,"):
        assert key in shown, key
    dialog.grab().save("/tmp/h-shell-keymap.png")
    dialog.reject()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.video.view)


def test_question_mark_opens_it_too(qtbot: QtBot, window: MainWindow) -> None:
    for mod in (Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.NoModifier):
        open_key_map(qtbot, window, Qt.Key.Key_Question, mod).reject()


def test_help_shows_the_readme_keyboard_section_from_the_package(window: MainWindow) -> None:
    dialog = window.shell.show_help()
    text = dialog.view.toPlainText()  # type: ignore[attr-defined]
    assert "Coding from the keyboard" in text and "play / pause" in text
    assert "|" not in text  # rendered as a table, not shown as Markdown source
    dialog.reject()


def readme_sections(*titles: str) -> str:
    text = (REPO / "README.md").read_text("utf-8")
    out = []
    for title in titles:
        start = text.index(f"## {title}")
        out.append(text[start : text.index("\n## ", start) + 1])
    return "".join(out)


def test_the_shipped_help_is_the_readme_section_and_is_packaged() -> None:
    expected = readme_sections("Coding from the keyboard", "Menus, key map, settings")
    assert help_markdown() == expected, (
        "README changed: run python scripts/sync_keyboard_help.py (" + HELP_RESOURCE + ")"
    )
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["vfcoach"]
    assert any(fnmatch.fnmatch(f"resources/{HELP_RESOURCE}", g) for g in globs)


def test_every_line_of_the_key_map_is_read_whole(qtbot: QtBot) -> None:
    """No text is cut off with "…": a long line wraps onto a taller row instead."""
    from PySide6.QtCore import QRect

    from vfcoach.coding.scheme_json import builtin_scheme

    dialog = KeyMapDialog(builtin_scheme("abc-style"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table, fm = dialog.table, dialog.table.fontMetrics()
    for row in range(dialog.model.rowCount()):
        text = dialog.model.item(row, 1).text()
        width = table.columnWidth(1) - 8  # the cell's margins
        needed = fm.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, text)
        assert needed.height() <= table.rowHeight(row), text
