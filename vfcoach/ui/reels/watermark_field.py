"""The export bar's watermark line: what the mark on the exported copy will say (§7 rule 8).

A caregiver copy is marked with the family code and today's date; a coach-view or training
reel with the name of the person it will be shown to, typed here (left blank, the coach's
own name: a coach-view reel is for the coach's own use in person). The coach sees the exact
words before exporting. `clean_take_home_agreed` is set from the caregiver-viewing consent
record (the consent feature wires it); until then every caregiver copy is marked.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels import Audience, Reel
from vfcoach.coding.reels.watermark import Watermark, watermark_for
from vfcoach.services.access import Actor
from vfcoach.services.reels.watermark import reel_audience_and_family
from vfcoach.storage.database import Database

TIP = (
    "Every exported copy carries a small mark in its bottom-right corner, in every frame:\n"
    "the family code and date for a caregiver's copy, or the name of who will watch a\n"
    "coach-view or training reel. The mark is drawn into the picture, so a fast export\n"
    "is re-encoded."
)


class WatermarkField(QWidget):
    """Shows the mark of the next export; asks who will watch a coach-view reel."""

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.clean_take_home_agreed = False  # from the consent record, once that is wired
        self._audience = Audience.CAREGIVER
        self._family_code = ""
        self.label = QLabel("")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setToolTip(TIP)
        # the whole mark is read, never "Training group B ·": the status line gives way instead
        self.label.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.viewer = QLineEdit()
        self.viewer.setPlaceholderText("Shown to (name)")
        self.viewer.setToolTip(
            "Who will watch this coach-view or training reel: their name marks it"
        )
        self.viewer.setMaximumWidth(160)
        self.viewer.textChanged.connect(self._update)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.viewer)
        layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
        self.setVisible(False)

    def set_reel(self, reel: Reel | None) -> None:
        if reel is None or reel.id is None:
            self.setVisible(False)
            return
        try:
            self._audience, self._family_code = reel_audience_and_family(self.db, reel.id)
        except VfcoachError:
            self.setVisible(False)
            return
        self.viewer.setVisible(self._audience is not Audience.CAREGIVER)
        self.setVisible(True)
        self._update()

    def watermark(self, today: dt.date | None = None) -> Watermark | None:
        """The mark for an export now; None for an agreed clean take-home copy."""
        viewer = self.viewer.text().strip() or self.actor.name
        day = today or dt.date.today()
        return watermark_for(
            self._audience, self._family_code, day, viewer, self.clean_take_home_agreed
        )

    def marks(self) -> bool:
        """Whether the next export will carry a mark (so a fast export is re-encoded)."""
        try:
            return not self.isHidden() and self.watermark() is not None
        except VfcoachError:
            return True  # a coach-view reel waiting for a name: it will be marked

    def _update(self) -> None:
        try:
            mark = self.watermark()
        except VfcoachError as exc:
            self.label.setText(str(exc))
            return
        if mark is None:
            self.label.setText("No watermark: a clean take-home copy was agreed")
        else:
            self.label.setText(f"Watermark: {mark.text}")
        self.updateGeometry()
