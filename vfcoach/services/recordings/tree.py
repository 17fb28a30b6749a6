"""The browser tree: families, their visits and recordings, read in one short transaction.

Plain values (few rows), so the Qt tree model only formats them and a test needs no window.

The browser's search and filters are applied here, not in a Qt proxy, because what a filter
may match depends on who is asking: under blind double coding a coder must not find out,
by filtering on another coder or on "submitted", which recordings hold that coder's hidden
pass. So coder and status are judged on the passes the viewer may read (`BlindView`), and
"due for double coding" on the recording's state, which is the same for everyone.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from vfcoach.coding.annotation import CodingPass, PassStatus
from vfcoach.coding.double_coding import Assignment, BlindState
from vfcoach.coding.ids import RecordingId, VisitId
from vfcoach.coding.project import Family, Recording, Visit
from vfcoach.services.access import Actor
from vfcoach.services.blind_view import BlindView
from vfcoach.services.recordings.store import encrypted_ids
from vfcoach.storage.database import Database


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    DUE = "due for double coding"


@dataclass(frozen=True, slots=True)
class BrowserQuery:
    """What the search box and the filters ask for; the default shows every live recording."""

    text: str = ""  # part of a family code, a recording's name or its file name
    coder: str | None = None  # recordings with a pass by this coder (that the viewer may read)
    status: Status | None = None
    show_archived: bool = False

    @property
    def narrows(self) -> bool:
        """Whether empty visits and families should be left out (something was asked for)."""
        return bool(self.text.strip()) or self.coder is not None or self.status is not None


@dataclass(frozen=True)
class BrowserNode:
    family: Family
    visits: list[tuple[Visit, list[Recording]]]
    #: each recording's statuses as the viewer may know them (for the label and tooltip)
    statuses: Mapping[RecordingId, frozenset[Status]] = field(default_factory=dict)
    #: recordings whose video is in vfcoach's encrypted media store (the others are marked
    #: "not encrypted by vfcoach" in the browser)
    sealed: frozenset[RecordingId] = frozenset()


def _due(state: BlindState, assignments: list[Assignment]) -> bool:
    """Double coding chosen and not finished: a coder still to pick, or to submit."""
    if not assignments:
        return False
    return any(a.coder_id is None for a in assignments) or not state.coders <= state.submitted


def _statuses(passes: list[CodingPass], due: bool) -> frozenset[Status]:
    found = {Status.DUE} if due else set()
    for p in passes:
        found.add(Status.DRAFT if p.status is PassStatus.DRAFT else Status.SUBMITTED)
    return frozenset(found)


def load_browser_nodes(
    db: Database, viewer: Actor | None = None, query: BrowserQuery | None = None
) -> list[BrowserNode]:
    """The tree as `viewer` may see it, narrowed by `query` (default: all but archived)."""
    q = query or BrowserQuery()
    text = q.text.strip().casefold()
    nodes: list[BrowserNode] = []
    with db.uow() as uow:
        view = BlindView(uow, viewer)
        names = {c.id: c.name for c in uow.coders.list()}
        all_passes: dict[RecordingId, list[CodingPass]] = defaultdict(list)
        for p in uow.passes.list_all():
            all_passes[p.recording_id].append(p)
        by_visit: dict[VisitId, list[Recording]] = defaultdict(list)
        for rec in uow.recordings.list():
            by_visit[rec.visit_id].append(rec)
        all_assigned: dict[RecordingId, list[Assignment]] = defaultdict(list)
        for a in uow.assignments.list():
            all_assigned[a.recording_id].append(a)
        sealed = encrypted_ids(uow)
        for fam in uow.families.list():
            family_hit = bool(text) and text in fam.code.casefold()
            # a family found by its code shows whole, empty visits too, unless filtered
            keep_empty = not q.narrows or (family_hit and q.coder is None and q.status is None)
            visits: list[tuple[Visit, list[Recording]]] = []
            statuses: dict[RecordingId, frozenset[Status]] = {}
            for v in uow.visits.for_family(fam.id):
                kept: list[Recording] = []
                for rec in by_visit[v.id]:
                    if rec.archived and not q.show_archived:
                        continue
                    if text and not family_hit and not _text_hit(text, rec):
                        continue
                    passes, assigned = all_passes[rec.id], all_assigned[rec.id]
                    state = BlindState.of(rec.id, passes, assigned)
                    hidden = view.hidden_passes(rec.id, passes, state)
                    seen = [p for p in passes if p.id not in hidden]
                    if q.coder is not None:
                        seen = [p for p in seen if names.get(p.coder_id) == q.coder]
                        if not seen:
                            continue
                    mine = _statuses(seen, _due(state, assigned))
                    if q.status is not None and q.status not in mine:
                        continue
                    kept.append(rec)
                    statuses[rec.id] = mine
                if kept or keep_empty:
                    visits.append((v, kept))
            if visits or keep_empty:
                nodes.append(BrowserNode(fam, visits, statuses, sealed))
    return nodes


def _text_hit(text: str, rec: Recording) -> bool:
    return text in rec.label.casefold() or text in PurePath(rec.media_path).name.casefold()


def coder_names(db: Database) -> list[str]:
    """Every coder's name, for the coder filter (the toolbar already lists them all)."""
    with db.uow() as uow:
        return sorted(c.name for c in uow.coders.list())
