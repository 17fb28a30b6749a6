"""The audit entries as a table, in plain words: an action's code becomes what happened.

Internal action codes stay in `vfcoach audit show --json`; a supervisor reading the window
sees "Exported a reel" and "recording 17", not "reel.exported" and "recording:17".
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt

from vfcoach.coding.audit import AuditEvent
from vfcoach.ui.flat_table_model import AnyIndex, FlatTableModel

#: What each known action means, for a person; others are spelled out from their code.
PLAIN_ACTIONS = {
    "recording.viewed": "Looked at a recording they do not code",
    "export.written": "Exported",
    "reel.exported": "Exported a reel",
    "caregiver.showing": "Showed a reel to a caregiver",
    "consent.set": "Recorded consent",
    "consent.withdraw": "Recorded that consent was withdrawn",
    "family.erased": "Erased a family's records",
    "pass.edited_after_submission": "Changed codes after submitting",
    "reel.clip_overridden": "Overrode a reel check",
    "reel.created": "Made a reel",
    "reel.edited": "Changed a reel",
    "recording.moved": "Moved a recording",
    "recording.removed": "Removed a recording",
    "recording.archived": "Archived a recording",
    "recording.unarchived": "Brought back an archived recording",
    "family.renamed": "Changed a family code",
    "visit.edited": "Changed a visit",
    "double.assigned": "Assigned double coding",
    "double.sample_drawn": "Drew recordings for double coding",
    "fidelity.clips_drawn": "Drew fidelity clips",
    "coder.joined": "A person joined",
    "scheme.versioned": "Saved a new scheme version",
    "scheme.kind_changed": "Changed a code's kind",
    "team.signed_in": "Signed in",
    "double.blind_read": "Read a blind coder's codes (supervision)",
    "coding.submitted": "Submitted coding",
    "family.added": "Added a family",
    "child.added": "Added a child",
    "visit.added": "Added a visit",
    "recording.added": "Added a recording",
    "scheme.imported": "Imported a coding scheme",
    "scheme.edited": "Edited a coding scheme",
    "setting.changed": "Changed a setting",
}

_KINDS = {
    "codes": "codes",
    "reliability_report": "a reliability report",
    "reel": "a reel",
    "report": "a report",
}


def plain_action(event: AuditEvent) -> str:
    if event.action == "export.written":
        kind = str(event.detail.get("kind", ""))
        return f"Exported {_KINDS.get(kind, kind.replace('_', ' ') or 'a file')}"
    known = PLAIN_ACTIONS.get(event.action)
    if known is not None:
        return known
    words = event.action.replace(".", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def plain_subject(subject: str) -> str:
    kind, _, rest = subject.partition(":")
    return f"{kind} {rest}".strip() if rest else subject


def _plain_value(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_plain_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain_value(v)}" for k, v in value.items())
    return str(value)


def plain_detail(event: AuditEvent) -> str:
    """The detail as "name: value" pairs; empty values (none, an empty list) left out."""
    parts = [
        f"{k.replace('_', ' ')}: {_plain_value(v)}"
        for k, v in sorted(event.detail.items())
        if v is not None and v != [] and v != {}
    ]
    return ", ".join(parts)


class TrailModel(FlatTableModel):
    columns: ClassVar[tuple[str, ...]] = ("No.", "When (UTC)", "Who", "What", "Of what", "Details")

    def __init__(self) -> None:
        super().__init__()
        self._events: list[AuditEvent] = []

    def row_count(self) -> int:
        return len(self._events)

    def set_events(self, events: list[AuditEvent]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def entry(self, row: int) -> AuditEvent:
        return self._events[row]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        e = self._events[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:  # long details do not fit their cell
            return plain_detail(e) if column == 5 else None
        values = (
            "" if e.seq is None else str(e.seq),
            e.at.strftime("%Y-%m-%d %H:%M:%S"),
            e.actor,
            plain_action(e),
            plain_subject(e.subject),
            plain_detail(e),
        )
        return values[column]
