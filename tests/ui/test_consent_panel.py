"""The consent panel in a real window, and windows already open stopping on withdrawal."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.actors import who
from tests.ui.test_browser_organise import menu_on
from vfcoach.coding.consent import ConsentMissing, Scope
from vfcoach.coding.project import Recording
from vfcoach.services.consent import scope_lines, withdraw_consent
from vfcoach.services.recordings.import_recording import ImportRecordingOperation
from vfcoach.services.recordings.open_for_coding import open_recording
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import FamilyRole
from vfcoach.ui.consent.form import ConsentAnswer, ConsentForm
from vfcoach.ui.consent.panel import ConsentPanel
from vfcoach.ui.consent.stops import CAREGIVER_STOPPED, watch_caregiver
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.present.caregiver_window import CaregiverWindow
from vfcoach.ui.runner import TaskRunner


def _state(panel: ConsentPanel, scope: Scope) -> str:
    row = [ln.scope for ln in panel.model.lines].index(scope)
    return str(panel.model.index(row, 1).data())


def _select(panel: ConsentPanel, scope: Scope) -> None:
    row = [ln.scope for ln in panel.model.lines].index(scope)
    panel.table.selectRow(row)


def test_the_browser_opens_the_panel_and_a_use_is_recorded(qtbot: QtBot, window: MainWindow):
    menu = menu_on(window, FamilyRole)
    menu.action("Consent of family F-0001").trigger()
    panel = window.consent.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.family_code == "F-0001", timeout=3000)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=3000)
    assert panel.model.lines[0].scope.label == "Coaching"
    assert _state(panel, Scope.COACHING) == "Given" and _state(panel, Scope.RESEARCH) == "Not given"
    panel.ask_consent = lambda code, scope: ConsentAnswer(
        Scope.RESEARCH, "birth mother; agency guardian", "CF-2026-3", None, False, False
    )
    panel.record()
    qtbot.waitUntil(lambda: _state(panel, Scope.RESEARCH) == "Given", timeout=3000)
    row = [ln.scope for ln in panel.model.lines].index(Scope.RESEARCH)
    assert panel.model.index(row, 2).data() == "birth mother; agency guardian"
    assert "Tester" in panel.model.index(row, 3).data()
    panel.resize(900, 330)
    panel.grab().save("/tmp/h-consent-panel.png")


def test_family_menu_opens_the_panel_of_the_open_recording(qtbot: QtBot, window: MainWindow):
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Family") < titles.index("Reels")
    window.consent.action.trigger()
    panel = window.consent.panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.family_code == "F-0001", timeout=3000)


def test_withdrawing_coaching_closes_the_open_recording(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database, recording: Recording
):
    assert window.opened is not None
    panel = window.consent.open_panel(None)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=3000)
    _select(panel, Scope.COACHING)
    panel.confirm_withdraw = lambda code, scope: True
    window.player.play()
    panel.withdraw()
    qtbot.waitUntil(lambda: window.opened is None, timeout=2000)
    assert not window.player.playing and not window.player.loaded
    assert "withdrawn its consent to coaching" in window.video.view.message
    qtbot.waitUntil(lambda: _state(panel, Scope.COACHING).startswith("Withdrawn"), timeout=3000)
    assert _state(panel, Scope.TRAINING) == "Stopped (coaching withdrawn)"
    panel.grab().save("/tmp/h-consent-withdrawn.png")
    window.grab().save("/tmp/h-consent-closed.png")
    with pytest.raises(ConsentMissing, match="withdrawn its consent to coaching"):
        open_recording(sqlite_db, recording.id, window.actor)  # what the window's open asks


def test_an_open_caregiver_window_stops_within_a_second_of_withdrawal(
    qtbot: QtBot, sqlite_db: Database, recording: Recording
):
    family, _lines = scope_lines(sqlite_db, "F-0001")
    runner = TaskRunner()
    window = CaregiverWindow(recording.media_path, [(0, 2000, "You laughed together.")])
    qtbot.addWidget(window)
    window.present()
    qtbot.waitExposed(window)
    watch = watch_caregiver(runner, sqlite_db, family.id, window)
    window.toggle()
    qtbot.waitUntil(lambda: window.playing, timeout=3000)
    withdraw_consent(sqlite_db, "F-0001", Scope.CAREGIVER_VIEWING, who(sqlite_db, "Tester"))
    began = time.monotonic()
    qtbot.waitUntil(lambda: watch.fired and not window.playing, timeout=1000)
    assert time.monotonic() - began < 1.0
    assert window.view.message == CAREGIVER_STOPPED  # calm, and nothing of the reason
    assert not window.play_button.isEnabled()
    window.toggle()  # Space / the play button do nothing any more
    assert not window.playing
    window.leave()
    runner.shutdown()


def test_the_form_offers_each_extra_only_with_its_use(
    qtbot: QtBot, sqlite_db: Database, cfr_video: Path
):
    ImportRecordingOperation(sqlite_db, cfr_video, "F-0002").run()
    form = ConsentForm("F-0002", Scope.CAREGIVER_VIEWING)
    qtbot.addWidget(form)
    form.show()
    assert form.clean.isVisibleTo(form) and not form.unblurred.isVisibleTo(form)
    form.clean.setChecked(True)
    form.consented_by.setText("foster carer; local authority")
    form.grab().save("/tmp/h-consent-form.png")
    form.scope.setCurrentIndex(form.scope.findData(Scope.TRAINING.value))
    assert not form.clean.isVisibleTo(form) and form.unblurred.isVisibleTo(form)
    answer = form.answer()
    assert answer.scope is Scope.TRAINING and not answer.clean_take_home
    assert answer.until is None
    form.has_end.setChecked(True)
    assert form.answer().until is not None
    qtbot.keyClick(form, Qt.Key.Key_Escape)


def test_show_to_caregiver_is_refused_without_caregiver_viewing(
    qtbot: QtBot, sqlite_db: Database, cfr_video: Path
):
    from vfcoach.coding.reels import Audience
    from vfcoach.services.reels.create import CreateReelOperation
    from vfcoach.ui.consent.showing import showing_allowed
    from vfcoach.ui.reels.export_bar import ExportBar

    rec = ImportRecordingOperation(sqlite_db, cfr_video, "F-0003").run()
    reel = CreateReelOperation(sqlite_db, rec.visit_id, audience=Audience.CAREGIVER).run().reel
    runner = TaskRunner()
    bar = ExportBar(sqlite_db, who(sqlite_db, "Tester"), lambda: None, lambda: [], runner)
    qtbot.addWidget(bar)
    bar.exported_reel = reel.id
    assert showing_allowed(bar) is None
    assert bar.status.text().startswith("Not shown: The family F-0003 has not consented to")
    assert bar.showing.window is None  # nothing opened
    runner.shutdown()


def test_the_history_keeps_every_record(qtbot: QtBot, window: MainWindow, sqlite_db: Database):
    tester = who(sqlite_db, "Tester")
    withdraw_consent(sqlite_db, "F-0001", Scope.TRAINING, tester)
    panel = window.consent.open_panel("F-0001")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=3000)
    panel.show_history.setChecked(True)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 5, timeout=3000)  # coaching + 4 agreed
    assert not panel.withdraw_button.isEnabled()  # withdrawing acts on the record in force
    states = [str(panel.model.index(r, 1).data()) for r in range(5)]
    assert sum(s.startswith("Withdrawn on") for s in states) == 1
    panel.resize(900, 300)
    panel.grab().save("/tmp/h-consent-history.png")
    panel.show_history.setChecked(False)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 6, timeout=3000)
