"""The Reliability window's "align within each category" checkbox: figures, saving, enabling."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from tests.actors import who
from tests.services.reliability_world import code, import_video
from tests.ui.reliability_view_world import compute, open_view
from vfcoach.coding.project import CoderRole
from vfcoach.services.reliability.irr import IrrSettings, load_irr_settings
from vfcoach.services.reliability.plan import set_role
from vfcoach.storage.database import Database


def figures(view) -> dict[str, str]:
    return {line.label: line.value for line in view.dialog.figures.lines}


def test_the_checkbox_changes_the_figures_and_is_saved_as_a_default(
    qtbot, sqlite_db: Database, video_20s: Path
):
    rec = import_video(sqlite_db, video_20s, "F-1", 1)
    code(sqlite_db, rec, "Ana", [("C_DIS", 10.0), ("NUR", 10.8)])
    code(sqlite_db, rec, "Ben", [("NUR", 10.1), ("C_DIS", 10.9)])
    set_role(sqlite_db, "Sue", CoderRole.SUPERVISOR, None, who(sqlite_db, "Sue"))
    view = open_view(qtbot, sqlite_db, rec)
    form = view.dialog.form
    try:
        assert not form.within_category.isChecked()  # the domain rule unless asked
        compute(qtbot, view)
        assert view.dialog.irr is not None and not view.dialog.irr.settings.within_category
        assert figures(view)["Percent agreement"] == "0.0 %"
        assert len(view.dialog.irr.disagreements) == 2  # two substitutions

        form.within_category.setChecked(True)
        compute(qtbot, view)
        assert view.dialog.irr is not None and view.dialog.irr.settings.within_category
        assert figures(view)["Percent agreement"] == "100.0 %"
        assert view.dialog.irr.event is not None
        assert view.dialog.irr.event.stats.kappa == 1.0
        assert view.dialog.irr.disagreements == ()
        heading = view.dialog.figures.heading.text()
        assert "tolerance ±2 s, within categories" in heading
        assert "within each category of the scheme (Child cues, Caregiver, Coach)" in heading
        view.dialog.grab().save("/tmp/reliability_within_category.png")

        form.method.setCurrentIndex(1)  # time-unit slices ME&E groups: no such choice there
        assert not form.within_category.isEnabled()
        form.method.setCurrentIndex(0)
        assert form.within_category.isEnabled()

        qtbot.mouseClick(view.dialog.save_defaults_button, Qt.MouseButton.LeftButton)
        assert view.dialog.message.text() == "Saved as the organisation's reliability settings."
    finally:
        view.window.player.unload()
    with sqlite_db.uow() as uow:
        assert load_irr_settings(uow) == IrrSettings(within_category=True)
    again = open_view(qtbot, sqlite_db, rec)
    try:
        assert again.dialog.form.within_category.isChecked()
    finally:
        again.window.player.unload()
