"""An edit to a pass as a value with an exact inverse, so undo is itself a committed edit."""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation
from vfcoach.coding.ids import AnnotationId


@dataclass(frozen=True, slots=True)
class AnnotationChange:
    """Rows to insert, rows to delete, and (before, after) pairs to rewrite, as one transaction."""

    added: tuple[Annotation, ...] = ()
    removed: tuple[Annotation, ...] = ()
    updated: tuple[tuple[Annotation, Annotation], ...] = ()
    description: str = ""

    def inverse(self) -> AnnotationChange:
        return AnnotationChange(
            added=self.removed,
            removed=self.added,
            updated=tuple((after, before) for before, after in self.updated),
            description=f"Undo {self.description}" if self.description else "",
        )

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.updated)


def add(annotation: Annotation, description: str = "") -> AnnotationChange:
    return AnnotationChange(added=(annotation,), description=description)


def remove(annotation: Annotation, description: str = "") -> AnnotationChange:
    return AnnotationChange(removed=(annotation,), description=description)


def update(before: Annotation, after: Annotation, description: str = "") -> AnnotationChange:
    return AnnotationChange(updated=((before, after),), description=description)


def compose(first: AnnotationChange, then: AnnotationChange) -> AnnotationChange:
    """One change with the effect of `first` followed by `then`, for one undo step per intent.

    Each id keeps the state it had before `first` and the state it has after `then`: absent
    then present is an add, present then absent a removal, present then present a rewrite
    from the earliest value to the latest (so its undo names the version `then` left), and
    an id both added and removed again drops out. The description is `first`'s.
    """
    before: dict[AnnotationId, Annotation | None] = {}
    after: dict[AnnotationId, Annotation | None] = {}
    for change in (first, then):
        for a in change.removed:
            before.setdefault(a.id, a)
            after[a.id] = None
        for old, new in change.updated:
            before.setdefault(old.id, old)
            after[new.id] = new
        for a in change.added:
            before.setdefault(a.id, None)
            after[a.id] = a
    added: list[Annotation] = []
    removed: list[Annotation] = []
    updated: list[tuple[Annotation, Annotation]] = []
    for ident, old_value in before.items():
        new_value = after[ident]
        if old_value is None and new_value is not None:
            added.append(new_value)
        elif old_value is not None and new_value is None:
            removed.append(old_value)
        elif old_value is not None and new_value is not None:
            updated.append((old_value, new_value))
    return AnnotationChange(
        added=tuple(added),
        removed=tuple(removed),
        updated=tuple(updated),
        description=first.description,
    )
