"""Event list edits, the exact paused frame, the timeline, and broken media in the window."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.frame_time import FrameTime
from vfcoach.coding.ids import new_annotation_id
from vfcoach.ui.events.event_model import COL_END_FRAME, COL_FRAME, COL_NOTE, AnnotationRole
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.timeline.lanes import build_lanes
from vfcoach.ui.timeline.timeline_view import TimelineView
from vfcoach.video.synth import read_frame_index


def image_to_rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return buf.reshape(h, image.bytesPerLine())[:, : 3 * w].reshape(h, w, 3).copy()


def place(window: MainWindow, key: str, frame: int, end: int | None = None) -> Annotation:
    fmap = window.player.frame_map
    cpass = window.store.coding_pass
    a = Annotation(
        new_annotation_id(),
        cpass.id,
        key,
        fmap.moment(frame),
        None if end is None else fmap.moment(end),
    )
    window.store.apply(AnnotationChange(added=(a,)))
    return a


def test_paused_picture_is_the_exact_frame(qtbot, window):
    for frame in (37, 36, 3, 74, 11):
        window.player.seek_frame(frame)
        qtbot.waitUntil(lambda: not window.player.decoding, timeout=5000)  # decoded off-thread
        assert read_frame_index(image_to_rgb(window.video.view.image)) == frame
    assert "frame 11 / 74" in window.video.position.text()


def test_event_model_passes_qt_model_checks(window, qtmodeltester):
    place(window, "NUR", 4)
    place(window, "FTL", 6, 20)
    qtmodeltester.check(window.table_model)


def test_edit_frames_and_note_in_event_list(window, sqlite_db):
    a = place(window, "FTL", 6, 20)
    model = window.events.proxy
    row = 0
    assert model.setData(model.index(row, COL_FRAME), 8)
    assert model.setData(model.index(row, COL_END_FRAME), 30)
    assert model.setData(model.index(row, COL_NOTE), "hands the block over")
    with sqlite_db.uow() as uow:
        stored = uow.annotations.get(a.id)
    assert (stored.onset, stored.offset) == (FrameTime(8, 320), FrameTime(30, 1200))
    assert stored.note == "hands the block over"
    # impossible: end before start and past the end of the recording change nothing
    model.setData(model.index(row, COL_END_FRAME), 2)
    model.setData(model.index(row, COL_FRAME), 500)
    with sqlite_db.uow() as uow:
        assert uow.annotations.get(a.id) == stored
    window.coding.undo_stack.undo()  # the note
    window.coding.undo_stack.undo()  # the end frame
    with sqlite_db.uow() as uow:
        again = uow.annotations.get(a.id)
    assert (again.offset.frame, again.note) == (20, "")


def test_filter_and_sort_by_frame(window):
    place(window, "NUR", 40)
    place(window, "DEL", 4)
    place(window, "NUR", 12)
    proxy = window.events.proxy
    window.events.table.sortByColumn(COL_FRAME, Qt.SortOrder.AscendingOrder)
    frames = [proxy.index(r, 0).data(AnnotationRole).onset.frame for r in range(proxy.rowCount())]
    assert frames == [4, 12, 40]
    window.events.filter.setCurrentIndex(window.events.filter.findData("NUR"))
    assert proxy.rowCount() == 2


def test_clicking_an_event_jumps_the_video(qtbot, window):
    place(window, "NUR", 50)
    idx = window.events.proxy.index(0, 0)
    rect = window.events.table.visualRect(idx)
    qtbot.mouseClick(window.events.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.player.frame == 50


def test_timeline_click_seeks_and_selects(qtbot, window):
    a = place(window, "DEL", 25)
    tl = window.timeline
    lane = [ln.key for ln in tl.lanes].index("DEL")
    pos = QPoint(tl.x_for_ms(1000), tl.y_for_lane(lane))
    with qtbot.waitSignal(tl.annotation_clicked) as clicked:
        qtbot.mouseClick(tl, Qt.MouseButton.LeftButton, pos=pos)
    assert clicked.args == [a.id]
    assert abs(window.player.frame - 25) <= 1


def test_timeline_paints_five_thousand_events(qtbot, window):
    scheme = window.store.scheme
    fmap = window.player.frame_map
    cpass = window.store.coding_pass
    rng = np.random.default_rng(7)
    many = [
        Annotation(new_annotation_id(), cpass.id, key, fmap.moment(int(f)))
        for key, f in zip(
            rng.choice(["NUR", "DEL", "ITM", "C_DIS"], 5000), rng.integers(0, 75, 5000), strict=True
        )
    ]
    view = TimelineView()
    qtbot.addWidget(view)
    view.resize(1200, 240)
    view.set_duration(fmap.duration_ms)
    view.set_lanes(build_lanes(scheme, many, 0))
    assert sum(len(ln.ids) for ln in view.lanes) == 5000
    assert not view.grab().isNull()


def test_missing_video_is_reported_and_codes_stay_listed(qtbot, window, recording):
    place(window, "NUR", 5)
    Path(recording.media_path).unlink()
    assert not window.open_recording(recording.id)
    assert (
        "visit.mp4" in window.status.currentMessage() or "visit.mp4" in window.video.view._message
    )
    assert window.table_model.rowCount() == 1
    qtbot.keyClick(window.video.view, "n")  # no video: coding keys do nothing, no crash
    assert window.table_model.rowCount() == 1


def test_a_note_with_a_nul_is_not_saved_and_the_window_says_why(qtbot, window, sqlite_db):
    a = place(window, "NUR", 4)
    model = window.events.proxy
    with qtbot.waitSignal(window.coding.save_failed) as said:
        model.setData(model.index(0, COL_NOTE), "pasted\x00from a PDF")
    assert "Not saved" in said.args[0] and "NUL" in said.args[0]
    assert window.notice.text().startswith("Not saved")
    with sqlite_db.uow() as uow:
        assert uow.annotations.get(a.id).note == ""
    assert window.store.get(a.id).note == ""
