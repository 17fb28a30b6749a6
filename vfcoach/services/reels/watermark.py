"""The watermark an export of one stored reel gets (domain.md §7 rule 8), for the window and CLI.

Reads the reel's audience and its family's code, and applies `watermark_for`: a caregiver
copy is marked with the family code and today's date, a coach-view or training reel with the
name of who will watch it. `clean_take_home_agreed` comes from the caregiver-viewing consent
record (wired by the consent feature); until it says so, every caregiver copy is marked.
"""

from __future__ import annotations

import datetime as dt

from vfcoach.coding.pseudonym import export_file_name
from vfcoach.coding.reels import ReelId
from vfcoach.coding.reels.model import Audience
from vfcoach.coding.reels.watermark import Watermark, watermark_for
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
    clean_take_home_agreed: bool = False,
    today: dt.date | None = None,
) -> Watermark | None:
    """The mark for exporting `reel_id` today, or None for an agreed clean take-home copy.

    `viewer`: who will watch a coach-view or training reel (`ViewerNameNeeded` if blank).
    """
    audience, family_code = reel_audience_and_family(db, reel_id)
    day = today or dt.date.today()
    return watermark_for(audience, family_code, day, viewer, clean_take_home_agreed)


def reel_file_name(db: Database, reel_id: ReelId, today: dt.date | None = None) -> str:
    """The export dialog's suggested name: family code, visit and date, never a name (§7.1)."""
    with db.uow() as uow:
        reel = uow.reels.get(reel_id)
        family = uow.families.get(reel.family_id).code
        visit = uow.visits.get(reel.visit_id).number
    return export_file_name(family, visit, "reel", today or dt.date.today(), ".mp4")
