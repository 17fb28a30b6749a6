"""The browser's right-click menu: what can be done to the family, visit or recording under
the pointer (or the current row, from the keyboard's menu key), plus undo and redo.

Every entry asks what it needs in a dialog (`dialogs.py`) and hands the answer to the
panel, which makes the change; so a test can trigger an entry and answer its dialog the way
a coach would.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from vfcoach.coding.project import Family, Recording, Visit
from vfcoach.services.recordings.tree import BrowserQuery, load_browser_nodes
from vfcoach.ui.browser import dialogs
from vfcoach.ui.browser.browser_model import FamilyRole, RecordingRole, VisitRole, recording_name
from vfcoach.ui.browser.browser_panel import BrowserPanel


def _family_of(index: QModelIndex) -> Family | None:
    while index.isValid():
        family = index.data(FamilyRole)
        if isinstance(family, Family):
            return family
        index = index.parent()
    return None


class BrowserMenu(QMenu):
    """Built for one row; the actions keep what the row showed when the menu opened."""

    def __init__(self, panel: BrowserPanel, index: QModelIndex) -> None:
        super().__init__(panel)
        self.panel = panel
        self.family = _family_of(index)
        visit, rec = index.data(VisitRole), index.data(RecordingRole)
        self.visit = visit if isinstance(visit, Visit) else index.parent().data(VisitRole)
        if isinstance(rec, Recording):
            self._recording_actions(rec)
        if isinstance(self.visit, Visit):
            shown = self.visit
            self._add(
                f"Edit visit {shown.number} (number, date, programme)…",
                lambda: self.edit_visit(shown),
            )
        if self.family is not None:
            code = self.family.code
            family = self.family
            self._add(f"Rename family {code}…", lambda: self.rename_family(family))
            self._add(f"Consent of family {code}…", lambda: panel.consent_requested.emit(code))
            wants = panel.retention_requested  # issue 14 §2
            self._add("Legal hold…", lambda: wants.emit(family, "hold"))
            self._add(f"Erase family {code}…", lambda: wants.emit(family, "erase"))
        if not self.isEmpty():
            self.addSeparator()
        stack = panel.undo_stack
        undo = self._add(f"Undo {stack.undoText()}".strip(), panel.undo)
        undo.setEnabled(stack.canUndo())
        redo = self._add(f"Redo {stack.redoText()}".strip(), panel.redo)
        redo.setEnabled(stack.canRedo())

    def _add(self, text: str, slot: object) -> QAction:
        action = self.addAction(text)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def action(self, text_start: str) -> QAction:
        """The entry whose text starts with `text_start` (for tests and the key map)."""
        return next(a for a in self.actions() if a.text().startswith(text_start))

    def _recording_actions(self, rec: Recording) -> None:
        self._add("Open for coding", lambda: self.panel.open_requested.emit(rec.id))
        self._add("Move to another visit…", lambda: self.move_recording(rec))
        if rec.archived:
            self._add("Bring back from the archive", lambda: self.panel.set_archived(rec, False))
        else:
            self._add("Archive (hide, keep everything)", lambda: self.panel.set_archived(rec, True))
        self._add("Remove…", lambda: self.remove(rec))
        self.addSeparator()

    def _visit_words(self) -> str:
        return f"visit {self.visit.number}" if isinstance(self.visit, Visit) else ""

    # --- entries --------------------------------------------------------------------------
    def rename_family(self, family: Family) -> None:
        code = dialogs.ask_family_code(self.panel, family)
        if code is not None:
            self.panel.rename_family(family, code)

    def edit_visit(self, visit: Visit) -> None:
        fields = dialogs.ask_visit(self.panel, self.family.code if self.family else "", visit)
        if fields is not None:
            self.panel.edit_visit(visit, fields)

    def move_recording(self, rec: Recording) -> None:
        everything = BrowserQuery(show_archived=True)
        choices: list[tuple[str, object]] = []
        for node in load_browser_nodes(self.panel.db, self.panel.who, everything):
            for v, _recs in node.visits:
                if v.id != rec.visit_id:
                    when = v.date.isoformat() if v.date else "no date"
                    choices.append((f"{node.family.code} · visit {v.number} ({when})", v))
        if not choices:
            self.panel.say("There is no other visit to move it to yet.")
            return
        chosen = dialogs.ask_target_visit(self.panel, choices)
        if isinstance(chosen, Visit):
            label = next(text for text, v in choices if v is chosen)
            self.panel.move_recording(rec, chosen.id, label)

    def remove(self, rec: Recording) -> None:
        name = recording_name(rec)
        parts = [self.family.code if self.family else "", self._visit_words()]
        where = ", ".join(p for p in parts if p)
        what = f"“{name}” ({where})" if where else f"“{name}”"
        self.panel.remove_recording(
            rec, lambda summary: dialogs.confirm_remove(self.panel, what, summary)
        )
