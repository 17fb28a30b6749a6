"""The small form behind *Record consent…*: which use, who agreed, the form, until when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from vfcoach.coding.consent import Scope


@dataclass(frozen=True, slots=True)
class ConsentAnswer:
    scope: Scope
    consented_by: str
    document: str
    until: dt.date | None
    clean_take_home: bool
    unblurred: bool


class ConsentForm(QDialog):
    """Asks what the family agreed to; `answer()` is None until the coach presses Record."""

    def __init__(self, family_code: str, scope: Scope | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Record consent of family {family_code}")
        self.setMinimumWidth(480)
        self.scope = QComboBox()
        for s in Scope:
            self.scope.addItem(s.label, s.value)  # Qt keeps a str, not the enum
        if scope is not None:
            self.scope.setCurrentIndex(self.scope.findData(scope.value))
        self.consented_by = QLineEdit()
        self.consented_by.setPlaceholderText("e.g. birth mother; agency guardian")
        self.document = QLineEdit()
        self.document.setPlaceholderText("reference of the signed form")
        self.has_end = QCheckBox("Ends on")
        self.until = QDateEdit(QDate.currentDate().addYears(1))
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMM yyyy")
        self.until.setMinimumDate(QDate.currentDate())
        self.until.setEnabled(False)
        self.has_end.toggled.connect(self.until.setEnabled)
        self.clean = QCheckBox("A clean take-home copy (no watermark) was agreed")
        self.unblurred = QCheckBox("Faces may be shown unblurred")
        self.scope.currentIndexChanged.connect(self._scope_chosen)
        note = QLabel(
            "Record who agreed: every adult in the video, and for the child whoever holds "
            "legal authority. Use roles or codes, not names."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton("Record", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(note)
        form.addRow("Use", self.scope)
        form.addRow("Agreed by", self.consented_by)
        form.addRow("Consent form", self.document)
        form.addRow(self.has_end, self.until)
        form.addRow(self.clean)
        form.addRow(self.unblurred)
        form.addRow(buttons)
        self._scope_chosen()

    def _scope_chosen(self) -> None:
        """Each extra only with its use: take-home with caregiver viewing, faces with training."""
        scope = self.chosen
        self.clean.setVisible(scope is Scope.CAREGIVER_VIEWING)
        self.unblurred.setVisible(scope is Scope.TRAINING)
        self.clean.setChecked(self.clean.isChecked() and scope is Scope.CAREGIVER_VIEWING)
        self.unblurred.setChecked(self.unblurred.isChecked() and scope is Scope.TRAINING)

    @property
    def chosen(self) -> Scope:
        return Scope(self.scope.currentData())

    def answer(self) -> ConsentAnswer:
        scope = self.chosen
        until = self.until.date().toPython() if self.has_end.isChecked() else None
        assert until is None or isinstance(until, dt.date)
        return ConsentAnswer(
            scope,
            self.consented_by.text().strip(),
            self.document.text().strip(),
            until,
            self.clean.isChecked() and scope is Scope.CAREGIVER_VIEWING,
            self.unblurred.isChecked() and scope is Scope.TRAINING,
        )
