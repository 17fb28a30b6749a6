"""*Consent…*: what a family agreed to, use by use, with Record and Withdraw.

Opened from the browser (right-click a family) or Family > Consent. Reads and writes run on
the app's task runner (writes on its serial lane), so a busy database never freezes the
window. Recording or withdrawing is not an undoable edit: it is a dated entry in the family's
consent history, which keeps every record. A withdrawal takes effect at once: open coding and
caregiver windows of the family stop (`watch.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.cancel import CancelToken, Progress
from vfcoach.coding.consent import Scope
from vfcoach.services.access import Actor
from vfcoach.services.consent import (
    family_codes,
    history_lines,
    scope_lines,
    set_consent,
    withdraw_consent,
)
from vfcoach.storage.database import Database
from vfcoach.ui.consent.form import ConsentAnswer, ConsentForm
from vfcoach.ui.consent.model import ConsentTableModel
from vfcoach.ui.runner import Lane, TaskRunner

HINT = "Choose a use in the table, then record the family's consent or its withdrawal."
Asker = Callable[[str, Scope | None], ConsentAnswer | None]


class ConsentPanel(QDialog):
    changed = Signal(str)  # a family's consent was recorded or withdrawn (its code)

    def __init__(
        self,
        db: Database,
        who: Callable[[], Actor],
        runner: TaskRunner,
        family_code: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self._who, self.runner = db, who, runner
        self.setWindowTitle("Consent")
        self.resize(880, 360)
        # replaceable, so a test answers the form and the question the way a coach would
        self.ask_consent: Asker = self._ask_consent
        self.confirm_withdraw: Callable[[str, Scope], bool] = self._confirm_withdraw
        self.family = QComboBox()
        self.family.setMinimumContentsLength(12)
        self.family.currentIndexChanged.connect(self.reload)
        self.show_history = QCheckBox("Show every record, earlier ones too")
        self.show_history.toggled.connect(self.reload)
        self.model = ConsentTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.record())
        self.status = QLabel(HINT)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.record_button = QPushButton("Record consent…")
        self.record_button.clicked.connect(self.record)
        self.withdraw_button = QPushButton("Withdraw…")
        self.withdraw_button.clicked.connect(self.withdraw)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel("Family"))
        top.addWidget(self.family)
        top.addStretch(1)
        top.addWidget(self.show_history)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._wanted = family_code
        self._read(lambda p, t: family_codes(self.db), self._families_read)

    # --- reading ---------------------------------------------------------------------
    @property
    def family_code(self) -> str | None:
        code = self.family.currentText()
        return code or None

    def _read(
        self, job: Callable[[Progress, CancelToken], Any], done: Callable[[Any], None]
    ) -> None:
        self.runner.start_quiet(job, done, self._failed, owner=self)

    def _families_read(self, codes: list[str]) -> None:
        self.family.blockSignals(True)
        self.family.clear()
        self.family.addItems(codes)
        if self._wanted in codes:
            self.family.setCurrentText(self._wanted)
        self.family.blockSignals(False)
        if not codes:
            self.status.setText("There is no family yet: add a video for a family first.")
        self.reload()

    def reload(self) -> None:
        code = self.family_code
        self.record_button.setEnabled(code is not None)
        history = self.show_history.isChecked()
        self.withdraw_button.setEnabled(code is not None and not history)  # the use in force
        if code is None:
            return
        if history:
            self._read(lambda p, t: history_lines(self.db, code), self.model.set_lines)
        else:
            self._read(lambda p, t: scope_lines(self.db, code)[1], self.model.set_lines)

    def _failed(self, message: str) -> None:
        self.status.setText(message)

    # --- writing ---------------------------------------------------------------------
    def _selected_scope(self) -> Scope | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.scope_at(rows[0].row()) if rows else None

    def record(self) -> None:
        code = self.family_code
        if code is None:
            return
        answer = self.ask_consent(code, self._selected_scope())
        if answer is None:
            return
        actor = self._who()
        self._write(
            lambda p, t: set_consent(
                self.db, code, answer.scope, actor, answer.consented_by, answer.document,
                answer.until, answer.clean_take_home, answer.unblurred,
            ),
            f"{answer.scope.label} recorded for family {code}.",
            code,
        )  # fmt: skip

    def withdraw(self) -> None:
        code, scope = self.family_code, self._selected_scope()
        if code is None:
            return
        if scope is None:
            self.status.setText("Choose the use to withdraw in the table first.")
            return
        if not self.confirm_withdraw(code, scope):
            return
        actor = self._who()
        self._write(
            lambda p, t: withdraw_consent(self.db, code, scope, actor),
            f"{scope.label} withdrawn for family {code}.",
            code,
        )

    def _write(self, job: Callable[[Progress, CancelToken], Any], said: str, code: str) -> None:
        def done(_result: object) -> None:
            self.status.setText(said)
            self.changed.emit(code)
            self.reload()

        self.status.setText("Saving…")
        self.runner.start_quiet(job, done, self._failed, lane=Lane.SERIAL, owner=self)

    def _ask_consent(self, code: str, scope: Scope | None) -> ConsentAnswer | None:
        form = ConsentForm(code, scope, self)
        return form.answer() if form.exec() == QDialog.DialogCode.Accepted else None

    def _confirm_withdraw(self, code: str, scope: Scope) -> bool:
        stops = (
            "Every use of the family's video stops at once, in every open window."
            if scope is Scope.COACHING
            else f"{scope.use[0].upper()}{scope.use[1:]} stops at once, in every open window."
        )
        answer = QMessageBox.question(
            self,
            "Withdraw consent",
            f"Record that family {code} withdrew its consent to {scope.label.lower()}?\n\n"
            f"{stops} The record stays in the family's consent history.",
        )
        return answer == QMessageBox.StandardButton.Yes

    def done(self, result: int) -> None:
        self.runner.discard(self)
        super().done(result)
