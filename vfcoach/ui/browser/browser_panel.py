"""The browser: a search box and filters above the tree of families, visits and recordings,
and every change a coach makes to them (the right-click menu is `context_menu.py`).

The tree is read again from the database after each change and each filter change, so it
never shows an edit that did not save. Filters are applied by the query
(`services/recordings/tree.py`), which knows who is asking; a Qt proxy over the full tree
could not keep another coder's hidden work out of a filter under blind double coding.

Renames, visit edits, moves and archiving go on the browser's own undo stack (not the coding
screen's, which is emptied whenever a recording opens); removing asks first instead. A
refused change is said in a line above the tree, not in a box that takes the keyboard away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId, RecordingId, VisitId
from vfcoach.coding.project import Family, Recording, Visit
from vfcoach.services.access import Actor
from vfcoach.services.recordings import organise
from vfcoach.services.recordings.organise import VisitFields
from vfcoach.services.recordings.tree import (
    BrowserNode,
    BrowserQuery,
    Status,
    coder_names,
    load_browser_nodes,
)
from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import (
    BrowserModel,
    FamilyRole,
    RecordingRole,
    recording_name,
)
from vfcoach.ui.browser.browser_pane import BrowserPane
from vfcoach.ui.browser.commands import OrganiseCommand
from vfcoach.ui.commands.failable import step_stack

ANY_CODER, ANY_STATUS = "Any coder", "Any status"
STATUS_NAMES = {
    Status.DRAFT: "Draft (still being coded)",
    Status.SUBMITTED: "Submitted",
    Status.DUE: "Due for double coding",
}


class BrowserPanel(QWidget):
    open_requested = Signal(object)  # RecordingId: the coach chose a recording
    changed = Signal()  # something was renamed, moved, archived or removed
    message = Signal(str)  # a line for the status bar
    consent_requested = Signal(str)  # a family's code: open its consent panel (issue 14 §1)
    # (Family, "erase" | "hold"): *Erase family…*, *Legal hold…* (ui/retention, issue 14 §2)
    retention_requested = Signal(object, str)

    def __init__(self, db: Database, who: Callable[[], Actor], parent: QWidget | None = None):
        super().__init__(parent)
        self.db, self._who = db, who
        self.undo_stack = QUndoStack(self)
        self.model = BrowserModel()
        self._shown: list[BrowserNode] | None = None  # the nodes on screen, as last read
        self._coders: list[str] | None = None
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        header = self.tree.header()  # long names scroll sideways instead of being cut off
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.clicked.connect(self._on_clicked)
        self.tree.customContextMenuRequested.connect(self._menu_at)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search family code or video name")
        self.search.setClearButtonEnabled(True)
        self.coder_filter = QComboBox()
        self.coder_filter.setToolTip("Only recordings with codes by this coder that you may see")
        self.status_filter = QComboBox()
        self.status_filter.addItem(ANY_STATUS, None)
        for status, name in STATUS_NAMES.items():
            self.status_filter.addItem(name, status)
        for combo in (self.coder_filter, self.status_filter):  # the panel may be narrow
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        self.show_archived = QCheckBox("Show archived")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setStyleSheet("color: #a40000;")
        self.notice.hide()
        # The coding keys belong to the video: nothing here takes the keyboard unless clicked
        # (the search box, or Ctrl+F) or tabbed to, so a code key never types into a filter.
        self.search.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for widget in (self.coder_filter, self.status_filter, self.show_archived):
            widget.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.pane = BrowserPane(self.tree, self.asks_nothing)  # tree, or "Add videos…" if empty
        self._build_layout()
        self.setMinimumWidth(240)  # family, visit and file names stay readable
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.coder_filter, self.status_filter):
            combo.activated.connect(lambda _i: self.refresh())
        self.show_archived.toggled.connect(lambda _on: self.refresh())

    def _build_layout(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        form = QFormLayout()
        form.setContentsMargins(2, 0, 2, 0)
        form.addRow("Coder", self.coder_filter)
        form.addRow("Status", self.status_filter)
        form.addRow("", self.show_archived)
        layout.addLayout(form)
        layout.addWidget(self.notice)
        layout.addWidget(self.pane, 1)

    @property
    def who(self) -> Actor:
        return self._who()

    # --- reading ----------------------------------------------------------------------------
    def asks_nothing(self) -> bool:
        """No search text and no filter: an empty tree then means an empty data folder."""
        return self.query() == BrowserQuery()

    def query(self) -> BrowserQuery:
        coder = self.coder_filter.currentData()
        return BrowserQuery(
            text=self.search.text(),
            coder=coder if isinstance(coder, str) else None,
            status=self.status_filter.currentData(),
            show_archived=self.show_archived.isChecked(),
        )

    def refresh(self) -> None:
        """Read the tree again as the acting coder may see it, with the filters applied.

        Live refresh calls this whenever something may have changed (on SQLite after every
        commit to the file, the coach's own key presses included), so a tree that reads the
        same is left alone, and a changed one keeps what the coach did to it: the families
        they folded stay folded, the row they were on stays chosen, the list does not jump.
        """
        self._debounce.stop()
        self._fill_coders()
        try:
            nodes = load_browser_nodes(self.db, self.who, self.query())
        except VfcoachError as exc:
            self.say(str(exc))
            return
        if nodes == self._shown:
            return
        chosen = self.tree.currentIndex().data(RecordingRole)
        folded = self._folded_families()
        scrolled = self.tree.verticalScrollBar().value()
        self.model.populate(nodes)
        self._shown = nodes
        self.tree.expandAll()
        for row in range(self.model.rowCount()):
            family = self.model.item(row).data(FamilyRole)
            if isinstance(family, Family) and family.id in folded:
                self.tree.collapse(self.model.index(row, 0))
        if isinstance(chosen, Recording):  # the row the coach was on stays chosen
            for item in self.model.recording_items():
                if item.data(RecordingRole).id == chosen.id:
                    self.tree.setCurrentIndex(item.index())
        self.tree.verticalScrollBar().setValue(scrolled)

    def _folded_families(self) -> set[FamilyId]:
        folded: set[FamilyId] = set()
        for row in range(self.model.rowCount()):
            family = self.model.item(row).data(FamilyRole)
            if isinstance(family, Family) and not self.tree.isExpanded(self.model.index(row, 0)):
                folded.add(family.id)
        return folded

    def _fill_coders(self) -> None:
        names = coder_names(self.db)
        if names == self._coders:
            return
        self._coders = names
        chosen = self.coder_filter.currentData()
        self.coder_filter.clear()
        self.coder_filter.addItem(ANY_CODER, None)
        for name in names:
            self.coder_filter.addItem(name, name)
        self.coder_filter.setCurrentIndex(max(0, self.coder_filter.findData(chosen)))

    def focus_search(self) -> None:
        """Put the cursor in the search box, its text selected (Ctrl+F, Edit ▸ Find)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def say(self, text: str) -> None:
        """A refusal or failure, shown above the tree until the next change works."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if text:
            self.message.emit(text)

    def _on_clicked(self, index: QModelIndex) -> None:
        rec = index.data(RecordingRole)
        if isinstance(rec, Recording):
            self.open_requested.emit(rec.id)

    def _menu_at(self, pos: QPoint) -> None:
        from vfcoach.ui.browser.context_menu import BrowserMenu

        index = self.tree.indexAt(pos)
        if not index.isValid():  # the keyboard's menu key: the current row
            index = self.tree.currentIndex()
            rect = self.tree.visualRect(index)
            pos = rect.bottomLeft() if rect.isValid() else pos
        BrowserMenu(self, index).popup(self.tree.viewport().mapToGlobal(pos))

    # --- undoable changes -------------------------------------------------------------------
    def rename_family(self, family: Family, code: str) -> bool:
        if code.strip() == family.code:
            return True  # nothing to change, nothing to undo
        return self._push(
            OrganiseCommand(
                f"Rename family {family.code}",
                lambda: organise.rename_family(self.db, family.id, code, self.who),
                lambda old: organise.rename_family(self.db, family.id, old, self.who),
                self.say,
            ),
            f"Family {family.code} is now {code.strip()}",
        )

    def edit_visit(self, visit: Visit, fields: VisitFields) -> bool:
        if fields == VisitFields(visit.number, visit.date, visit.programme):
            return True
        return self._push(
            OrganiseCommand(
                f"Edit visit {visit.number}",
                lambda: organise.edit_visit(self.db, visit.id, fields, self.who),
                lambda old: organise.edit_visit(self.db, visit.id, old, self.who),
                self.say,
            ),
            f"Visit {visit.number} saved",
        )

    def move_recording(self, rec: Recording, visit_id: VisitId, where: str) -> bool:
        return self._push(
            OrganiseCommand(
                f"Move {recording_name(rec)}",
                lambda: organise.move_recording(self.db, rec.id, visit_id, self.who),
                lambda old: organise.move_recording(self.db, rec.id, old, self.who),
                self.say,
            ),
            f"Moved to {where}, with all its codes",
        )

    def set_archived(self, rec: Recording, archived: bool) -> bool:
        name = recording_name(rec)
        return self._push(
            OrganiseCommand(
                f"{'Archive' if archived else 'Bring back'} {name}",
                lambda: organise.set_archived(self.db, rec.id, archived, self.who),
                lambda old: organise.set_archived(self.db, rec.id, old, self.who),
                self.say,
            ),
            f"{name} archived (Show archived finds it)" if archived else f"{name} is back",
        )

    def _push(self, command: OrganiseCommand[Any], done: str) -> bool:
        self.undo_stack.push(command)
        ok = command.error is None
        if ok:
            self.say("")
            self.message.emit(f"{done} · undo it from the right-click menu")
        self._after_change()
        return ok

    def undo(self) -> None:
        self._step(undo=True)

    def redo(self) -> None:
        self._step(undo=False)

    def _step(self, undo: bool) -> None:
        at = self.undo_stack.index() - 1 if undo else self.undo_stack.index()
        if not 0 <= at < self.undo_stack.count():
            return
        if step_stack(self.undo_stack, undo) is None:
            self.say("")
        self._after_change()

    # --- removing (confirmed, not undoable) -------------------------------------------------
    def removal_text(self, rec: Recording) -> str | None:
        """The confirmation's message, or None (and the reason shown) if it cannot go."""
        try:
            return organise.removal_summary(self.db, rec.id, self.who).message
        except VfcoachError as exc:
            self.say(str(exc))
            return None

    def remove_recording(self, rec: Recording, confirm: Callable[[str], bool]) -> bool:
        """Remove after `confirm(summary)` says yes; the video file stays where it is."""
        summary = self.removal_text(rec)
        if summary is None or not confirm(summary):
            return False
        try:
            organise.remove_recording(self.db, rec.id, self.who)
        except VfcoachError as exc:
            self.say(f"Not removed: {exc}")
            return False
        self.say("")
        self.message.emit(f"{recording_name(rec)} removed; its video file is kept")
        self._after_change()
        return True

    def _after_change(self) -> None:
        self.refresh()
        self.changed.emit()

    def first_recording(self) -> Recording | None:
        items = self.model.recording_items()
        value = items[0].data(RecordingRole) if items else None
        return value if isinstance(value, Recording) else None

    def recording_ids(self) -> list[RecordingId]:
        """The recordings the tree shows now, top to bottom (for tests and the window)."""
        return [
            item.data(RecordingRole).id
            for item in self.model.recording_items()
            if isinstance(item.data(RecordingRole), Recording)
        ]
