"""A coded real recording (NUR and DEL by coder "Ana") for the reel editor and caregiver tests.

`showable_reel` adds what a coach writes before a feedback visit: a second clip, a caption
for each, and a talking point for each that must stay on the coach's side.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.consent_helpers import agree
from tests.storage.conftest import annotation
from vfcoach.coding.ids import PassId, VisitId
from vfcoach.coding.project import Recording
from vfcoach.coding.reels import Reel
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.reels.clip_edits import EditClipTextOperation
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.video.synth import make_counter_video

CODER = "Ana"
TALKING_POINTS = (
    "Ask her what she noticed just before she picked him up.",
    "Wonder aloud with her what the shared laugh told him.",
)
SECOND_CAPTION = "You laughed together."


def code_strengths(db: Database, rec: Recording) -> tuple[VisitId, PassId]:
    with db.uow() as uow:
        assert rec.scheme_id is not None
        coder = uow.coders.get_or_create(CODER)
        cpass = uow.passes.get_or_create(rec.id, coder.id, rec.scheme_id)
        uow.annotations.add(annotation(cpass.id, 10, "NUR"))
        uow.annotations.add(annotation(cpass.id, 60, "DEL"))
        uow.commit()
    return rec.visit_id, cpass.id


def shown_editor(qtbot: QtBot, db: Database, visit: VisitId) -> ReelEditorDialog:
    """The coach's reel editor for a visit, on screen and closed with the test."""
    dialog = ReelEditorDialog(db, visit, who(db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def showable_reel(db: Database, rec: Recording) -> Reel:
    """Suggested clip + a free range, each with a caption and a coach-only talking point."""
    visit, _pass = code_strengths(db, rec)
    reel = CreateReelOperation(db, visit, coder_name=CODER).run().reel
    assert reel.id is not None
    reel = AddClipOperation(db, reel.id, recording_id=rec.id, start_frame=40, end_frame=70,
                            caption=SECOND_CAPTION).run().reel  # fmt: skip
    for clip, point in zip(reel.clips, TALKING_POINTS, strict=True):
        assert reel.id is not None
        reel = EditClipTextOperation(db, reel.id, clip.id, talking_point=point).run().reel
    return reel


def world_in(
    folder: Path, frames: int = 75, size: tuple[int, int] = (160, 120)
) -> tuple[Database, Recording]:
    """A database and an imported generated recording under `folder`, for a child process."""
    video = make_counter_video(folder / "visit.mp4", frames=frames, size=size, gop=10)
    db = Database.open(f"sqlite:///{folder / 'vfcoach.db'}")
    rec = ImportRecordingOperation(db, video, "F-0001").run()
    agree(db, "F-0001")  # caregiver mode: the family agreed (as the window tests' family)
    return db, rec
