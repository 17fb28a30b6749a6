"""Scheme import, export and saving an edit: the versioning rules in one Qt-free place.

The scheme editor, `vfcoach scheme ...` and any later admin screen call these, so the rule
"a version a pass uses never changes; the edit becomes the next version" is applied the same
way everywhere. Every import and edit is written to the audit log in the same transaction
as the scheme, so the log never claims a change that was rolled back, nor misses one.
"""

from __future__ import annotations

import dataclasses
import getpass
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.audit import SCHEME_EDITED, SCHEME_IMPORTED, SCHEME_VERSIONED, scheme_subject
from vfcoach.coding.ids import SchemeId
from vfcoach.coding.scheme import Scheme
from vfcoach.coding.scheme_json import (
    BUILTIN_SCHEMES,
    SchemeRejected,
    builtin_scheme,
    scheme_from_json,
    scheme_to_json,
)
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound
from vfcoach.ui.operations.files import NotUtf8, read_text


def default_actor() -> str:
    """Who the audit log names when the caller gives nobody: the signed-in OS account."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):
        return "unknown"


@dataclass(frozen=True, slots=True)
class SchemeSummary:
    """One stored scheme version, as `vfcoach scheme list` and pickers show it."""

    id: SchemeId
    name: str
    version: int
    codes: int
    locked: bool
    recordings: int

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def ensure_builtin_schemes(db: Database) -> list[Scheme]:
    """Store the shipped schemes (idempotent), so they can be listed, exported and edited."""
    with db.uow() as uow:
        stored = [uow.schemes.ensure(builtin_scheme(name)) for name in BUILTIN_SCHEMES]
        uow.commit()
    return stored


def list_schemes(db: Database) -> list[SchemeSummary]:
    ensure_builtin_schemes(db)
    with db.uow() as uow:
        out: list[SchemeSummary] = []
        for s in uow.schemes.list():
            assert s.id is not None
            used = uow.schemes.usage(s.id)
            out.append(SchemeSummary(s.id, s.name, s.version, len(s.codes), s.locked, used))
    return out


def format_scheme_table(rows: list[SchemeSummary]) -> str:
    lines = [f"{'ID':>4}  {'NAME':<24} {'VERSION':>7} {'CODES':>5}  {'RECORDINGS':>10}  STATE"]
    for r in rows:
        state = "locked" if r.locked else "editable"
        lines.append(
            f"{r.id:>4}  {r.name:<24} {'v' + str(r.version):>7} {r.codes:>5}  "
            f"{r.recordings:>10}  {state}"
        )
    return "\n".join(lines)


def scheme_usage(db: Database, scheme_id: SchemeId) -> int:
    """How many recordings use this version: why an edit to it becomes a new version."""
    with db.uow() as uow:
        return uow.schemes.usage(scheme_id)


def import_scheme(db: Database, path: Path, actor: str | None = None) -> Scheme:
    """Store the scheme in a JSON file as a new version; all of it or nothing.

    Importing the same name and version again with the same content is a no-op (so a
    script may repeat it); with different content it is a `Conflict`, because codes already
    placed with that version must keep their meaning.
    """
    try:
        text = read_text(path)
    except NotUtf8 as exc:
        problem = f"not UTF-8 text (byte {exc.offset}); save it as UTF-8"
        raise SchemeRejected([problem], source=path.name) from None
    try:
        scheme = scheme_from_json(text)
    except SchemeRejected as exc:
        raise SchemeRejected(exc.problems, source=path.name) from None
    with db.uow() as uow:
        existing = uow.schemes.find(scheme.name, scheme.version)
        if existing is not None:
            if existing.same_content(scheme):
                return existing
            latest = uow.schemes.latest(scheme.name)
            newest = existing.version if latest is None else latest.version
            raise Conflict(
                f"{path.name}: scheme '{scheme.name}' v{scheme.version} already exists with "
                f'different codes; set "version" to {newest + 1} in the file to import it '
                "as a new version"
            )
        stored = uow.schemes.add(dataclasses.replace(scheme, locked=False))
        uow.audit.record(
            actor or default_actor(),
            SCHEME_IMPORTED,
            scheme_subject(stored.name, stored.version),
            {"file": path.name, "codes": len(stored.codes)},
        )
        uow.commit()
    return stored


def export_scheme(db: Database, name: str, version: int | None = None) -> str:
    """The JSON text of one version (the newest if `version` is None)."""
    if name in BUILTIN_SCHEMES:
        ensure_builtin_schemes(db)
    with db.uow() as uow:
        scheme = uow.schemes.latest(name) if version is None else uow.schemes.find(name, version)
        if scheme is None:
            names = sorted({s.name for s in uow.schemes.list()})
            versions = [s.version for s in uow.schemes.list() if s.name == name]
            if versions:
                listed = ", ".join(f"v{v}" for v in versions)
                raise NotFound(f"scheme '{name}' has no version {version} (there is {listed})")
            raise NotFound(f"there is no scheme '{name}' (known: {', '.join(names) or 'none'})")
    return scheme_to_json(scheme)


def _changes(before: Scheme, after: Scheme) -> dict[str, object]:
    old = {c.key: c for c in before.codes}
    new = {c.key: c for c in after.codes}
    return {
        "added": [k for k in new if k not in old],
        "removed": [k for k in old if k not in new],
        "changed": [k for k in new if k in old and new[k] != old[k]],
        "description_changed": before.description != after.description,
    }


def save_edited_scheme(db: Database, scheme: Scheme, actor: str | None = None) -> Scheme:
    """Save an edited scheme: in place if no pass uses it yet, else as the next version.

    `scheme.id` names the version that was edited. A locked version stays exactly as it
    was, so recordings coded with it keep their meaning; the edit becomes newest + 1 (not
    edited + 1: editing v1 while v2 exists must not collide with v2). Nothing changed means
    nothing is written.
    """
    if scheme.id is None:
        raise NotFound(f"scheme '{scheme.name}' has not been stored; import it instead")
    with db.uow() as uow:
        stored = uow.schemes.get(scheme.id)
        edit = dataclasses.replace(scheme, name=stored.name, locked=False)
        if stored.same_content(edit):
            return stored
        detail = _changes(stored, edit)
        if stored.locked:
            latest = uow.schemes.latest(stored.name)
            version = (stored.version if latest is None else latest.version) + 1
            saved = uow.schemes.add(dataclasses.replace(edit, version=version, id=None))
            detail |= {"from_version": stored.version, "recordings": uow.schemes.usage(scheme.id)}
            action = SCHEME_VERSIONED
        else:
            saved = uow.schemes.update(dataclasses.replace(edit, version=stored.version))
            action = SCHEME_EDITED
        subject = scheme_subject(saved.name, saved.version)
        uow.audit.record(actor or default_actor(), action, subject, detail)
        uow.commit()
    return saved


def save_message(edited: Scheme, saved: Scheme, recordings: int) -> str:
    """What the editor tells the coach after a save, including why a new version appeared."""
    if saved.version == edited.version:
        return f"Saved {saved.name} v{saved.version}."
    noun = "recording" if recordings == 1 else "recordings"
    why = f"is in use by {recordings} {noun}" if recordings else "is locked by a coding pass"
    return (
        f"v{edited.version} {why}, so your changes are saved as v{saved.version}. "
        f"Recordings coded with v{edited.version} keep it."
    )
