"""The small widgets of reel audiences and overrides (domain.md §5 hard rules 1 and 2).

`AudienceChoice` is asked when a reel is made, because the audience decides which rules the
reel keeps and it never changes afterwards. `OverrideDialog` asks the coach why one refused
clip should be kept; it says plainly that the reason is logged, and OK stays disabled until
the reason has the words the rule asks for, so the dialog cannot produce a refusal of its own.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.reels import MIN_REASON_WORDS, Audience

COACH_ONLY_TIP = (
    "This is a coach-view reel: you use it in person, with the caregiver beside you. It may "
    "hold a corrective clip, so it is never shown in caregiver mode. Export it for your own use."
)


class AudienceChoice(QComboBox):
    """Who a new reel is for; caregiver reels are the default (today's behaviour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("For the caregiver", Audience.CAREGIVER.value)
        self.addItem("Coach view (in person, may hold a corrective clip)", Audience.COACH.value)
        self.setToolTip("Who the new reel is for; it cannot be changed later")

    @property
    def audience(self) -> Audience:
        return Audience(str(self.currentData()))


class OverrideDialog(QDialog):
    """Asks for the reason to keep one clip; `reason` is what the coach wrote, tidied."""

    def __init__(self, clip_number: int, refusal: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Keep clip {clip_number}?")
        explain = QLabel(
            f"Clip {clip_number} is refused: {refusal}\n\n"
            "You can keep it if you have a reason. Write why in a few words "
            f"(at least {MIN_REASON_WORDS}). Your name, the time, the clip and your reason "
            "are written to the audit log. A frightening moment can never be kept."
        )
        explain.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("Why this clip should stay in the reel")
        self.reason_edit.textChanged.connect(self._check)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setText("Keep the clip")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.resize(460, 280)
        self._check()

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    @property
    def reason(self) -> str:
        return " ".join(self.reason_edit.toPlainText().split())

    def _check(self) -> None:
        self.ok_button.setEnabled(len(self.reason.split()) >= MIN_REASON_WORDS)
