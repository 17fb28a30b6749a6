"""The browser tree: families, their visits and recordings, read in one short transaction.

Plain values (few rows), so the Qt tree model only formats them and a test needs no window.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.project import Family, Recording, Visit
from vfcoach.storage.database import Database


@dataclass(frozen=True)
class BrowserNode:
    family: Family
    visits: list[tuple[Visit, list[Recording]]]


def load_browser_nodes(db: Database) -> list[BrowserNode]:
    with db.uow() as uow:
        return [
            BrowserNode(
                fam, [(v, uow.recordings.for_visit(v.id)) for v in uow.visits.for_family(fam.id)]
            )
            for fam in uow.families.list()
        ]
