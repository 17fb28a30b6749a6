"""The reel editor's bottom bar: export the reel, then show it to the caregiver.

Export runs on the app's `TaskRunner`, serial lane (it records itself in the database;
progress and Cancel), and reads the reel as it is when the job starts; its report carries
the audience it checked, the rule warnings and, per clip, the caption it rendered and the
talking point read with it, so what the caregiver window and the companion show is what the
file holds even if the coach edits on while it renders.
*Show to caregiver* puts the rendered file on the caregiver's screen (`presenting.py`), and
only ever a caregiver reel: for a coach-view reel it is disabled with a plain tooltip, and
the export of one (for the coach's own use) never enables it (domain.md §5 rules 2 and 3).
Each caption is seen once: burned into the picture, or (the coach's other choice) written
under it by the caregiver window, never both. A re-export that is cancelled or fails leaves
the last export showable: the file is only replaced when the new one is complete.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels import Reel
from vfcoach.output import CheckedTarget
from vfcoach.services.access import Actor
from vfcoach.services.audit import showing_job
from vfcoach.services.reels.export import (
    ExportReelOperation,
    ReelExportReport,
)
from vfcoach.services.reels.watermark import reel_file_name
from vfcoach.storage.database import Database
from vfcoach.ui.consent.showing import showing_allowed, watch_showing
from vfcoach.ui.present.caregiver_window import Caption, CaregiverWindow
from vfcoach.ui.present.coach_companion import CoachCompanion, CoachNote
from vfcoach.ui.reels.making_choice import MakingChoice
from vfcoach.ui.reels.override_dialog import COACH_ONLY_TIP
from vfcoach.ui.reels.presenting import CaregiverShowing, fill_screen_choice
from vfcoach.ui.reels.protection_choice import ProtectionChoice
from vfcoach.ui.runner import Lane, Task, TaskRunner
from vfcoach.ui.save_target import Confirm, ask_replace, judged
from vfcoach.video.export import ExportOptions
from vfcoach.video.export.spec import Mode

SHOW_TIP = (
    "After an export: plays it full screen for the caregiver, on the other screen"
    " when there is one, while you follow it here with your talking points"
)


class ExportBar(QWidget):
    def __init__(
        self,
        db: Database,
        actor: Actor,
        current_reel: Callable[[], Reel | None],
        coach_screens: Callable[[], list[QScreen | None]],
        runner: TaskRunner,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor  # who exports (the reel editor follows the window)
        self._current_reel, self._coach_screens = current_reel, coach_screens
        self.runner = runner
        self.last_export: ReelExportReport | None = None
        self._exported_captions: list[Caption] = []
        self._exported_notes: list[CoachNote] = []
        self._export_token: Task | None = None
        self._exported_for_caregiver = False
        self.exported_reel: int | None = None
        self.consent_watch: QObject | None = None  # stops the showing on withdrawal
        # replaceable, so a test can name the file and answer "Replace it?" without a dialog
        self.ask_path: Callable[[], str | None] = self._ask_path
        self.confirm_replace: Confirm = lambda path: ask_replace(self, path)
        self.companion = CoachCompanion()  # placed by the editor, on the coach's screen
        self.showing = CaregiverShowing(self.companion)

        self.protection = ProtectionChoice(db, actor)  # face blur and the viewer's mark
        self.blur, self.watermark = self.protection.blur, self.protection.watermark
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self._ask_export)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.making = MakingChoice(
            db, actor, runner, current_reel, self.status, self.watermark.marks, owner=self
        )
        self.mode, self.captions, self.title = (
            self.making.mode,
            self.making.captions,
            self.making.title,
        )
        self.show_button = QPushButton("Show to caregiver")
        self.show_button.setEnabled(False)
        self.show_button.setToolTip(SHOW_TIP)
        self.show_button.clicked.connect(self.show_to_caregiver)
        self.pin = QLineEdit()
        self.pin.setPlaceholderText("PIN to leave (optional)")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        hint = self.pin.fontMetrics().horizontalAdvance(self.pin.placeholderText())
        self.pin.setMinimumWidth(hint + 24)  # the hint is read whole, never "PIN to leave (opti…"
        self.pin.setMaximumWidth(max(180, hint + 24))
        self.screen_choice = QComboBox()
        self.screen_choice.setToolTip("The screen the caregiver watches")
        self.screen_choice.setVisible(False)
        # Two rows: how the file is made and Export on the first; what protects the family
        # (blur, the viewer's mark) and showing to the caregiver on the second, so no field
        # is squeezed to nothing when the editor is narrow.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        making, protecting = QHBoxLayout(), QHBoxLayout()
        for w in (self.mode, self.captions, self.title, self.export_button):
            making.addWidget(w)
        making.addWidget(self.status, 1)
        protecting.addWidget(self.protection, 1)
        for w in (self.pin, self.screen_choice, self.show_button):
            protecting.addWidget(w)
        layout.addLayout(making)
        layout.addLayout(protecting)

    def set_reel(self, reel: Reel | None) -> None:
        """The editor shows another reel (or the same one again): say what Show can do."""
        self.making.set_reel(reel)
        self.protection.set_reel(reel)
        coach_view = reel is not None and not reel.for_caregiver
        self.show_button.setToolTip(COACH_ONLY_TIP if coach_view else SHOW_TIP)
        ready = self.last_export is not None and self._exported_for_caregiver
        self.show_button.setEnabled(ready and not coach_view and not self.exporting)

    # --- export ------------------------------------------------------------------------
    @property
    def exporting(self) -> bool:
        return self._export_token is not None

    def _ask_path(self) -> str | None:
        reel = self._current_reel()
        suggested = "reel.mp4"
        if reel is not None and reel.id is not None:
            suggested = reel_file_name(self.db, reel.id)  # codes and date, never a name
        path, _ = QFileDialog.getSaveFileName(
            self, "Export reel", suggested, "MP4 video (*.mp4)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # the policy asks (save_target)
        )  # fmt: skip
        if not path:
            return None
        return path if Path(path).suffix else f"{path}.mp4"

    def _ask_export(self) -> None:
        path = self.ask_path()
        if path:
            self.export_to(path, "fast" if self.making.fast else "exact")

    def _refused(self, message: str) -> None:
        self.status.setText(f"Not exported: {message}")

    def export_to(self, path: str | Path, mode: Mode = "exact") -> None:
        """Render the current reel to `path` on the runner; the result arrives on the UI thread.

        The target is judged first, here: a protected file is refused with its reason, and an
        existing file is replaced only if `confirm_replace` says yes.
        """
        reel = self._current_reel()
        if reel is None or reel.id is None or self.exporting:
            return
        probe_op = ExportReelOperation(self.db, reel.id, path)

        def check(replace: bool) -> CheckedTarget:
            probe_op.replace = replace
            return probe_op.check_target()

        def confirm(existing: Path) -> bool:
            replace = self.confirm_replace(existing)
            if not replace:
                self.status.setText(f"Not exported: {existing.name} was kept as it is")
            return replace

        target = judged(check, confirm, self._refused)
        if target is None:
            return
        self.protection.read_consent()  # the consent in force now decides the copy
        try:
            mark = self.watermark.watermark()  # §7.8: every copy is marked, unless agreed
        except VfcoachError as exc:
            self._refused(str(exc))
            return
        options = ExportOptions(
            mode=mode,
            captions=self.making.caption_mode,
            title=self.title.text().strip() or None,
            face_blur=self.blur.face_blur,
            watermark=mark,
        )
        op = ExportReelOperation(
            self.db, reel.id, path, options, self.actor, target.replace,
            showing=self.blur.showing, unblurred_agreed=self.blur.unblurred_agreed,
        )  # fmt: skip
        self.exported_reel = reel.id  # caregiver mode checks its family's consent (§14.1)
        self.export_button.setEnabled(False)
        self.show_button.setEnabled(False)  # until the new file is there, or it was not made
        self.status.setText("Exporting…")
        self._export_token = self.runner.start(
            op.run,
            title="Exporting the reel",
            on_done=self._exported,
            on_error=self._export_failed,
            parent_widget=self.window(),
            lane=Lane.SERIAL,
            owner=self,
        )

    def _exported(self, report: ReelExportReport) -> None:
        self._export_token = None
        self.export_button.setEnabled(True)
        self.last_export = report
        self._exported_captions = [
            (round(c.out_start_ms), round(c.out_end_ms), c.caption) for c in report.clips
        ]
        self._exported_notes = [
            (c.caption, talking)
            for c, talking in zip(report.clips, report.talking_points, strict=True)
        ]
        said = dict.fromkeys(p.message for p in report.rule_warnings)  # each reason once
        notes = "".join(f"\n{w}" for w in [*said, *report.warnings])
        self.status.setText(f"Saved {report.target}{notes}")
        # What the export itself checked, not what the editor believed when it started.
        self._exported_for_caregiver = report.for_caregiver
        self.show_button.setEnabled(self._exported_for_caregiver)
        if not self._exported_for_caregiver:
            self.status.setText(f"Saved {report.target} (coach view: for your own use){notes}")

    def _export_failed(self, message: str) -> None:
        self._export_token = None
        self.export_button.setEnabled(True)
        earlier = self._earlier_export()
        self.show_button.setEnabled(earlier is not None)
        still = f" The earlier export ({earlier.name}) can still be shown." if earlier else ""
        self.status.setText(f"Not exported: {message}{still}")

    def _earlier_export(self) -> Path | None:
        """The last finished caregiver export, if its file is still there to be shown."""
        if self.last_export is None or not self._exported_for_caregiver:
            return None
        target = Path(self.last_export.target)
        return target if target.is_file() else None

    def cancel_export(self) -> None:
        if self._export_token is not None:
            self._export_token.cancel()

    # --- showing -----------------------------------------------------------------------
    @property
    def caregiver(self) -> CaregiverWindow | None:
        return self.showing.window

    def refresh_screens(self) -> None:
        fill_screen_choice(self.screen_choice, self._coach_screens())

    def show_to_caregiver(self) -> None:
        """The last export, full screen on the caregiver's screen; the companion follows it."""
        if self.last_export is None or not self._exported_for_caregiver:
            return  # never a coach-view reel in caregiver mode (§5 rules 2 and 3)
        family = showing_allowed(self)  # consent: caregiver viewing, else a plain refusal
        if family is None:
            return
        self.refresh_screens()
        screen = self.screen_choice.currentData()
        window = self.showing.start(
            self.last_export.target,
            self._exported_captions,
            self._exported_notes,
            pin=self.pin.text().strip() or None,
            screen=screen if isinstance(screen, QScreen) else None,
            lint=self.last_export.caption_lint,
            captions_under=self.last_export.captions == "subtitles",  # not burned in, not off
        )
        reel = self._current_reel()
        if reel is not None and reel.id is not None:  # a showing is audited (issue 14 §4)
            self.runner.start_quiet(showing_job(self.db, self.actor, reel.id), lambda _: None,
                                    self.status.setText, lane=Lane.SERIAL)  # fmt: skip
        self.consent_watch = watch_showing(self, family, window)

    def dispose(self) -> None:
        """Close the caregiver view; cancel an export in flight and wait until it stopped."""
        self.showing.stop()
        self.runner.discard(self)
        self._export_token = None
