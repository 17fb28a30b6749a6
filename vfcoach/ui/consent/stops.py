"""What a withdrawal does to windows already open: they stop playing and say why.

The caregiver window shows the caregiver one calm line and nothing of the family's video
again; the reason (which use was withdrawn) goes to the coach's side. The coding window
closes the recording: the video, the codes on screen and the code keys all go, so nothing
more is played or coded, and the message says what happened and what to do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vfcoach.coding.consent import Scope
from vfcoach.coding.ids import FamilyId, RecordingId
from vfcoach.services.access import Actor
from vfcoach.services.consent import family_in_force, viewing_refusal
from vfcoach.storage.database import Database
from vfcoach.ui.consent.watch import ConsentWatch
from vfcoach.ui.present.caregiver_window import CaregiverWindow
from vfcoach.ui.runner import TaskRunner

if TYPE_CHECKING:
    from vfcoach.ui.main_window import MainWindow

CAREGIVER_STOPPED = "This showing has stopped."


def stop_caregiver_window(window: CaregiverWindow) -> None:
    """No more picture or sound; the window stays until the coach ends the showing."""
    window.unload()
    window.view.set_image(None)
    window.view.set_message(CAREGIVER_STOPPED)
    window.caption.setText("")
    for button in (window.previous_button, window.play_button, window.next_button):
        button.setEnabled(False)


def watch_caregiver(
    runner: TaskRunner, db: Database, family: FamilyId, window: CaregiverWindow
) -> ConsentWatch:
    """Stop `window` as soon as the family's caregiver viewing is no longer in force."""
    watch = ConsentWatch(
        runner, lambda: family_in_force(db, family, Scope.CAREGIVER_VIEWING), window
    )
    watch.stopped.connect(lambda _message: stop_caregiver_window(window))
    window.left.connect(watch.stop)
    return watch


def stop_coding_window(window: MainWindow, message: str) -> None:
    """Close the recording in the coding window: nothing of it plays or takes a code."""
    window.player.unload()
    window.store.load(None, None)
    window.keys.rebuild_codes(None)
    window.timeline.set_duration(0)
    window.timeline.set_lanes([])
    window.session.close()
    window.video.view.set_message(f"Closed: {message}")
    window.status.showMessage("The recording was closed: its family's consent changed", 15000)


def watch_recording(window: MainWindow, recording: RecordingId, actor: Actor) -> ConsentWatch:
    """Close the recording in `window` as soon as `actor` may no longer watch it."""
    watch = ConsentWatch(
        window.runner, lambda: viewing_refusal(window.db, recording, actor), window
    )
    watch.stopped.connect(lambda message: stop_coding_window(window, message))
    return watch
