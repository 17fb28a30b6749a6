"""Typed identifiers, so a recording id can never be passed where a visit id is meant."""

from __future__ import annotations

import uuid
from typing import NewType

FamilyId = NewType("FamilyId", int)
ChildId = NewType("ChildId", int)
VisitId = NewType("VisitId", int)
RecordingId = NewType("RecordingId", int)
SchemeId = NewType("SchemeId", int)
CoderId = NewType("CoderId", int)
PassId = NewType("PassId", int)
AnnotationId = NewType("AnnotationId", uuid.UUID)


def new_annotation_id() -> AnnotationId:
    """Minted in the domain, not by the database, so redo after undo rewrites the same row."""
    return AnnotationId(uuid.uuid4())
