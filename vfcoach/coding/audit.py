"""Audit events: who did what to which record, when, and why (domain.md §7, rule 9).

The log is append-only: an event is never edited or deleted, so this value has no
identity beyond the row it was read from, and `detail` is a read-only mapping. Subjects
are ids ("scheme:abc-style v2", "recording:17"), never family names, because the log is
read by admins who must not learn who the families are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Action names used across vfcoach; a module that records a new kind adds it here so
#: supervisors can filter on a known list.
SCHEME_IMPORTED = "scheme.imported"
SCHEME_EDITED = "scheme.edited"
SCHEME_VERSIONED = "scheme.versioned"  # an edit of a locked version saved as a new one
SCHEME_KIND_CHANGED = "scheme.kind_changed"  # a supervisor confirmed a code's new kind
SETTING_CHANGED = "setting.changed"
FAMILY_ADDED = "family.added"  # a video was added for a family code not seen before
CHILD_ADDED = "child.added"
VISIT_ADDED = "visit.added"
RECORDING_ADDED = "recording.added"  # detail names earlier copies of the same video, if any

JsonScalar = str | int | float | bool | None
JsonValue = JsonScalar | list["JsonValue"] | dict[str, "JsonValue"]


def _frozen(detail: Mapping[str, JsonValue]) -> Mapping[str, JsonValue]:
    return MappingProxyType(dict(detail))


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """One line of the audit log, as stored."""

    id: int
    at: dt.datetime  # UTC, timezone-aware
    actor: str  # the signed-in person, or "vfcoach" for what the program did on its own
    action: str  # e.g. SCHEME_EDITED
    subject: str  # what it was done to, by id
    detail: Mapping[str, JsonValue] = field(default_factory=dict)
    seq: int | None = None  # its place in the hash chain (coding/audit_chain.py)

    def __post_init__(self) -> None:
        object.__setattr__(self, "detail", _frozen(self.detail))

    def __hash__(self) -> int:  # the detail mapping is not hashable; the rest identifies
        return hash((self.id, self.at, self.actor, self.action, self.subject))


def scheme_subject(name: str, version: int) -> str:
    """The subject string of a scheme version in the audit log."""
    return f"scheme:{name} v{version}"
