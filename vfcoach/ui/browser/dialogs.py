"""The questions the browser asks: a new family code, a visit's details, where to move a
recording, whether to remove one. Each returns None when the coach cancels.

Dates are picked from a calendar that stops at today, so a future or impossible date
cannot even be typed; the services check again, because the CLI and other windows write too.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from vfcoach.coding.project import Family, Visit
from vfcoach.coding.visit_rules import EARLIEST, MAX_VISIT_NUMBER, PROGRAMME_NAMES, PROGRAMMES
from vfcoach.services.recordings.organise import VisitFields


class VisitDialog(QDialog):
    """Number, date (or none) and programme of one visit."""

    def __init__(self, family_code: str, visit: Visit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit visit {visit.number} of {family_code}")
        form = QFormLayout(self)
        self.number = QSpinBox()
        self.number.setRange(1, MAX_VISIT_NUMBER)
        self.number.setValue(visit.number)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        self.date.setMinimumDate(QDate(EARLIEST.year, EARLIEST.month, EARLIEST.day))
        self.date.setMaximumDate(QDate.currentDate())
        self.no_date = QCheckBox("Date not known")
        if visit.date is None:
            self.date.setDate(QDate.currentDate())
            self.no_date.setChecked(True)
        else:
            self.date.setDate(QDate(visit.date.year, visit.date.month, visit.date.day))
        self.date.setEnabled(visit.date is not None)
        self.no_date.toggled.connect(lambda off: self.date.setEnabled(not off))
        self.programme = QComboBox()
        for key in PROGRAMMES:
            self.programme.addItem(PROGRAMME_NAMES[key], key)
        if visit.programme not in PROGRAMMES:  # a value stored before the list existed
            self.programme.addItem(visit.programme, visit.programme)
        self.programme.setCurrentIndex(self.programme.findData(visit.programme))
        form.addRow("Visit number", self.number)
        form.addRow("Date", self.date)
        form.addRow("", self.no_date)
        form.addRow("Programme", self.programme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> VisitFields:
        q = self.date.date()
        date = None if self.no_date.isChecked() else dt.date(q.year(), q.month(), q.day())
        return VisitFields(self.number.value(), date, str(self.programme.currentData()))


def ask_family_code(parent: QWidget, family: Family) -> str | None:
    code, ok = QInputDialog.getText(
        parent,
        "Rename family",
        f"New code for family {family.code}.\n"
        "Use a pseudonymous code (for example F-0417), never a name.",
        QLineEdit.EchoMode.Normal,
        family.code,
    )
    return code if ok and code.strip() else None


def ask_visit(parent: QWidget, family_code: str, visit: Visit) -> VisitFields | None:
    dialog = VisitDialog(family_code, visit, parent)
    return dialog.fields() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_target_visit(parent: QWidget, choices: list[tuple[str, object]]) -> object | None:
    """One of `choices` (label, value), or None when cancelled."""
    labels = [label for label, _v in choices]
    label, ok = QInputDialog.getItem(
        parent, "Move recording", "Move it, with all its codes, to:", labels, 0, False
    )
    return dict(choices).get(label) if ok else None


def confirm_remove(parent: QWidget, what: str, summary: str) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Remove recording")
    box.setText(f"Remove {what}?")
    box.setInformativeText(f"{summary}\nThis cannot be undone. To only hide it, archive it.")
    remove = box.addButton("Remove", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is remove
