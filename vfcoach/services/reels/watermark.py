"""The watermark an export of one stored reel gets (domain.md §7 rule 8), for the window and CLI.

Reads the reel's audience and its family's code, and applies `watermark_for`: a caregiver
copy is marked with the family code and today's date, a coach-view or training reel with the
name of who will watch it. A clean caregiver copy only where the caregiver-viewing consent
in force records that a clean take-home copy was agreed (`agreed_extras`).
"""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.pseudonym import export_file_name
from vfcoach.coding.reels import ReelId
from vfcoach.coding.reels.model import Audience
from vfcoach.coding.reels.watermark import Watermark, watermark_for
from vfcoach.services.consent_gates import agreed_extras
from vfcoach.storage.database import Database


def reel_audience_and_family(db: Database, reel_id: ReelId) -> tuple[Audience, str]:
    """The reel's audience and its family's code (what the export bar shows before export)."""
    with db.uow() as uow:
        reel = uow.reels.get(reel_id)
        return reel.audience, uow.families.get(reel.family_id).code


def reel_watermark(
    db: Database,
    reel_id: ReelId,
    viewer: str | None,
    clean_take_home_agreed: bool | None = None,
    today: dt.date | None = None,
    training: bool = False,
) -> Watermark | None:
    """The mark for exporting `reel_id` today, or None for an agreed clean take-home copy.

    `viewer`: who will watch a coach-view or training reel (`ViewerNameNeeded` if blank).
    `training`: shown to other staff whatever the reel's audience, so marked with the viewer
    and never a clean copy.
    """
    audience, family_code = reel_audience_and_family(db, reel_id)
    if clean_take_home_agreed is None:  # what the family's consent says
        clean_take_home_agreed = clean_copy_agreed(db, reel_id)
    if training:
        audience, clean_take_home_agreed = Audience.COACH, False
    day = today or dt.date.today()
    return watermark_for(audience, family_code, day, viewer, clean_take_home_agreed)


def clean_copy_agreed(db: Database, reel_id: ReelId) -> bool:
    """Whether the caregiver-viewing consent in force agrees to a clean take-home copy."""
    with db.uow() as uow:
        family = uow.reels.get(reel_id).family_id
    return agreed_extras(db, family)[0]


def training_faces_agreed(db: Database, reel_id: ReelId) -> bool:
    """Whether the training consent in force agrees to faces shown unblurred."""
    with db.uow() as uow:
        family = uow.reels.get(reel_id).family_id
    return agreed_extras(db, family)[1]


def reel_file_name(db: Database, reel_id: ReelId, today: dt.date | None = None) -> str:
    """The export dialog's suggested name: family code, visit and date, never a name (§7.1)."""
    with db.uow() as uow:
        reel = uow.reels.get(reel_id)
        family = uow.families.get(reel.family_id).code
        visit = uow.visits.get(reel.visit_id).number
    return export_file_name(family, visit, "reel", today or dt.date.today(), ".mp4")
