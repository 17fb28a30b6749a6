"""An edit to a pass as a value with an exact inverse, so undo is itself a committed edit."""

from __future__ import annotations

from dataclasses import dataclass

from vfcoach.coding.annotation import Annotation


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
