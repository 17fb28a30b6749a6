"""The export bar's second row, what protects a family in an exported copy: face blur
(`BlurChoice`) and the viewer's mark (`WatermarkField`), with what the family's consent
allows of each (issue 14 §1, §5, §6).

The consent and the reel's family are read once per reel shown, not at each clip edit (the
editor shows the reel again after every trim), and read afresh when an export starts, so a
consent changed meanwhile decides the copy. The export service checks the training faces
again itself; the clean take-home copy is decided here from the consent in force then.
"""

from __future__ import annotations

import contextlib

from PySide6.QtWidgets import QHBoxLayout, QWidget

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.face_blur import Showing
from vfcoach.coding.reels import Reel
from vfcoach.services.access import Actor
from vfcoach.services.reels.watermark import training_faces_agreed
from vfcoach.storage.database import Database
from vfcoach.ui.reels.blur_choice import BlurChoice
from vfcoach.ui.reels.watermark_field import WatermarkField


class ProtectionChoice(QWidget):
    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.blur = BlurChoice()  # face blur; a training showing locks it on
        self.watermark = WatermarkField(db, actor)  # what the copy is marked with
        self.blur.changed.connect(
            lambda: self.watermark.set_training(self.blur.showing is Showing.TRAINING)
        )
        self._reel: Reel | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.blur)
        layout.addWidget(self.watermark, 1)

    def set_reel(self, reel: Reel | None) -> None:
        """Another reel is shown: read its family's consent; the same one again: nothing."""
        same = (reel is None and self._reel is None) or (
            reel is not None and self._reel is not None and reel.id == self._reel.id
        )
        self._reel = reel
        if not same:
            self.read_consent()

    def read_consent(self) -> None:
        """What the consent in force allows now (called again when an export starts)."""
        reel = self._reel
        self.watermark.set_reel(reel)
        agreed = False  # the training consent may agree to faces shown: blur is then a choice
        if reel is not None and reel.id is not None:
            with contextlib.suppress(VfcoachError):
                agreed = training_faces_agreed(self.db, reel.id)
        self.blur.unblurred_agreed = agreed
