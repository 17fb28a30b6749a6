"""*Family → Legal hold…* and *Family → Erase family…*: the same dialogs as the browser's
right-click, for the family of the recording that is open.

A coach looks for what concerns a family in the Family menu; the right-click on the family in
the list stays the way to reach a family that is not open.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.project import Family
from vfcoach.services.consent import family_by_code
from vfcoach.ui.consent.install import family_menu
from vfcoach.ui.retention.erase_flow import retention

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

NOTHING_OPEN = (
    "Open a recording of the family first, or right-click the family in the list on the left"
)


def install_family_entries(window: MainWindow) -> None:
    menu = family_menu(window)
    menu.addSeparator()
    hold = menu.addAction("Legal hold…")
    hold.setStatusTip("Place or release a legal hold on the open recording's family")
    hold.triggered.connect(lambda: _for_open_family(window, "hold"))
    erase = menu.addAction("Erase family…")
    erase.setStatusTip("Erase the open recording's family: its videos, codes and files")
    erase.triggered.connect(lambda: _for_open_family(window, "erase"))


def open_family(window: MainWindow) -> Family | None:
    """The family of the open recording, or None (said in the status bar)."""
    opened = window.session.opened
    if opened is None:
        window.status.showMessage(NOTHING_OPEN, 8000)
        return None
    try:
        with window.db.uow() as uow:
            return family_by_code(uow, opened.family_code)
    except VfcoachError as exc:
        window.status.showMessage(str(exc), 8000)
        return None


def _for_open_family(window: MainWindow, what: str) -> None:
    family = open_family(window)
    if family is not None:
        retention(window, family, what)
