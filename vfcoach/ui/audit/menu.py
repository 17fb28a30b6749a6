"""The *Audit trail…* menu entry: shown to supervisors (and master coders), who answer for
what happens to families' records; it follows the acting person as the coder box changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from vfcoach.services.access import Actor
from vfcoach.services.audit import may_read_trail
from vfcoach.ui.audit.trail_dialog import AuditTrailDialog

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow


def add_audit_entry(menu: QMenu, window: MainWindow) -> QAction:
    """Add *Audit trail…* to `menu`; the dialog opens window-modal, not blocking."""
    action = menu.addAction("Audit trail…")
    action.setObjectName("audit_trail")

    def follow(actor: Actor) -> None:
        action.setVisible(may_read_trail(actor))

    def open_dialog() -> None:
        dialog = AuditTrailDialog(window.db, window.runner, window)
        dialog.setObjectName("audit_trail_dialog")
        window.audit_trail_dialog = dialog  # type: ignore[attr-defined]  # kept referenced
        dialog.open()

    action.triggered.connect(open_dialog)
    window.session.actor_changed.connect(follow)
    follow(window.session.actor)
    return action
