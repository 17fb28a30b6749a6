"""A save dialog's answer, judged by the same policy as `--out` (`vfcoach.output`).

The dialog itself never confirms an overwrite (`DontConfirmOverwrite`): the policy decides,
so a recording's video, the database or the data folder is refused with its reason whatever
the person clicks, and only an ordinary existing file leads to the question "Replace it?".
`confirm` is a plain callable so tests answer it without a modal loop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from vfcoach.coding.errors import VfcoachError
from vfcoach.output import CheckedTarget, OutputExists

Confirm = Callable[[Path], bool]
Check = Callable[[bool], CheckedTarget]  # replace? -> the judged target, or raises


def ask_replace(parent: QWidget | None, path: Path) -> bool:
    """The question a person answers before an existing file of theirs is replaced."""
    answer = QMessageBox.question(
        parent,
        "Replace the file?",
        f"{path.name} already exists in {path.parent}.\nReplace it with the new file?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def judged(check: Check, confirm: Confirm, refuse: Callable[[str], None]) -> CheckedTarget | None:
    """The target to write, after asking about an existing file; None when it is not written
    (refused: `refuse` gets the one-line reason; or the person kept their file)."""
    try:
        return check(False)
    except OutputExists as exists:
        if not confirm(exists.path):
            return None
        try:
            return check(True)
        except (VfcoachError, OSError) as exc:
            refuse(str(exc))
    except (VfcoachError, OSError) as exc:  # refused, or the database or disk said no
        refuse(str(exc))
    return None
