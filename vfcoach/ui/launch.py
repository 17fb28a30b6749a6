"""Starts the desktop application: the QApplication, the database, the demo, the window.

Imported lazily by `vfcoach.cli`, so headless commands never load Qt.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from vfcoach.coding.errors import VfcoachError
from vfcoach.output import IMAGE, writing
from vfcoach.services.access import actor_named
from vfcoach.services.demo.project import DEMO_CODER, DemoProjectOperation
from vfcoach.services.output_guard import check_output
from vfcoach.services.schemes import ensure_builtin_schemes
from vfcoach.storage.database import Database
from vfcoach.storage.engine import data_folder
from vfcoach.ui.main_window import MainWindow
from vfcoach.ui.people.first_start import ask_person
from vfcoach.ui.retention.erase_flow import finish_interrupted, tell_finished
from vfcoach.ui.runner import Lane
from vfcoach.ui.shell.quiet import quiet_qt
from vfcoach.ui.shell.window_state import (
    has_last_recording,
    restore_last_recording,
    user_settings,
)
from vfcoach.ui.team.sign_in import ask_sign_in
from vfcoach.ui.unlock.gate import unlock_at_start

log = logging.getLogger(__name__)


def demo_media_dir() -> Path:
    return data_folder() / "demo"


def _save_screenshot(window: MainWindow, path: str) -> None:
    """`--screenshot FILE`: a developer's flag that names its file, so it replaces an older
    screenshot; the output policy still keeps it off recordings, the database and the data
    folder, and the extension decides PNG or JPEG."""
    target = Path(path).expanduser().absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        checked = check_output(window.db, target, IMAGE, replace=True)
        with writing(checked) as part:
            fmt = "PNG" if checked.suffix == ".png" else "JPG"
            if not window.grab().save(str(part), fmt):
                raise OSError(f"{target.name}: Qt could not write the picture")
    except (VfcoachError, OSError) as exc:
        print(f"vfcoach: error: screenshot not saved: {exc}", file=sys.stderr, flush=True)
        return
    print(f"vfcoach: screenshot of the main window saved to {target}", flush=True)


def open_window(db: Database, demo: bool, settings: QSettings) -> MainWindow | None:
    """The main window for the person at the keyboard: asked on a first start (None if they
    cancel); the demo starts unattended, as its own coach, with no question."""
    signed_in = team_person(db)
    if demo:
        coder = DEMO_CODER  # the demo project makes this coach and their codes
    elif signed_in is not None:
        coder = signed_in  # a team database: the server authenticated who this is
    else:
        person = ask_person(db, settings)
        if person is None:
            return None
        coder = person.name
    window = MainWindow(db, coder, settings=settings)
    if signed_in is not None:  # nobody else can act from this window
        window.toolbar.coder_box.setEnabled(False)
        window.toolbar.coder_box.setToolTip(f"Signed in as {signed_in}")
    window.show()
    return window


def team_person(db: Database) -> str | None:
    """On a team database, the signed-in person's name (never asked: the login is who acts)."""
    if db.dialect != "postgresql":
        return None
    try:
        actor = actor_named(db, None)
    except VfcoachError as exc:
        log.warning("no signed-in person: %s", exc)
        return None
    return None if actor is None else actor.name


def start_window(db: Database, demo: bool, settings: QSettings) -> MainWindow | None:
    """What every start does once the database is open: the built-in schemes, then the
    window for the person at the keyboard (None if they cancel the first-start question).
    `run_gui` calls it, and so does the first-hour test, so both take the same path."""
    try:
        ensure_builtin_schemes(db)
    except VfcoachError as exc:
        log.warning("built-in schemes not loaded: %s", exc)
    finished = finish_interrupted(db)  # issue 14 §2: before any family can be opened
    window = open_window(db, demo, settings)
    if window is not None:
        tell_finished(window, finished)
    return window


def open_first(window: MainWindow) -> None:
    """The recording open at the last close, at its frame; else the first one (if any);
    if the last one is gone, nothing open."""
    window.refresh_browser()
    if not restore_last_recording(window, window.prefs) and not has_last_recording(window.prefs):
        first = window.first_recording()
        if first is not None:
            window.open_recording(first.id)


def run_gui(
    db_url: str | None,
    demo: bool,
    screenshot: str | None = None,
    quit_after: float | None = None,
    verbose: bool = False,
    sign_in: bool = False,
) -> int:
    quiet_qt(verbose)  # before the QApplication: its first messages are chatter too
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("vfcoach")
    app.setOrganizationName("vfcoach")
    prefs = user_settings()
    try:
        signed_in = ask_sign_in(prefs) if sign_in else None
        if sign_in and signed_in is None:
            return 0  # the person cancelled the sign-in
        if not signed_in and not unlock_at_start(db_url, demo):
            return 0  # the person quit at the passphrase question: nothing was changed
        db = signed_in or Database.open(db_url)
    except VfcoachError as exc:
        print(f"vfcoach: error: {exc}", file=sys.stderr)
        QMessageBox.critical(None, "vfcoach cannot open its database", str(exc))
        return 1
    window = start_window(db, demo, prefs)
    if window is None:  # the first-start question was cancelled: nothing was created
        db.dispose()
        return 0
    exit_code = 0

    def first_view() -> None:
        open_first(window)
        if screenshot:
            QTimer.singleShot(1200, lambda: _save_screenshot(window, screenshot))
        if quit_after is not None:
            QTimer.singleShot(int(quit_after * 1000), app.quit)

    def demo_failed(message: str) -> None:
        nonlocal exit_code
        exit_code = 1
        print(f"vfcoach: error: demo project: {message}", file=sys.stderr)
        QMessageBox.warning(window, "Demo project", message)
        first_view()

    if demo:
        op = DemoProjectOperation(db, demo_media_dir())
        window.runner.start(
            op.run,
            title="Preparing the demo project (first run only)…",
            on_done=lambda _r: first_view(),
            on_error=demo_failed,
            parent_widget=window,
            lane=Lane.SERIAL,
        )
    else:
        QTimer.singleShot(0, first_view)
    code = app.exec()
    db.dispose()
    return exit_code or code
