"""Reads the browser tree in one short transaction (few rows: families, visits, recordings)."""

from __future__ import annotations

from vfcoach.storage.database import Database
from vfcoach.ui.browser.browser_model import BrowserNode


def load_browser_nodes(db: Database) -> list[BrowserNode]:
    with db.uow() as uow:
        return [
            BrowserNode(
                fam, [(v, uow.recordings.for_visit(v.id)) for v in uow.visits.for_family(fam.id)]
            )
            for fam in uow.families.list()
        ]
