"""A tree of families, their visits and recordings, built from plain domain values.

Families show only their pseudonymous code: window titles and screenshots never carry a name.
Each row keeps its domain value under a role, so the right-click menu knows what it is on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel

from vfcoach.coding.project import Recording
from vfcoach.coding.pseudonym import shown_label
from vfcoach.coding.visit_rules import PROGRAMME_NAMES
from vfcoach.services.recordings.tree import BrowserNode, Status

RecordingRole = Qt.ItemDataRole.UserRole + 10
FamilyRole = Qt.ItemDataRole.UserRole + 11
VisitRole = Qt.ItemDataRole.UserRole + 12

_STATUS_ORDER = (Status.DRAFT, Status.SUBMITTED, Status.DUE)


def recording_name(rec: Recording) -> str:
    """How the tree and messages name a recording: its label, never its file's name (§7.1)."""
    return shown_label(rec)


class BrowserModel(QStandardItemModel):
    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalHeaderLabels(["Families and visits"])

    def populate(self, nodes: list[BrowserNode]) -> None:
        self.removeRows(0, self.rowCount())
        for node in nodes:
            fam = QStandardItem(f"{node.family.code}  ·  {node.family.programme}")
            fam.setEditable(False)
            fam.setData(node.family, FamilyRole)
            for visit, recordings in node.visits:
                when = visit.date.isoformat() if visit.date else "no date"
                v = QStandardItem(f"Visit {visit.number}  ({when})")
                if visit.programme != node.family.programme:  # said only where it differs
                    v.setText(f"{v.text()}  ·  {visit.programme}")
                v.setEditable(False)
                v.setData(visit, VisitRole)
                v.setToolTip(PROGRAMME_NAMES.get(visit.programme, visit.programme))
                for rec in recordings:
                    secs = rec.facts.duration_ms // 1000
                    label = recording_name(rec)
                    r = QStandardItem(f"{label}  ·  {secs // 60}:{secs % 60:02d}")
                    r.setEditable(False)
                    r.setData(rec, RecordingRole)
                    statuses = node.statuses.get(rec.id, frozenset())
                    said = [s.value for s in _STATUS_ORDER if s in statuses]
                    if rec.archived:
                        r.setText(r.text() + "  ·  archived")
                        r.setForeground(QBrush(QColor("#777777")))
                    elif Status.DUE in statuses:
                        r.setText(r.text() + "  ·  due for double coding")
                    r.setToolTip(
                        f"{rec.facts.frame_count} frames, {rec.facts.fps:.2f} fps"
                        + (f"\nCoding: {', '.join(said)}" if said else "\nNot coded yet")
                    )
                    v.appendRow(r)
                fam.appendRow(v)
            self.appendRow(fam)

    def recording_items(self) -> list[QStandardItem]:
        found: list[QStandardItem] = []
        for f in range(self.rowCount()):
            fam = self.item(f)
            for v in range(fam.rowCount()):
                visit = fam.child(v)
                found.extend(visit.child(r) for r in range(visit.rowCount()))
        return found
