"""The audit trail as a hash chain (issue 14 §4): nobody can quietly change an old entry.

Every entry carries the SHA-256 of a canonical encoding of all its fields, the previous
entry's hash among them, and a gap-free sequence number. Changing, removing or reordering
any entry breaks the chain at that entry, and `verify` names the first one that breaks.

The canonical encoding is the text PostgreSQL's `jsonb` type prints for the same object,
because on a team database the server computes the link itself (a trigger, so no client can
write a wrong one): keys sorted shortest first, then by their UTF-8 bytes; ", " and ": "
between items; strings unescaped beyond JSON's own rules; numbers in plain decimal notation
(`1e+20` is printed as `100000000000000000000`). `canonical` reproduces that text exactly.
Times are UTC ISO with microseconds and a "Z".

Pure: no database here; the storage layer feeds rows in and gets a `ChainReport` back.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: The "previous hash" of the first entry.
GENESIS = "0" * 64

#: Action names other parts of vfcoach record (the audit API takes any name; these are the
#: ones a supervisor filters on). Consent is recorded by its own module with these names.
RECORDING_VIEWED = "recording.viewed"  # opened by someone other than its coder
EXPORTED = "export.written"  # detail: {"kind": "reel" | "report" | "codes" | ...}
CAREGIVER_SHOWING = "caregiver.showing"  # caregiver mode started on a reel
CONSENT_SET = "consent.set"
CONSENT_WITHDRAWN = "consent.withdraw"
ERASED = "family.erased"  # a deletion record; no audit row is ever removed
EDIT_AFTER_SUBMISSION = "pass.edited_after_submission"
OVERRIDE = "reel.clip_overridden"  # written by services/reels/clips.py
SIGNED_IN = "team.signed_in"


@dataclass(frozen=True, slots=True)
class ChainEntry:
    """One stored entry with its link fields, as read back for verification."""

    seq: int | None
    at: dt.datetime
    actor: str
    action: str
    subject: str
    detail: Mapping[str, Any]
    written_by: str | None
    prev_hash: str | None
    hash: str | None


@dataclass(frozen=True, slots=True)
class ChainBreak:
    """The first entry where the chain does not hold, and why, in plain words."""

    seq: int
    at: dt.datetime | None  # None when the entry itself is missing
    action: str | None
    reason: str

    def describe(self) -> str:
        when = "" if self.at is None else f" ({utc_iso(self.at)}, {self.action})"
        return f"entry {self.seq}{when}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ChainReport:
    count: int
    broken: ChainBreak | None = None
    problem: str | None = None  # something outside the chain, e.g. a removed guard

    @property
    def intact(self) -> bool:
        return self.broken is None and self.problem is None

    def describe(self) -> str:
        if self.intact:
            return f"{self.count} entries, chain intact"
        parts = [f"{self.count} entries, chain broken"]
        if self.broken is not None:
            parts.append(f"first broken {self.broken.describe()}")
        if self.problem is not None:
            parts.append(self.problem)
        return "; ".join(parts)


def utc_iso(moment: dt.datetime) -> str:
    """UTC, microseconds, "Z": the same text PostgreSQL's to_char gives in the trigger."""
    utc = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%f") + "Z"


def _key(name: str) -> tuple[int, bytes]:
    raw = name.encode("utf-8")
    return (len(raw), raw)


def _number(value: float) -> str:
    # PostgreSQL's numeric has no negative zero: -0.0 prints as 0.0
    return format(decimal.Decimal(repr(value + 0.0 if value == 0 else value)), "f")


def canonical(value: Any) -> str:
    """`value` as PostgreSQL's jsonb prints it (see the module docstring)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda kv: _key(str(kv[0])))
        inner = ", ".join(f"{canonical(str(k))}: {canonical(v)}" for k, v in items)
        return "{" + inner + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    raise TypeError(f"{type(value).__name__} has no place in an audit entry")


def entry_hash(
    seq: int,
    at: dt.datetime,
    actor: str,
    action: str,
    subject: str,
    detail: Mapping[str, Any],
    written_by: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 (hex) of the entry's canonical encoding, previous hash included."""
    text = canonical(
        {
            "seq": seq,
            "at": utc_iso(at),
            "actor": actor,
            "action": action,
            "subject": subject,
            "detail": dict(detail),
            "written_by": written_by,
            "prev": prev_hash,
        }
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def link_of(entry: ChainEntry, prev_hash: str) -> str:
    assert entry.seq is not None
    return entry_hash(
        entry.seq,
        entry.at,
        entry.actor,
        entry.action,
        entry.subject,
        entry.detail,
        entry.written_by,
        prev_hash,
    )


def verify(entries: Iterable[ChainEntry]) -> ChainReport:
    """Walk the chain in sequence order; name the first entry that does not hold.

    `entries` must come sorted by `seq` (entries without one last). Checks, per entry: its
    number is the next one (a gap means an entry was removed), it names the previous entry's
    hash (else something before it was replaced), and its own hash matches its content
    (else it was changed after it was written).
    """
    count = 0
    prev = GENESIS
    expected = 1
    broken: ChainBreak | None = None
    for entry in entries:
        count += 1
        if broken is not None:
            continue
        if entry.seq is None:
            broken = ChainBreak(expected, entry.at, entry.action, "it was added outside the chain")
        elif entry.seq > expected:
            broken = ChainBreak(
                expected,
                None,
                None,
                f"it is missing (removed); the next is entry {entry.seq} "
                f"({utc_iso(entry.at)}, {entry.action})",
            )
        elif entry.seq < expected:
            broken = ChainBreak(entry.seq, entry.at, entry.action, "its number appears twice")
        elif entry.hash != link_of(entry, entry.prev_hash or ""):
            broken = ChainBreak(
                entry.seq, entry.at, entry.action, "it was changed after it was written"
            )
        elif entry.prev_hash != prev:
            broken = ChainBreak(
                entry.seq,
                entry.at,
                entry.action,
                "it does not follow the entry before it (that one was replaced or moved)",
            )
        else:
            prev = entry.hash or ""
            expected += 1
    return ChainReport(count, broken)
