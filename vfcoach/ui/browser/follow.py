"""How the coding window follows the browser: open what is chosen, say what changed, and keep
the open recording's title true after a rename or a move, or close it once it is removed.

Kept out of `main_window.py` so the window stays a short list of wiring.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from vfcoach.services.recordings.organise import locate
from vfcoach.ui.retention.erase_flow import retention  # issue 14 §2
from vfcoach.ui.retention.family_entries import install_family_entries
from vfcoach.ui.session import Mode

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow


def follow_browser(window: MainWindow) -> None:
    panel = window.browser_panel
    panel.open_requested.connect(window.open_recording)
    panel.message.connect(lambda text: window.status.showMessage(text, 8000))
    panel.changed.connect(lambda: after_change(window))
    panel.retention_requested.connect(lambda family, what: retention(window, family, what))
    install_family_entries(window)  # the same for the open recording's family, Family menu


def after_change(window: MainWindow) -> None:
    """The open pass is not reloaded after a rename or move, so its undo history stays; only
    the family code and visit number the title shows are read again. A removed recording
    closes, so no code key can land in it."""
    opened = window.session.opened
    if opened is None or window.session.mode is not Mode.CODING:
        return
    where = locate(window.db, opened.recording.id)
    if where is not None:
        code, number = where
        if (code, number) != (opened.family_code, opened.visit_number):
            window.session.code(replace(opened, family_code=code, visit_number=number))
        return
    window.session.close()
    window.store.load(None, None)
    window.keys.rebuild_codes(None)
    window._resume_coding(None, 0)  # the window's own "nothing open" path
