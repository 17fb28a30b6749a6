"""The annotations of the pass being coded, kept in memory and written through on every edit.

Each `apply` is its own committed transaction: there is no Save button, and a crash loses at
most the keypress in flight. Memory changes only after the commit returned, so an edit that
failed to save is never shown. Views never open a database session; they listen to
`annotations_changed` and redraw what the change touched.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from vfcoach.coding.annotation import Annotation, CodingPass
from vfcoach.coding.changes import AnnotationChange
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.frame_time import format_ms
from vfcoach.coding.ids import AnnotationId
from vfcoach.coding.scheme import Scheme
from vfcoach.storage.database import Database
from vfcoach.storage.errors import EditConflict

log = logging.getLogger(__name__)


class ReadOnlyPass(VfcoachError):
    """An edit aimed at a pass shown read only (a backstop: the controller refuses first)."""


class AnnotationStore(QObject):
    """One coder's annotations of one recording (a coding pass)."""

    annotations_changed = Signal(object)  # AnnotationChange
    reset = Signal()

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._pass: CodingPass | None = None
        self._scheme: Scheme | None = None
        self._items: dict[AnnotationId, Annotation] = {}
        self._read_only = False

    @property
    def read_only(self) -> bool:
        """Another coder's pass shown to look at: no edit may reach it."""
        return self._read_only

    @property
    def coding_pass(self) -> CodingPass | None:
        return self._pass

    @property
    def scheme(self) -> Scheme | None:
        return self._scheme

    def load(
        self, coding_pass: CodingPass | None, scheme: Scheme | None, read_only: bool = False
    ) -> None:
        """Switch to another pass (or to none), reading its annotations once; `read_only`
        for someone else's pass, which this window shows but never writes."""
        self._pass, self._scheme, self._read_only = coding_pass, scheme, read_only
        self._items = {}
        if coding_pass is not None:
            with self._db.uow() as uow:
                self._items = {a.id: a for a in uow.annotations.for_pass(coding_pass.id)}
        self.reset.emit()

    def annotations(self) -> list[Annotation]:
        return sorted(self._items.values(), key=Annotation.sort_key)

    def get(self, annotation_id: AnnotationId) -> Annotation | None:
        return self._items.get(annotation_id)

    def apply(self, change: AnnotationChange) -> AnnotationChange:
        """Commit the change, then update memory and tell the views; return it as written.

        If the commit fails nothing in memory changes and nothing is emitted, so no view
        shows the edit; the typed error goes to the caller. When the rows were changed
        elsewhere (`EditConflict`), memory and views are first brought up to what is stored.
        """
        if change.empty:
            return change
        if self._read_only:
            raise ReadOnlyPass("these codes are another coder's, shown read only")
        try:
            change = self._against_shown(change)
            with self._db.uow() as uow:
                applied = uow.annotations.apply(change)
                uow.commit()
        except EditConflict:
            self._refresh({a.id for a in (*change.added, *change.removed)}
                          | {after.id for _before, after in change.updated})  # fmt: skip
            raise
        self._take(applied)
        log.debug("applied %s", change.description)
        self.annotations_changed.emit(applied)
        return applied

    def _against_shown(self, change: AnnotationChange) -> AnnotationChange:
        """The change made against the rows as this window shows them, at their versions.

        An undo step remembers the rows as they were after it, not the version numbers the
        later steps' writes and undos have since given them; so each row it rewrites or
        removes must still look exactly as remembered (or someone else changed it: refused),
        and then the database's compare-and-set names the version shown here.
        """

        def shown(a: Annotation) -> Annotation:
            mine = self._items.get(a.id)
            if mine is None or mine != a:
                when = format_ms(a.onset.pts_ms)
                raise EditConflict(
                    f"this event ({a.code_key} at {when}) was changed elsewhere since"
                )
            return mine

        return replace(
            change,
            removed=tuple(shown(a) for a in change.removed),
            updated=tuple(
                (now, replace(after, version=now.version))
                for now, after in ((shown(before), after) for before, after in change.updated)
            ),
        )

    def _take(self, change: AnnotationChange) -> None:
        for a in change.removed:
            self._items.pop(a.id, None)
        for _before, after in change.updated:
            self._items[after.id] = after
        for a in change.added:
            self._items[a.id] = a

    def follow_stored(self, ids: set[AnnotationId] | None = None) -> None:
        """Show what someone else stored in the open pass (a change notice): the rows `ids`,
        or with None every row of the pass. Rows this window wrote itself are already at
        the stored version, so they cause no redraw."""
        if self._pass is None:
            return
        if ids is None:
            try:
                with self._db.uow() as uow:
                    ids = {a.id for a in uow.annotations.for_pass(self._pass.id)}
            except VfcoachError as exc:  # unreachable: the feed says so in the status bar
                log.warning("cannot re-read the open pass: %s", exc)
                return
            ids |= set(self._items)
        self._refresh(ids)

    def _refresh(self, ids: set[AnnotationId]) -> None:
        """Show what is stored for `ids` now, as a change the views apply like any other."""
        try:
            with self._db.uow() as uow:
                stored = {a.id: a for a in uow.annotations.for_ids(ids)}
        except VfcoachError as exc:  # the database went away as well; memory stays as it was
            log.warning("cannot re-read changed events: %s", exc)
            return
        added, removed, updated = [], [], []
        for ident in ids:
            mine, theirs = self._items.get(ident), stored.get(ident)
            if mine is None and theirs is not None:
                added.append(theirs)
            elif mine is not None and theirs is None:
                removed.append(mine)
            elif mine is not None and theirs is not None and mine.version != theirs.version:
                updated.append((mine, theirs))
        news = AnnotationChange(tuple(added), tuple(removed), tuple(updated), "Changed elsewhere")
        if not news.empty:
            self._take(news)
            self.annotations_changed.emit(news)
