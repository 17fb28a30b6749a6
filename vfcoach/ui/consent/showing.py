"""Caregiver mode and consent: shown only while the family agrees to caregiver viewing.

*Show to caregiver* asks first (a refusal is written under the export bar, plainly, and
nothing opens); the open showing is then watched and stops the moment the consent goes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId
from vfcoach.coding.reels.model import ReelId
from vfcoach.services.consent_gates import require_showing
from vfcoach.ui.consent.stops import watch_caregiver

if TYPE_CHECKING:
    from vfcoach.ui.consent.watch import ConsentWatch
    from vfcoach.ui.present.caregiver_window import CaregiverWindow
    from vfcoach.ui.reels.export_bar import ExportBar

__all__ = ["showing_allowed", "watch_showing"]


def showing_allowed(bar: ExportBar) -> FamilyId | None:
    """The family of the exported reel if it may be shown to its caregiver; else None, said."""
    if bar.exported_reel is None:
        return None
    try:
        return require_showing(bar.db, ReelId(bar.exported_reel))
    except VfcoachError as refused:
        bar.status.setText(f"Not shown: {refused}")
        return None


def watch_showing(bar: ExportBar, family: FamilyId, window: CaregiverWindow) -> ConsentWatch:
    """Stop the open showing on withdrawal; the coach reads why under the export bar."""
    watch = watch_caregiver(bar.runner, bar.db, family, window)
    watch.stopped.connect(lambda message: bar.status.setText(f"The showing stopped: {message}"))
    return watch
