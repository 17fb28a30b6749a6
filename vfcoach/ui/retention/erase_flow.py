"""Erase a family, or change its legal hold, from the browser's right-click menu.

Erasing: ask, close what shows the family, run, report.

The erase runs on the runner's serial lane (it writes) with a progress dialog. The recording
on screen is closed first if it is the family's, so no code key can land in it and the player
lets go of its video. At start, `finish_interrupted` completes an erase a crash left pending
before the window opens any family.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.project import Family
from vfcoach.services.retention.erase import (
    EraseFamilyOperation,
    EraseResult,
    plan_erase,
    resume_pending,
)
from vfcoach.services.retention.rules import hold_of, place_hold, release_hold
from vfcoach.storage.database import Database
from vfcoach.ui.retention.erase_dialog import EraseFamilyDialog
from vfcoach.ui.retention.hold_dialog import HoldDialog
from vfcoach.ui.retention.retention_dialog import RetentionDialog
from vfcoach.ui.runner import Lane

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def result_text(result: EraseResult) -> str:
    text = f"Family {result.family_code} was erased ({result.files_deleted} file(s) deleted)."
    if result.outside:
        text += (
            "\n\nThese files are outside vfcoach's data folder and were left as they are. "
            "Delete them yourself if they must go:\n" + "\n".join(result.outside_lines())
        )
    return text


def erase_family(
    window: MainWindow, family: Family, dialog: EraseFamilyDialog | None = None
) -> None:
    """Ask (the dialog may be given, already answered, by a test), then erase on the runner."""
    try:
        plan = plan_erase(window.db, family.code)
    except VfcoachError as exc:
        QMessageBox.warning(window, "Cannot erase family", str(exc))
        return
    dialog = dialog or EraseFamilyDialog(plan, window)
    if dialog.result() != EraseFamilyDialog.DialogCode.Accepted and not dialog.exec():
        return
    opened = window.session.opened
    if opened is not None and opened.family_code == plan.family_code:
        window.session.close()
        window.store.load(None, None)
        window.keys.rebuild_codes(None)
        window._resume_coding(None, 0)  # the window's own "nothing open" path
    op = EraseFamilyOperation(window.db, plan.family_code, dialog.reason.text(), window.actor)

    def done(result: EraseResult) -> None:
        window.refresh_browser()
        QMessageBox.information(window, "Family erased", result_text(result))

    def failed(message: str) -> None:
        window.refresh_browser()
        QMessageBox.warning(window, "Family not erased", message)

    window.runner.start(
        op.run, title=f"Erasing family {plan.family_code}…", on_done=done, on_error=failed,
        parent_widget=window, lane=Lane.SERIAL,
    )  # fmt: skip


def legal_hold(window: MainWindow, family: Family, dialog: HoldDialog | None = None) -> None:
    """*Legal hold…*: show the hold in place (release it) or place one with a reason."""
    try:
        current = hold_of(window.db, family.code)
    except VfcoachError as exc:
        QMessageBox.warning(window, "Legal hold", str(exc))
        return
    dialog = dialog or HoldDialog(family.code, current, window)
    if not dialog.choice and not dialog.exec():
        return
    try:
        if dialog.choice == "place":
            place_hold(window.db, family.code, dialog.reason.text(), window.actor)
            said = f"Family {family.code} is on legal hold: it cannot be erased."
        else:
            release_hold(window.db, family.code, window.actor)
            said = f"Family {family.code}: legal hold released."
    except VfcoachError as exc:
        QMessageBox.warning(window, "Legal hold not changed", str(exc))
        return
    window.status.showMessage(said, 8000)


def finish_interrupted(db: Database) -> list[EraseResult]:
    """Run at start, before the window opens: finish erases a crash left pending."""
    try:
        finished = resume_pending(db)
    except VfcoachError as exc:
        log.warning("an interrupted erase could not be finished yet: %s", exc)
        return []
    for result in finished:
        log.info("finished erasing family %s (interrupted earlier)", result.family_code)
    return finished


def tell_finished(window: MainWindow, finished: list[EraseResult]) -> None:
    if finished:
        codes = ", ".join(r.family_code for r in finished)
        window.status.showMessage(f"Finished erasing family {codes} (interrupted earlier).", 15000)


def retention(window: MainWindow, family: Family, what: str) -> None:
    """The browser's request: "erase" or "hold" (one signal for both entries)."""
    (erase_family if what == "erase" else legal_hold)(window, family)


def open_retention(window: MainWindow) -> RetentionDialog:
    """*File → Retention…*: the rules per programme and what they would erase."""
    dialog = RetentionDialog(window.db, window.actor, window)
    dialog.open()
    return dialog
