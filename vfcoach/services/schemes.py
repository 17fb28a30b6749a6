"""Scheme import, export and saving an edit: the versioning rules in one Qt-free place.

The scheme editor, `vfcoach scheme ...` and any later admin screen call these, so the rule
"a version a pass uses never changes; the edit becomes the next version" is applied the same
way everywhere. Every import and edit is written to the audit log in the same transaction
as the scheme, so the log never claims a change that was rolled back, nor misses one.

Two guards keep the caregiver-safety rule honest (`vfcoach.coding.scheme_guard`): no file
is imported under a built-in scheme's name or a look-alike of it, and no import or edit
changes an existing code's kind, polarity or caregiver visibility unless a supervisor
confirms it with a reason, which is audit-logged (`scheme.kind_changed`).
"""

from __future__ import annotations

import dataclasses
import getpass
from dataclasses import dataclass
from pathlib import Path

from vfcoach.coding.audit import (
    SCHEME_EDITED,
    SCHEME_IMPORTED,
    SCHEME_KIND_CHANGED,
    SCHEME_VERSIONED,
    JsonValue,
    scheme_subject,
)
from vfcoach.coding.ids import SchemeId
from vfcoach.coding.scheme import Code, Scheme
from vfcoach.coding.scheme_guard import (
    KindChangeConfirmation,
    KindChangeRefused,
    SchemeNameReserved,
    confirmation_problem,
    kind_changes,
    reserved_builtin,
)
from vfcoach.coding.scheme_json import (
    BUILTIN_SCHEMES,
    SchemeRejected,
    builtin_scheme,
    scheme_from_json,
    scheme_to_json,
)
from vfcoach.services.access import Actor, resolve_actor
from vfcoach.services.files import NotUtf8, read_text
from vfcoach.storage.database import Database
from vfcoach.storage.errors import Conflict, NotFound
from vfcoach.storage.uow import UnitOfWork

CONFIRM_HINT = (
    'a supervisor must confirm it with a reason: --confirm-kind-change "REASON" --by NAME'
)


def default_actor() -> str:
    """Who the audit log names when the caller gives nobody: the signed-in OS account."""
    try:
        return getpass.getuser() or "unknown"
    except (OSError, KeyError):
        return "unknown"


def _saved_by(actor: Actor | None) -> str:
    return default_actor() if actor is None else actor.name


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


def _earlier_codes(uow: UnitOfWork, name: str) -> list[Code]:
    """Each key's latest definition over every stored version of the scheme `name`."""
    latest: dict[str, Code] = {}
    for version in sorted((s for s in uow.schemes.list() if s.name == name), key=_version):
        latest.update({c.key: c for c in version.codes})
    return list(latest.values())


def _version(scheme: Scheme) -> int:
    return scheme.version


def check_kind_changes(
    uow: UnitOfWork, scheme: Scheme, confirm: KindChangeConfirmation | None, actor: Actor | None
) -> None:
    """Refuse a version that changes a code's kind unless a supervisor confirmed it; log it.

    The confirmation names a second person (the supervisor who says yes, typed in the
    confirmation dialog or `--by`), resolved like any name (`resolve_actor`) and checked for
    the supervisor role; it is written to the audit log in the caller's transaction, with
    every change it covers.
    """
    changes = kind_changes(_earlier_codes(uow, scheme.name), scheme.codes)
    if not changes:
        return
    listed = "; ".join(changes)
    what = f"scheme '{scheme.name}' v{scheme.version} changes what codes mean for reels ({listed})"
    if confirm is None:
        raise KindChangeRefused(what, CONFIRM_HINT)
    problem = confirmation_problem(confirm.reason, confirm.by)
    if problem is not None:
        raise KindChangeRefused(f"{what}: {problem}")
    supervisor = resolve_actor(uow, confirm.by)
    if supervisor is None or not supervisor.is_supervisor:
        raise KindChangeRefused(
            f"{what}: '{confirm.by.strip()}' is not a supervisor, so cannot confirm it"
        )
    detail: dict[str, JsonValue] = {
        "changes": list(changes),
        "reason": confirm.reason.strip(),
        "saved_by": _saved_by(actor),
    }
    uow.audit.record(
        supervisor.name, SCHEME_KIND_CHANGED, scheme_subject(scheme.name, scheme.version), detail
    )


def import_scheme(
    db: Database,
    path: Path,
    actor: Actor | None = None,
    confirm: KindChangeConfirmation | None = None,
) -> Scheme:
    """Store the scheme in a JSON file as a new version; all of it or nothing.

    Importing the same name and version again with the same content is a no-op (so a
    script may repeat it); with different content it is a `Conflict`, because codes already
    placed with that version must keep their meaning. A built-in's name (or a look-alike)
    is refused (`SchemeNameReserved`), and so is a new version that changes a code's kind
    without `confirm` from a supervisor (`KindChangeRefused`).
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
    builtin = reserved_builtin(scheme.name)
    if builtin is not None:
        raise SchemeNameReserved(
            f"{path.name}: the scheme name '{scheme.name}' is reserved for the built-in "
            f"'{builtin}'; give your scheme a name of its own (edit a built-in in the scheme "
            "editor instead)"
        )
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
        check_kind_changes(uow, scheme, confirm, actor)
        stored = uow.schemes.add(dataclasses.replace(scheme, locked=False))
        uow.audit.record(
            _saved_by(actor),
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


def save_edited_scheme(
    db: Database,
    scheme: Scheme,
    actor: Actor | None = None,
    confirm: KindChangeConfirmation | None = None,
) -> Scheme:
    """Save an edited scheme: in place if no pass uses it yet, else as the next version.

    `scheme.id` names the version that was edited. A locked version stays exactly as it
    was, so recordings coded with it keep their meaning; the edit becomes newest + 1 (not
    edited + 1: editing v1 while v2 exists must not collide with v2). Nothing changed means
    nothing is written. A change of a code's kind, polarity or caregiver visibility needs
    `confirm` from a supervisor (`KindChangeRefused`), whether in place or as a new version.
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
            check_kind_changes(uow, dataclasses.replace(edit, version=version), confirm, actor)
            saved = uow.schemes.add(dataclasses.replace(edit, version=version, id=None))
            detail |= {"from_version": stored.version, "recordings": uow.schemes.usage(scheme.id)}
            action = SCHEME_VERSIONED
        else:
            edit = dataclasses.replace(edit, version=stored.version)
            check_kind_changes(uow, edit, confirm, actor)
            saved = uow.schemes.update(edit)
            action = SCHEME_EDITED
        subject = scheme_subject(saved.name, saved.version)
        uow.audit.record(_saved_by(actor), action, subject, detail)
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
