"""Supervisor-side actions of the coding screen: schemes, fidelity clips, thresholds.

Kept out of the main window so it stays a wiring of parts; each action opens its dialog or
runs its Qt-free operation and tells the window to reload what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.tally import FidelityThresholds
from vfcoach.services.access import Actor
from vfcoach.services.recordings.open_for_coding import OpenedRecording
from vfcoach.services.tally.fidelity import DrawFidelityClipsOperation, save_thresholds
from vfcoach.storage.database import Database
from vfcoach.ui.schemes.scheme_editor import SchemeEditorDialog
from vfcoach.ui.session import CodingSession


class ThresholdsDialog(QDialog):
    """The programme's fidelity thresholds; the change is audit-logged by the operation."""

    def __init__(self, programme: str, current: FidelityThresholds, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Fidelity thresholds · {programme}")
        self.rate = QDoubleSpinBox()
        self.rate.setRange(0.0, 10.0)
        self.rate.setSingleStep(0.1)
        self.rate.setSuffix(" per minute")
        self.rate.setValue(current.min_rate_per_min)
        self.on_target = QDoubleSpinBox()
        self.on_target.setRange(0.0, 100.0)
        self.on_target.setSuffix(" %")
        self.on_target.setValue(current.min_on_target * 100)
        self._current = current
        form = QFormLayout(self)
        intro = QLabel(f"A clip meets fidelity for {programme} when it has at least:")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        form.addRow(intro)
        form.addRow("Comments", self.rate)
        form.addRow("On target", self.on_target)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def thresholds(self) -> FidelityThresholds:
        c = self._current
        return FidelityThresholds(
            min_rate_per_min=self.rate.value(),
            min_on_target=self.on_target.value() / 100,
            practice_rate_info=c.practice_rate_info,
            positive_share_flag=c.positive_share_flag,
            timely_latency_s=c.timely_latency_s,
            window_min=c.window_min,
        )


class FidelityActions:
    def __init__(
        self,
        db: Database,
        window: QWidget,
        session: CodingSession,
        reopen: Callable[[], None],
    ) -> None:
        self._db, self._window, self._session = db, window, session
        self._reopen = reopen

    def _current(self) -> OpenedRecording | None:
        return self._session.opened

    def _actor(self) -> Actor:
        return self._session.actor

    def edit_scheme(self) -> None:
        opened = self._current()
        if opened is None or opened.scheme.id is None:
            return
        dialog = SchemeEditorDialog(self._db, opened.scheme.id, self._window, actor=self._actor())
        dialog.exec()

    def draw_clips(self) -> None:
        opened = self._current()
        if opened is None:
            return
        if opened.coding_pass is None:  # the clips go into the person's own codes
            QMessageBox.information(
                self._window,
                "Fidelity clips",
                "Fidelity clips are drawn into your own codes: press 'Start coding this "
                "recording' first.",
            )
            return
        n, ok = QInputDialog.getInt(
            self._window,
            "Draw fidelity clips",
            "How many random 5-minute clips should be drawn from eligible time?",
            1,
            1,
            12,
        )
        if not ok:
            return
        actor = self._actor()
        op = DrawFidelityClipsOperation(self._db, opened.recording.id, actor.name, n, actor=actor)
        try:
            draw = op.run()
        except VfcoachError as exc:
            QMessageBox.warning(self._window, "Fidelity clips", str(exc))
            return
        QMessageBox.information(
            self._window,
            "Fidelity clips",
            f"Drew {len(draw.clips)} clip(s) with seed {draw.seed}; the draw is in the audit log.",
        )
        self._reopen()

    def edit_thresholds(self) -> None:
        opened = self._current()
        if opened is None:
            return
        dialog = ThresholdsDialog(opened.programme, opened.thresholds, self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            save_thresholds(self._db, opened.programme, dialog.thresholds(), actor=self._actor())
        except VfcoachError as exc:
            QMessageBox.warning(self._window, "Fidelity thresholds", str(exc))
            return
        self._reopen()
