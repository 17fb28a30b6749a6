"""The reel editor's in-place preview and its checks on open, on a real coded recording.

The pictures are read back by the frame number burned into every generated frame, so
"shows the in-point" means the exact frame, not roughly there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.storage.conftest import annotation
from tests.ui.reel_world import CODER, code_strengths
from tests.ui.test_event_list_and_timeline import image_to_rgb
from vfcoach.coding.project import Recording
from vfcoach.coding.reels import Reel
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.services.reels.create import CreateReelOperation
from vfcoach.storage.database import Database
from vfcoach.ui.reels.clip_preview import ClipPreview, padded_frames
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.video.synth import read_frame_index


def _reel_with_range(db: Database, rec: Recording, first: int, last: int) -> Reel:
    visit, _pass = code_strengths(db, rec)
    reel = CreateReelOperation(db, visit, coder_name=CODER).run().reel
    assert reel.id is not None
    return AddClipOperation(db, reel.id, recording_id=rec.id, start_frame=first, end_frame=last,
                            caption="You smiled back at him.").run().reel  # fmt: skip


def _editor(qtbot: QtBot, db: Database, rec: Recording) -> ReelEditorDialog:
    dialog = ReelEditorDialog(db, rec.visit_id, who(db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _burned(preview: ClipPreview) -> int:
    image = preview.view.image
    assert image is not None
    return read_frame_index(image_to_rgb(image))


def _click_row(qtbot: QtBot, dialog: ReelEditorDialog, row: int) -> None:
    rect = dialog.table.visualRect(dialog.model.index(row, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_clip_shows_its_exact_in_point_and_trims_show_the_new_frame(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    _reel_with_range(sqlite_db, recording, 23, 37)
    dialog = _editor(qtbot, sqlite_db, recording)
    assert dialog.model.rowCount() == 2
    assert dialog.preview.view.image is None  # nothing selected yet
    _click_row(qtbot, dialog, 1)
    assert dialog.current_row() == 1
    qtbot.waitUntil(lambda: dialog.preview.shown_frame == 23, timeout=10_000)
    assert _burned(dialog.preview) == 23
    assert "frame 23" in dialog.preview.label.text()

    dialog.edit_buttons["Start +1 frame"].click()
    qtbot.waitUntil(lambda: dialog.preview.shown_frame == 24, timeout=10_000)
    assert _burned(dialog.preview) == 24
    dialog.edit_buttons["End −1 frame"].click()  # the out-point is shown after an end trim
    qtbot.waitUntil(lambda: dialog.preview.shown_frame == 36, timeout=10_000)
    assert _burned(dialog.preview) == 36
    assert "Ends at frame 36" in dialog.preview.label.text()

    _click_row(qtbot, dialog, 0)  # back to the suggested clip
    first = dialog.model.clip_at(0)
    assert first is not None
    qtbot.waitUntil(lambda: dialog.preview.shown_frame == first.start.frame, timeout=10_000)
    assert _burned(dialog.preview) == first.start.frame
    dialog.dispose()


def test_play_clip_plays_the_padded_range_and_stops_on_the_out_point(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    reel = _reel_with_range(sqlite_db, recording, 30, 32)
    dialog = _editor(qtbot, sqlite_db, recording)
    clip = reel.clips[1]
    fmap = dialog.preview.source(recording.id).frame_map
    first, last = padded_frames(clip, fmap)
    assert (first, last) == (5, 57)  # 1 s of pre-roll and post-roll at 25 fps
    assert last < fmap.frame_count - 1  # it must stop by itself, before the recording ends
    seen: list[int] = []
    dialog.preview.player.frame_changed.connect(lambda frame, _ms: seen.append(frame))
    _click_row(qtbot, dialog, 1)
    qtbot.waitUntil(lambda: dialog.preview.shown_frame == 30, timeout=10_000)
    dialog.preview.play_button.click()
    assert "Stop" in dialog.preview.play_button.text()
    qtbot.waitUntil(lambda: dialog.preview.player.playing, timeout=5000)
    qtbot.waitUntil(lambda: not dialog.preview.playing, timeout=15_000)
    qtbot.waitUntil(lambda: not dialog.preview.player.playing, timeout=5000)
    assert dialog.preview.player.frame == last
    assert dialog.preview.shown_frame == last
    assert _burned(dialog.preview) == last  # the picture rests on the out-point itself
    assert "Play clip" in dialog.preview.play_button.text()
    played = [f for f in seen if first <= f < last]
    assert len(set(played)) > 5 and min(played) < 30 and max(played) > 32  # the rolls played
    assert max(seen) <= last + 3  # stopped at the out-point, not at the end of the recording
    dialog.dispose()


def test_stop_halts_a_clip_and_shows_the_frame_it_stopped_on(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    _reel_with_range(sqlite_db, recording, 30, 32)
    dialog = _editor(qtbot, sqlite_db, recording)
    dialog.table.selectRow(1)
    dialog.preview.play_clip()
    qtbot.waitUntil(lambda: dialog.preview.player.playing, timeout=5000)
    dialog.preview.play_button.click()  # "Stop"
    qtbot.waitUntil(lambda: not dialog.preview.player.playing, timeout=5000)
    qtbot.waitUntil(lambda: not dialog.preview.player.decoding, timeout=5000)  # off-thread
    stopped = dialog.preview.player.frame
    assert dialog.preview.shown_frame == stopped and _burned(dialog.preview) == stopped
    dialog.dispose()


def test_warnings_show_as_soon_as_a_reel_is_opened(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    _reel_with_range(sqlite_db, recording, 23, 37)  # short clips, few of them
    dialog = _editor(qtbot, sqlite_db, recording)
    text = dialog.problems.text()
    assert "Note: " in text and "clip 2 is" in text and "3 to 6 work best" in text
    assert "Not for caregivers" not in text
    assert dialog.model.data(dialog.model.index(1, 0), Qt.ItemDataRole.ToolTipRole)
    dialog.dispose()


def test_a_concern_coded_after_the_reel_was_made_shows_on_open(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    _reel_with_range(sqlite_db, recording, 23, 37)
    with sqlite_db.uow() as uow:
        cpass = uow.passes.for_recording(recording.id)[0]
        uow.annotations.add(annotation(cpass.id, 30, "FR"))  # recoded since
        uow.commit()
    dialog = _editor(qtbot, sqlite_db, recording)
    assert dialog.problems.text().startswith("Not for caregivers: ")
    assert "FR" in dialog.problems.text()
    dialog.dispose()


def test_a_missing_video_is_said_plainly_and_nothing_is_played(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    _reel_with_range(sqlite_db, recording, 23, 37)
    Path(recording.media_path).unlink()  # moved away since it was coded
    dialog = _editor(qtbot, sqlite_db, recording)
    _click_row(qtbot, dialog, 1)
    qtbot.waitUntil(lambda: "cannot be shown" in dialog.preview.label.text(), timeout=10_000)
    assert dialog.preview.view.image is None
    assert dialog.preview.shown_frame is None
    dialog.preview.play_button.click()
    assert not dialog.preview.player.playing and not dialog.preview.playing
    assert dialog.model.rowCount() == 2  # the reel itself is untouched
    dialog.dispose()
