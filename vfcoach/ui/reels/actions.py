"""The one entry point the main window needs: open the reel editor for a visit.

The editor is not modal: the coach keeps the main window (and the talking points) while the
caregiver watches on a second screen, and a modal editor would block the caregiver window's
buttons too. It is parented to the main window, so Qt keeps it alive between calls; one
editor per main window, replaced when another visit is asked for. Moments added from the
coding screen (`add_moments.ReelMoments.reel_changed`) refresh it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from vfcoach.coding.ids import VisitId
from vfcoach.storage.database import Database
from vfcoach.ui.reels.add_moments import ReelMoments
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.session import CodingSession


def open_reel_editor(
    db: Database, visit_id: VisitId, session: CodingSession, parent: QWidget, runner: TaskRunner
) -> None:
    """Show the visit's reels as the session's acting coder, on the app's runner."""
    actor = session.actor
    for old in parent.findChildren(ReelEditorDialog):
        if old.visit_id == visit_id and old.actor == actor:
            old.show()
            old.raise_()
            old.activateWindow()
            return
        if old.exporting:  # an export in flight is never thrown away
            old.show()
            old.raise_()
            return
        old.hide()
        old.dispose()
        old.setParent(None)  # Python owns it now and frees it (never deleteLater)
    dialog = ReelEditorDialog(db, visit_id, actor, parent, runner, session)
    for moments in parent.findChildren(ReelMoments):  # moments added from the coding screen
        moments.reel_changed.connect(dialog.on_reel_changed)
    dialog.show()
