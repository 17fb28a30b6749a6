"""The export bar's face-blur choice: "Blur faces" and "For training" (issue 14 §5).

A coach ticks *Blur faces* for any export that may be seen outside the family. *For
training* says the reel will be shown to other coaches or staff: that is outside the
family, so *Blur faces* is ticked and locked while it is on (the export service refuses a
training showing without blur anyway, unless the family's training consent agrees).
Unticking *For training* gives the coach's own earlier choice back.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QWidget

from vfcoach.coding.face_blur import Showing, blur_required
from vfcoach.video.faces import FaceBlurOptions

BLUR_TIP = (
    "Blurs every face in every frame of the exported file, following each face as it moves."
    "\nThe whole reel is re-encoded (slower than Fast); the sound is kept."
)
TRAINING_TIP = (
    "The reel will be shown to other coaches or staff in training, outside the family:"
    "\nevery face is blurred unless the family's training consent agrees to showing faces."
)
LOCKED_TIP = "A training showing is outside the family: faces are always blurred."


class BlurChoice(QWidget):
    """Two check boxes; `face_blur` and `showing` are what the export is given."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blur = QCheckBox("Blur faces")
        self.blur.setToolTip(BLUR_TIP)
        self.training = QCheckBox("For training")
        self.training.setToolTip(TRAINING_TIP)
        self._own_choice = False
        self.unblurred_agreed = False  # set by the caller from the family's training consent
        self.blur.toggled.connect(self._blur_toggled)
        self.training.toggled.connect(self._training_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.blur)
        layout.addWidget(self.training)

    @property
    def showing(self) -> Showing | None:
        """A training showing when ticked; otherwise the reel's own audience (None)."""
        return Showing.TRAINING if self.training.isChecked() else None

    @property
    def face_blur(self) -> FaceBlurOptions | None:
        return FaceBlurOptions() if self.blur.isChecked() else None

    def _blur_toggled(self, on: bool) -> None:
        if self.blur.isEnabled():
            self._own_choice = on
        self.changed.emit()

    def _training_toggled(self, on: bool) -> None:
        locked = on and blur_required(Showing.TRAINING, self.unblurred_agreed)
        self.blur.setEnabled(not locked)
        self.blur.setToolTip(LOCKED_TIP if locked else BLUR_TIP)
        self.blur.setChecked(True if locked else self._own_choice)
        self.changed.emit()
