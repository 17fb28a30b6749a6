"""The first start asks who is coding; the answer is remembered for that database.

The window used to start as a coder called "Coach" and create that coder without asking.
Now, when this computer has no person remembered for the database it opens (or the person
remembered is not in it), `ask_person` shows `PersonDialog`: the person's name (typed, or
chosen among the people already here) and role. `services.people.join` records them; the
role rule is that service's (a new supervisor only while there is none), so the dialog is
not a second way around `vfcoach double role`. The demo skips all this (`--demo`).
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.project import CoderRole
from vfcoach.services.access import Actor
from vfcoach.services.people import People, PersonRefused, join, list_people
from vfcoach.storage.database import Database

COACH_TEXT = "Coach: I code recordings of the families I work with"
SUPERVISOR_TEXT = "Supervisor: I plan double coding and settle disagreements"


def person_key(db: Database) -> str:
    """One settings key per database (its address without a password), hashed, so two data
    folders or a PostgreSQL server each remember their own person."""
    return "person/" + hashlib.sha256(db.masked_url.encode()).hexdigest()[:16]


def remembered_person(settings: QSettings, db: Database) -> str:
    return str(settings.value(person_key(db), "") or "")


def remember_person(settings: QSettings, db: Database, name: str) -> None:
    settings.setValue(person_key(db), name)


class PersonDialog(QDialog):
    """Name and role; `actor` is set once `join` accepted them."""

    def __init__(
        self, db: Database, people: People, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db, self._people = db, people
        self.actor: Actor | None = None
        self.setWindowTitle("Who is coding?")
        intro = QLabel(
            "vfcoach keeps each person's codes apart, so it needs to know who you are. "
            "Type your name, or choose it if you have coded here before."
        )
        intro.setWordWrap(True)
        self.name_box = QComboBox()
        self.name_box.setEditable(True)
        self.name_box.addItems(list(people.names))
        self.name_box.setCurrentText(name)
        line = self.name_box.lineEdit()
        assert line is not None
        line.setPlaceholderText("Your name, e.g. Ana Lima")
        self.coach = QRadioButton(COACH_TEXT)
        self.supervisor = QRadioButton(SUPERVISOR_TEXT)
        self.coach.setChecked(True)
        self._roles = QButtonGroup(self)
        self._roles.addButton(self.coach)
        self._roles.addButton(self.supervisor)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #a00000;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Start")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Your name"))
        layout.addWidget(self.name_box)
        layout.addWidget(QLabel("Your role"))
        for widget in (self.coach, self.supervisor, self.rule, self.error):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.name_box.currentTextChanged.connect(self._follow_name)
        self._follow_name(self.name_box.currentText())
        self.setMinimumWidth(460)

    def _follow_name(self, text: str) -> None:
        """A known name keeps its stored role; a new one may be supervisor only if there is
        none yet. The rule is said in words, not only shown by a greyed-out button."""
        name = " ".join(text.split())
        role = self._people.roles.get(name)
        self.error.clear()
        self.ok_button.setEnabled(bool(name))
        if role is not None:
            (self.supervisor if role is CoderRole.SUPERVISOR else self.coach).setChecked(True)
            self.coach.setEnabled(False)
            self.supervisor.setEnabled(False)
            what = "a supervisor" if role is CoderRole.SUPERVISOR else "a coach"
            self.rule.setText(f"{name} has been here before as {what}; that stays as it is.")
            return
        self.coach.setEnabled(True)
        allowed = self._people.supervisor_allowed
        self.supervisor.setEnabled(allowed)
        if not allowed:
            self.coach.setChecked(True)
            who = ", ".join(self._people.supervisors)
            self.rule.setText(
                f"This team already has a supervisor ({who}). Only a supervisor can "
                "make someone else a supervisor, so start as a coach and ask them."
            )
        else:
            self.rule.setText("Nobody here is a supervisor yet; the first one may say so here.")

    def role(self) -> CoderRole:
        return CoderRole.SUPERVISOR if self.supervisor.isChecked() else CoderRole.CODER

    def accept(self) -> None:
        try:
            self.actor = join(self._db, self.name_box.currentText(), self.role())
        except PersonRefused as exc:
            self.error.setText(f"Not started: {exc}.")
            return
        super().accept()


def ask_person(
    db: Database, settings: QSettings, parent: QWidget | None = None, always: bool = False
) -> Actor | None:
    """The person remembered for this database if they are in it; else ask (None: cancelled).

    `always`: ask even so (the coder box's *New person…*)."""
    people = list_people(db)
    name = remembered_person(settings, db)
    if name in people.names and not always:
        return Actor(name, people.roles[name])  # the session resolves the rest
    if not name:  # before this question: the one name the window used to remember, offered
        name = str(settings.value("coder", "") or "")
        name = name if name in people.names else ""
    dialog = PersonDialog(db, people, "" if always else name, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    remember_person(settings, db, dialog.actor.name)
    return dialog.actor
