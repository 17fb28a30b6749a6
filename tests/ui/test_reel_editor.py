"""The reel editor on a real coded recording: suggest, edit, reorder, trim, export."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.storage.conftest import annotation
from tests.ui.reel_world import CODER, code_strengths
from vfcoach.coding.project import Recording
from vfcoach.services.reels.clips import AddClipOperation
from vfcoach.storage.database import Database
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.reels.actions import open_reel_editor
from vfcoach.ui.reels.clip_table_model import CAPTION_COL
from vfcoach.ui.reels.reel_editor import ReelEditorDialog
from vfcoach.ui.runner import TaskRunner


def _editor(qtbot: QtBot, db: Database, rec: Recording) -> ReelEditorDialog:
    dialog = ReelEditorDialog(db, code_strengths(db, rec)[0], who(db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_suggest_edit_reorder_and_export(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    dialog = _editor(qtbot, sqlite_db, recording)
    assert dialog.model.rowCount() == 0
    dialog.suggest()
    assert dialog.reel is not None and dialog.reels.count() == 1
    assert dialog.model.rowCount() == 1, dialog.problems.text()  # the two moments make one story
    assert dialog.reel.id is not None
    AddClipOperation(sqlite_db, dialog.reel.id, recording_id=recording.id, start_frame=40,
                     end_frame=70, caption="You laughed together.").run()  # fmt: skip
    dialog.refresh_reels()
    dialog._on_reel_chosen(dialog.reels.currentItem())
    assert dialog.model.rowCount() == 2

    caption_index = dialog.model.index(0, CAPTION_COL)
    assert dialog.model.setData(caption_index, "You held her close and she settled.")
    qtbot.waitUntil(
        lambda: dialog.model.data(caption_index) == "You held her close and she settled."
    )
    assert dialog.problems.text().startswith("Note: ")  # a warning (a short clip) stays shown
    with sqlite_db.uow() as uow:
        stored = uow.reels.get(dialog.reel.id)
    assert stored.clips[0].caption == "You held her close and she settled."

    first = dialog.model.clip_at(0)
    dialog.table.selectRow(0)
    dialog.move_clip(1)
    assert dialog.model.clip_at(1) == first
    assert dialog.current_row() == 1
    dialog.move_clip(-1)
    assert dialog.model.clip_at(0) == first

    dialog.table.selectRow(1)
    dialog.remove()
    assert dialog.model.rowCount() == 1 and dialog.model.clip_at(0) == first

    dialog.table.selectRow(0)
    before = dialog.model.clip_at(0)
    assert before is not None
    dialog.trim("end", -1)
    after = dialog.model.clip_at(0)
    assert after is not None and after.end.frame == before.end.frame - 1
    dialog.trim("start", 1)  # each edge is one TrimClipOperation; the other edge stays
    later = dialog.model.clip_at(0)
    assert later is not None and later.start.frame == before.start.frame + 1
    assert later.end.frame == after.end.frame

    target = tmp_path / "reel.mp4"
    dialog.export_to(target, "fast")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    assert target.exists() and target.stat().st_size > 0
    assert str(target) in dialog.bar.status.text()
    assert dialog.bar.show_button.isEnabled()
    dialog.bar.show_button.click()
    caregiver = dialog.caregiver
    assert caregiver is not None and caregiver.isVisible()
    assert caregiver.caption.text() == "You held her close and she settled."  # the first clip
    caregiver.leave()
    assert not caregiver.isVisible()
    dialog.dispose()


def test_refusals_are_shown_inline_with_their_reason(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    visit, pass_id = code_strengths(sqlite_db, recording)
    dialog = ReelEditorDialog(sqlite_db, visit, who(sqlite_db, CODER))
    qtbot.addWidget(dialog)
    dialog.suggest()
    dialog.table.selectRow(0)
    clip = dialog.model.clip_at(0)
    assert clip is not None
    dialog.trim("end", clip.start.frame - clip.end.frame - 1)  # the end before the start
    assert "before it starts" in dialog.problems.text()
    with sqlite_db.uow() as uow:
        uow.annotations.add(annotation(pass_id, 30, "FR"))  # a concern coded inside it later
        uow.commit()
    assert not dialog.model.setData(dialog.model.index(0, CAPTION_COL), clip.caption)
    dialog.model.setData(dialog.model.index(0, CAPTION_COL), "You played together.")
    qtbot.waitUntil(lambda: dialog.problems.text().startswith("Not for caregivers: "))
    assert "FR" in dialog.problems.text()  # the coach sees which concern and where
    assert dialog.problems.text().lower().count("not for caregivers") == 1
    assert dialog.model.clip_at(0) == clip  # nothing was stored
    dialog.dispose()


class HeldExecutor(Executor):
    """Holds submitted jobs until `release()`, so a test can press Cancel before they run."""

    def __init__(self) -> None:
        self._held: list[tuple[Callable[..., Any], tuple[Any, ...]]] = []
        self._pool = ThreadPoolExecutor(max_workers=1)

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        self._held.append((fn, args))
        return Future()

    def release(self) -> None:
        for fn, args in self._held:
            self._pool.submit(fn, *args)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=cancel_futures)


def test_cancelled_export_leaves_nothing_behind(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    held = HeldExecutor()
    visit, _pass = code_strengths(sqlite_db, recording)
    dialog = ReelEditorDialog(
        sqlite_db, visit, who(sqlite_db, CODER), runner=TaskRunner(serial=held)
    )
    qtbot.addWidget(dialog)
    dialog.suggest()
    target = tmp_path / "reel.mp4"
    dialog.export_to(target, "exact")
    dialog.done(0)  # closing the editor cancels the export in flight
    held.release()
    qtbot.waitUntil(lambda: "Not exported" in dialog.bar.status.text(), timeout=30_000)
    assert "Cancelled" in dialog.bar.status.text()
    assert list(tmp_path.glob("reel.mp4*")) == []
    assert not dialog.bar.show_button.isEnabled()
    dialog.dispose()


def test_open_reel_editor_reuses_one_non_modal_editor(window: MainWindow) -> None:
    assert window.opened is not None
    visit = window.opened.recording.visit_id
    open_reel_editor(window.db, visit, window.session, window, window.runner)
    open_reel_editor(window.db, visit, window.session, window, window.runner)
    editors = window.findChildren(ReelEditorDialog)
    assert len(editors) == 1 and editors[0].isVisible() and not editors[0].isModal()
    editors[0].dispose()


def test_export_with_a_title_card_and_subtitles(
    qtbot: QtBot, sqlite_db: Database, recording: Recording, tmp_path: Path
) -> None:
    from vfcoach.video.probe import probe

    dialog = _editor(qtbot, sqlite_db, recording)
    dialog.suggest()
    dialog.bar.title.setText("Our moments")
    dialog.bar.captions.setCurrentIndex(dialog.bar.captions.findData("subtitles"))
    target = tmp_path / "titled.mp4"
    dialog.export_to(target, "exact")
    qtbot.waitUntil(lambda: dialog.last_export is not None, timeout=60_000)
    report = dialog.last_export
    assert report is not None and report.captions == "subtitles"
    clips_ms = sum(c.out_end_ms - c.out_start_ms for c in report.clips)
    assert report.duration_ms >= clips_ms + 2900  # the 3-s title card comes first
    assert probe(target).has_audio
    dialog.dispose()


def test_slow_motion_and_hold_last_frame_toggle(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    dialog = _editor(qtbot, sqlite_db, recording)
    dialog.suggest()
    dialog.table.selectRow(0)
    dialog.toggle_slow_motion()
    dialog.toggle_freeze()
    clip = dialog.model.clip_at(0)
    assert clip is not None and clip.slow_motion == 0.5 and clip.freeze_end_ms == 2000
    assert "0.5× speed · hold 2 s" in str(dialog.model.index(0, 4).data())
    dialog.table.selectRow(0)
    dialog.toggle_slow_motion()
    dialog.toggle_freeze()
    clip = dialog.model.clip_at(0)
    assert clip is not None and clip.slow_motion is None and clip.freeze_end_ms == 0
    dialog.dispose()


def test_the_editor_reads_as_the_coder_acting_in_the_main_window(window: MainWindow) -> None:
    assert window.opened is not None
    visit = window.opened.recording.visit_id
    window.toolbar.open_reels()
    (editor,) = window.findChildren(ReelEditorDialog)
    assert editor.actor is window.session.actor and editor.actor.name == "Tester"
    assert editor.runner is window.runner  # the app's one runner, not one of its own
    window.session.act_as("Robin")
    assert editor.actor is editor.bar.actor is window.session.actor
    assert editor.actor.name == "Robin"
    open_reel_editor(window.db, visit, window.session, window, window.runner)
    assert window.findChildren(ReelEditorDialog) == [editor]  # the same editor, kept
    editor.dispose()
