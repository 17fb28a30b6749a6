"""Which reel hand-picked moments go to: one of the visit's reels, or a new one.

Asked each time, because a visit often has a caregiver reel and a coach-view reel side by
side; the last reel used is offered first, so adding several moments one after another is
one Enter each. A new reel gets its audience here, as in the editor, since it never changes.
A free range also asks for its caption: unlike an event, it has no code to take one from.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.reels import Audience, Reel, ReelId
from vfcoach.ui.reels.override_dialog import AudienceChoice

NEW_REEL = "New reel…"


@dataclass(frozen=True, slots=True)
class ReelChoice:
    """An existing reel (`reel_id`), or a new one with this title and audience."""

    reel_id: ReelId | None
    title: str = ""
    audience: Audience = Audience.CAREGIVER
    caption: str = ""


class ReelChoiceDialog(QDialog):
    def __init__(
        self,
        reels: list[Reel],
        what: str,
        ask_caption: bool,
        last: ReelId | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to reel")
        self.reels = QComboBox()
        for reel in reels:
            view = "" if reel.for_caregiver else ", coach view"
            self.reels.addItem(f"{reel.title} ({len(reel.clips)} clips{view})", reel.id)
        self.reels.addItem(NEW_REEL, None)
        found = self.reels.findData(last) if last is not None else -1
        self.reels.setCurrentIndex(found if found >= 0 else 0)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Visit 3 – for Mia's mother")
        self.audience = AudienceChoice()
        self.caption = QLineEdit()
        self.caption.setPlaceholderText("What the caregiver reads, in plain words")
        form = QFormLayout()
        form.addRow("Reel", self.reels)
        form.addRow("Title of the new reel", self.title)
        form.addRow("Who it is for", self.audience)
        if ask_caption:
            form.addRow("Caption", self.caption)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Add {what} to:"))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.reels.currentIndexChanged.connect(lambda _i: self._show_new_reel_fields())
        self._show_new_reel_fields()

    def _show_new_reel_fields(self) -> None:
        new = self.reels.currentData() is None
        form = self.layout().itemAt(1).layout()  # type: ignore[union-attr]
        assert isinstance(form, QFormLayout)
        for field in (self.title, self.audience):
            form.setRowVisible(field, new)

    def choice(self) -> ReelChoice:
        data = self.reels.currentData()
        reel_id = None if data is None else ReelId(int(data))
        return ReelChoice(reel_id, self.title.text(), self.audience.audience, self.caption.text())
