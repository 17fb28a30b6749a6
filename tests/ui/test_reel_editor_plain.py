"""The reel editor says in words what a coach would otherwise have to guess (issue 12 §4).

Found by looking at the first hour's screens: *Suggest a new reel* on a visit with no usable
strength made an empty reel and said nothing, the list said "(1 clips)", and the PIN box's
hint was cut off.
"""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.storage.conftest import annotation
from tests.ui.reel_world import CODER, code_strengths
from vfcoach.coding.project import Recording
from vfcoach.storage.database import Database
from vfcoach.ui.reels.reel_editor import NOTHING_SUGGESTED, ReelEditorDialog


def _editor(qtbot: QtBot, db: Database, rec: Recording) -> ReelEditorDialog:
    dialog = ReelEditorDialog(db, rec.visit_id, who(db, CODER))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_a_suggestion_with_nothing_to_show_says_why(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    _visit, pass_id = code_strengths(sqlite_db, recording)  # NUR at 10, DEL at 60
    with sqlite_db.uow() as uow:  # a frightening moment near both: neither may be shown
        uow.annotations.add(annotation(pass_id, 35, "FR"))
        uow.commit()
    dialog = _editor(qtbot, sqlite_db, recording)
    dialog.suggest()
    assert dialog.reel is not None and dialog.model.rowCount() == 0
    assert dialog.problems.text().startswith(NOTHING_SUGGESTED)
    assert "Add to reel" in NOTHING_SUGGESTED
    assert dialog.reels.item(0).text().endswith("(no clips)")
    dialog.dispose()


def test_one_clip_is_one_clip_and_the_pin_hint_is_read_whole(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    code_strengths(sqlite_db, recording)
    dialog = _editor(qtbot, sqlite_db, recording)
    dialog.suggest()
    assert dialog.model.rowCount() == 1
    assert dialog.reels.item(0).text() == "Visit 1 highlights (1 clip)"
    assert "clip(s)" not in dialog.problems.text()
    pin = dialog.bar.pin
    hint = pin.fontMetrics().horizontalAdvance(pin.placeholderText())
    assert pin.width() >= hint + 12, (pin.width(), hint)
    dialog.grab().save("/tmp/h-e2e-reel-editor.png")
    dialog.dispose()


def test_a_long_caption_is_read_whole_in_the_clip_list(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
) -> None:
    """The caption is what the caregiver will read: the coach sees all of it, wrapped."""
    from PySide6.QtCore import QRect, Qt

    from vfcoach.ui.reels.clip_table_model import CAPTION_COL

    code_strengths(sqlite_db, recording)
    dialog = _editor(qtbot, sqlite_db, recording)
    dialog.suggest()
    long = "You went along with what your child wanted to do, at their pace, and he smiled."
    assert dialog.model.setData(dialog.model.index(0, CAPTION_COL), long)
    qtbot.waitUntil(lambda: dialog.model.index(0, CAPTION_COL).data() == long)
    table = dialog.table
    width = table.columnWidth(CAPTION_COL) - 8
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, long
    )
    qtbot.waitUntil(lambda: table.rowHeight(0) >= needed.height())
    dialog.dispose()
