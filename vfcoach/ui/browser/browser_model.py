"""A tree of families, their visits and recordings, built from plain domain values.

Families show only their pseudonymous code: window titles and screenshots never carry a name.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from vfcoach.services.recordings.tree import BrowserNode

RecordingRole = Qt.ItemDataRole.UserRole + 10


class BrowserModel(QStandardItemModel):
    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalHeaderLabels(["Families and visits"])

    def populate(self, nodes: list[BrowserNode]) -> None:
        self.removeRows(0, self.rowCount())
        for node in nodes:
            fam = QStandardItem(f"{node.family.code}  ·  {node.family.programme}")
            fam.setEditable(False)
            for visit, recordings in node.visits:
                when = visit.date.isoformat() if visit.date else "no date"
                v = QStandardItem(f"Visit {visit.number}  ({when})")
                v.setEditable(False)
                for rec in recordings:
                    secs = rec.facts.duration_ms // 1000
                    label = rec.label or f"Recording {rec.id}"
                    r = QStandardItem(f"{label}  ·  {secs // 60}:{secs % 60:02d}")
                    r.setEditable(False)
                    r.setData(rec, RecordingRole)
                    r.setToolTip(f"{rec.facts.frame_count} frames, {rec.facts.fps:.2f} fps")
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
