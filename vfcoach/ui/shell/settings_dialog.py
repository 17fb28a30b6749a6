"""Settings (Ctrl+,): where the data is, and the organisation's fidelity, reliability and
caption settings.

Saving is all or nothing. Every page's values are built (which checks them) before anything
is written; the organisation's settings then go to the database in one transaction through
`services/settings/project.py`, and only after that the computer's own choice of database
and data folder goes to its file (`storage/location.py`, read by the CLI too). A refused
value shows its message and changes nothing.
*Test connection* connects on the task runner's parallel lane, never on the UI thread, and
says plainly whether it worked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.coding.errors import VfcoachError
from vfcoach.services.reliability.plan import may_plan
from vfcoach.services.settings.project import (
    ProjectSettings,
    load_project_settings,
    save_project_settings,
)
from vfcoach.storage.database import Database, check_connection
from vfcoach.storage.engine import sqlite_path
from vfcoach.storage.media_folders import checked_folder, read_media_folders, set_media_folders
from vfcoach.ui.runner import TaskRunner
from vfcoach.ui.session import CodingSession
from vfcoach.ui.shell.media_folders_page import MediaFoldersPage
from vfcoach.ui.shell.preferences import InvalidPreference, read_location, write_location
from vfcoach.ui.shell.settings_pages import (
    CaptionWordsPage,
    FidelityPage,
    ReliabilityPage,
    WherePage,
)


def in_words(db: Database) -> str:
    """The open database as a coach would say it: a file here, or a server there."""
    path = sqlite_path(db.url)
    return f"the file {path} on this computer" if path else f"the server {db.masked_url}"


class SettingsDialog(QDialog):
    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        session: CodingSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.db, self.runner, self.session = db, runner, session
        self.where_before = read_location()
        self.loaded: ProjectSettings = load_project_settings(db)
        refusal = may_plan(db, session.actor, "change the reliability defaults")
        self.where_page = WherePage(self.where_before, in_words(db))
        self.fidelity_page = FidelityPage(self.loaded.thresholds)
        self.reliability_page = ReliabilityPage(self.loaded.irr, refusal)
        self.words_page = CaptionWordsPage(self.loaded.jargon)
        self.media_before = list(read_media_folders().folders)
        self.media_page = MediaFoldersPage(tuple(self.media_before))
        self.tabs = QTabWidget()
        self.tabs.addTab(self.where_page, "Database and data folder")
        self.tabs.addTab(self.fidelity_page, "Fidelity")
        self.tabs.addTab(self.reliability_page, "Reliability")
        self.tabs.addTab(self.words_page, "Caption words")
        self.tabs.addTab(self.media_page, "Media folders")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.where_page.test_button.clicked.connect(self.test_connection)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.saved: list[str] = []
        self.resize(640, 480)

    def _say(self, text: str, error: bool) -> None:
        self.message.setStyleSheet("color: #a93226;" if error else "color: #2e7d32;")
        self.message.setText(text)

    def save(self) -> bool:
        """Check every page, then write; on any refusal say why and change nothing."""
        try:
            where = self.where_page.where()
            media = self.media_page.folders()
            for folder in set(media) - set(self.media_before):
                checked_folder(folder)  # gone since it was added: say so, save nothing
            after = ProjectSettings(
                thresholds=self.fidelity_page.thresholds(),
                irr=self.reliability_page.settings(),
                jargon=self.words_page.terms(),
            )
            self.saved = save_project_settings(self.db, self.loaded, after, self.session.actor)
        except (VfcoachError, InvalidPreference) as exc:
            self._say(f"Nothing was saved: {exc}", error=True)
            return False
        self.loaded = after
        if media != self.media_before:
            set_media_folders(media)  # this computer's own file, checked above
            self.media_before = media
            self.saved.append("media folders")
        if where != self.where_before:
            write_location(where)
            self.saved.append("database and data folder (from the next start)")
        if parent := self.parentWidget():
            status = getattr(parent, "status", None)
            if status is not None and self.saved:
                status.showMessage("Saved: " + ", ".join(self.saved), 8000)
        self.accept()
        return True

    def test_connection(self) -> None:
        """Connect to the typed address on a worker; the answer appears beside the button."""
        url = self.where_page.address.text().strip()
        if not url:
            self.where_page.test_result.setText("Type the server address first.")
            return
        self.where_page.test_button.setEnabled(False)
        self.where_page.test_result.setStyleSheet("")
        self.where_page.test_result.setText("Connecting…")

        def job(_progress: Progress, _token: CancelToken) -> str:
            return check_connection(url)

        self.runner.start_quiet(job, self._connected, self._not_connected, owner=self)

    def _connected(self, text: str) -> None:
        self.where_page.test_button.setEnabled(True)
        self.where_page.test_result.setStyleSheet("color: #2e7d32;")
        self.where_page.test_result.setText(f"It worked. {text}.")

    def _not_connected(self, reason: str) -> None:
        self.where_page.test_button.setEnabled(True)
        self.where_page.test_result.setStyleSheet("color: #a93226;")
        self.where_page.test_result.setText(f"It did not work: {reason}")
