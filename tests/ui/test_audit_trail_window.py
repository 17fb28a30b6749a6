"""*Reliability → Audit trail…* in a real window: offered to a supervisor only, lists the
entries in plain words (a supervisor's look at a recording they do not code among them),
filters by family, and *Check the trail* says plainly whether anything was changed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from tests.actors import who
from vfcoach.coding.project import CoderRole
from vfcoach.services.reliability.plan import set_role
from vfcoach.storage import audit_chain
from vfcoach.storage.database import Database
from vfcoach.ui.audit.trail_dialog import AuditTrailDialog
from vfcoach.ui.main_window import MainWindow


def _entry(window: MainWindow) -> QAction:
    action = window.findChild(QAction, "audit_trail")
    assert isinstance(action, QAction)
    return action


def _column(dialog: AuditTrailDialog, column: int) -> list[str]:
    m = dialog.model
    return [str(m.data(m.index(r, column))) for r in range(m.rowCount())]


def test_a_supervisor_reads_and_checks_the_trail(
    qtbot: QtBot, window: MainWindow, sqlite_db: Database
):
    assert not _entry(window).isVisible()  # Tester codes; the trail is for supervisors
    set_role(sqlite_db, "Sue", CoderRole.SUPERVISOR, None, who(sqlite_db, "Sue"))
    window.session.act_as("Sue")
    assert _entry(window).isVisible()
    assert window.open_recording(window.opened.recording.id if window.opened else 0)

    _entry(window).trigger()
    dialog = window.findChild(AuditTrailDialog, "audit_trail_dialog")
    assert isinstance(dialog, AuditTrailDialog)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)
    what = _column(dialog, 3)
    assert "Looked at a recording they do not code" in what
    assert "Added a recording" in what
    assert all("." not in w for w in what)  # plain words, not action codes
    assert _column(dialog, 2)[what.index("Looked at a recording they do not code")] == "Sue"

    dialog.family.setText("F-NONE")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Nothing shown" in dialog.count.text(), timeout=10_000)
    assert "no family 'F-NONE'" in dialog.count.text() and dialog.model.rowCount() == 0
    dialog.family.setText("F-0001")
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=10_000)

    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=10_000)
    assert dialog.verdict.text().startswith("All ") and "nothing has been changed" in (
        dialog.verdict.text()
    )
    dialog.grab().save("/tmp/h-audit-trail-intact.png")

    with sqlite_db.engine.begin() as conn:  # someone with the file, behind the app's back
        for name in audit_chain.SQLITE_GUARDS:
            conn.exec_driver_sql(f"DROP TRIGGER {name}")
        conn.exec_driver_sql("UPDATE audit_event SET actor = 'Nobody' WHERE seq = 1")
    dialog.last_report = None
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_report is not None, timeout=10_000)
    text = dialog.verdict.text()
    assert (
        "changed outside vfcoach" in text
        and "Entry 1 " in text
        and "changed after it was written" in text
    )
    assert "guard" in text
    dialog.grab().save("/tmp/h-audit-trail-broken.png")
    dialog.close()
