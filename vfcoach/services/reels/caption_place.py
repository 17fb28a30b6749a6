"""Where a reel's captions go, the coach's choice per reel: in the picture or under it.

A caption is seen once (issue 12 §5): burned into the picture, or written under the video by
caregiver mode (the file then carries it as a subtitle track, so a player elsewhere can show
it too), or left out. The choice is remembered per reel in the settings table under
`reels.caption_place.<reel id>`, so no migration is needed for one word per reel; a reel
never given a choice exports with its captions in the picture, as before.
"""

from __future__ import annotations

from typing import cast, get_args

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels import ReelId
from vfcoach.services.access import Actor
from vfcoach.storage.database import Database
from vfcoach.video.export.spec import CaptionMode

KEY_PREFIX = "reels.caption_place."
DEFAULT: CaptionMode = "burn"


class UnknownCaptionPlace(VfcoachError):
    """A placement vfcoach does not know (only in the picture, under it, or none)."""


def caption_place(db: Database, reel_id: ReelId) -> CaptionMode:
    """The reel's caption placement, or the default (in the picture) if never chosen."""
    with db.uow() as uow:
        value = uow.settings.get(f"{KEY_PREFIX}{int(reel_id)}", DEFAULT)
    return cast(CaptionMode, value) if value in get_args(CaptionMode) else DEFAULT


def set_caption_place(db: Database, reel_id: ReelId, place: str, actor: Actor) -> CaptionMode:
    """Remember `place` for the reel (audit-logged); refuses an unknown placement."""
    if place not in get_args(CaptionMode):
        raise UnknownCaptionPlace(
            f"captions go in the picture (burn), under it (subtitles) or nowhere (none), "
            f"not '{place}'"
        )
    with db.uow() as uow:
        uow.reels.get(reel_id)  # the reel must exist (NotFound otherwise)
        uow.settings.set(f"{KEY_PREFIX}{int(reel_id)}", place)
        uow.audit.record(actor.name, "reel.caption_place", f"reel:{int(reel_id)}", {"place": place})
        uow.commit()
    return cast(CaptionMode, place)
