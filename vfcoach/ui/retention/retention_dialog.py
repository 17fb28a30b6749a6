"""*File → Retention…*: how long each programme keeps families' data, and what is due.

The rule of one programme is edited at a time (the months and what happens to the codes);
below, the table lists what the rules would erase and when. Nothing is erased from here:
a family is erased from the browser (right-click, *Erase family…*), after the typed code.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.retention import MAX_MONTHS, CodesAfter, DueItem, DueKind, RetentionRule
from vfcoach.coding.visit_rules import PROGRAMME_NAMES, PROGRAMMES
from vfcoach.services.access import Actor
from vfcoach.services.retention.rules import due, rules, set_rule
from vfcoach.storage.database import Database
from vfcoach.ui.flat_table_model import AnyIndex, FlatTableModel

CODES_WORDS = {
    CodesAfter.DEIDENTIFY: "Kept, without names, notes or captions",
    CodesAfter.ERASE: "Erased with the family",
}
KIND_WORDS = {DueKind.DERIVED: "Reels and reports", DueKind.FAMILY: "The family"}


class DueModel(FlatTableModel):
    columns = ("Family", "What goes", "When", "Status")

    def __init__(self) -> None:
        super().__init__()
        self.items: list[DueItem] = []

    def set_items(self, items: list[DueItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def row_count(self) -> int:
        return len(self.items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        item = self.items[index.row()]
        when = "no visit date" if item.due_on is None else f"{item.due_on:%d %b %Y}"
        state = "on legal hold" if item.held else ("due now" if item.overdue else "")
        return (item.family, f"{KIND_WORDS[item.kind]}: {item.what}", when, state)[index.column()]


class RetentionDialog(QDialog):
    def __init__(self, db: Database, actor: Actor | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.setWindowTitle("Retention")
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "How long each programme keeps a family's data, counted from the family's last "
            "visit. There is no built-in period: a programme without a rule is never due."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.programme = QComboBox()
        for key in PROGRAMMES:
            self.programme.addItem(PROGRAMME_NAMES[key], key)
        self.video = QSpinBox()
        self.derived = QSpinBox()
        for box in (self.video, self.derived):
            box.setRange(-1, MAX_MONTHS)  # -1: not chosen yet (there is no built-in period)
            box.setSpecialValueText("not set")
            box.setSuffix(" months")
        self.codes = QComboBox()
        for codes, words in CODES_WORDS.items():
            self.codes.addItem(words, codes)
        self.save = QPushButton("Save rule")
        form = QFormLayout()
        form.addRow("Programme", self.programme)
        form.addRow("Video kept for", self.video)
        form.addRow("Reels and reports kept for", self.derived)
        form.addRow("Codes, when the family is erased", self.codes)
        row = QHBoxLayout()
        row.addWidget(self.save)
        row.addStretch(1)
        form.addRow("", row)
        layout.addLayout(form)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)
        layout.addWidget(QLabel("What the rules would erase, and when (nothing is erased here):"))
        self.model = DueModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.programme.currentIndexChanged.connect(lambda _i: self._show_rule())
        self.save.clicked.connect(self.save_rule)
        self._show_rule()
        self.refresh()

    def _show_rule(self) -> None:
        known = {r.programme: r for r in rules(self.db)}
        rule = known.get(str(self.programme.currentData()))
        self.video.setValue(-1 if rule is None else rule.media_months)
        self.derived.setValue(-1 if rule is None else rule.derived_months)
        codes = CodesAfter.DEIDENTIFY if rule is None else rule.codes
        self.codes.setCurrentIndex(self.codes.findData(codes))
        self._say("No rule yet for this programme." if rule is None else "", False)

    def save_rule(self) -> bool:
        if min(self.video.value(), self.derived.value()) < 0:
            self._say("Not saved: choose how many months the video and the reels are kept.", True)
            return False
        try:
            rule = RetentionRule(
                str(self.programme.currentData()),
                self.video.value(),
                self.derived.value(),
                CodesAfter(self.codes.currentData()),
            )
            set_rule(self.db, rule, self.actor)
        except VfcoachError as exc:
            self._say(f"Not saved: {exc}", True)
            return False
        self._say(
            f"Saved the rule for {PROGRAMME_NAMES.get(rule.programme, rule.programme)}.", False
        )
        self.refresh()
        return True

    def refresh(self, today: dt.date | None = None) -> None:
        items, _missing = due(self.db, today)
        self.model.set_items(items)

    def _say(self, text: str, bad: bool) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet("color: #a40000;" if bad else "")
