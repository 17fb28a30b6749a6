"""Repository for code schemes: one row per (name, version), its codes in order.

A version is never edited in place once used: every annotation means "this key, as that
version defined it", so a changed definition is a new version, and `update` refuses a
locked one with `SchemeLocked`. `ensure` loads the built-in schemes idempotently at
start-up; it never overwrites a stored version with the same number. Code details no query
filters on (includes, excludes, link_to, polarity, segment) travel in the `extra` JSON.
"""

from __future__ import annotations

import builtins
import dataclasses
import logging
from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, func, select, union
from sqlalchemy.orm import Session

from vfcoach.coding.ids import SchemeId
from vfcoach.coding.scheme import Code, CodeKind, ModifierDef, ModifierKind, Polarity, Scheme
from vfcoach.storage.errors import Conflict, NotFound, SchemeLocked, flush_or_conflict
from vfcoach.storage.revisions import advance
from vfcoach.storage.rows import CodeRow, CodingPassRow, RecordingRow, SchemeRow

log = logging.getLogger(__name__)


def _modifier_to_json(m: ModifierDef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": m.name,
        "kind": m.kind.value,
        "values": list(m.values),
        "label": m.label,
    }
    if m.value_labels:  # optional in the JSON column: rows written before labels still read
        out["value_labels"] = [list(pair) for pair in m.value_labels]
    return out


def _modifier_from_json(raw: dict[str, Any]) -> ModifierDef:
    return ModifierDef(
        name=str(raw["name"]),
        kind=ModifierKind(raw["kind"]),
        values=tuple(str(v) for v in raw["values"]),
        label=str(raw.get("label", "")),
        value_labels=tuple((str(v), str(t)) for v, t in raw.get("value_labels", [])),
    )


def _extra_to_json(code: Code) -> dict[str, Any]:
    return {
        "includes": code.includes,
        "excludes": code.excludes,
        "link_to": list(code.link_to),
        "polarity": code.polarity.value,
        "segment": code.segment,
    }


def _code_row(code: Code, position: int) -> CodeRow:
    return CodeRow(
        key=code.key,
        label=code.label,
        kind=code.kind.value,
        shortcut=code.shortcut,
        colour=code.colour,
        category=code.category,
        modifiers=[_modifier_to_json(m) for m in code.modifiers],
        caregiver_visible=code.caregiver_visible,
        me_set=code.me_set,
        definition=code.definition,
        position=position,
        extra=_extra_to_json(code),
    )


def _code(row: CodeRow) -> Code:
    extra = row.extra or {}  # '{}' for codes stored before revision 0002
    segment = extra.get("segment")
    return Code(
        key=row.key,
        label=row.label,
        kind=CodeKind(row.kind),
        shortcut=row.shortcut,
        colour=row.colour,
        category=row.category,
        modifiers=tuple(_modifier_from_json(m) for m in row.modifiers),
        caregiver_visible=row.caregiver_visible,
        me_set=row.me_set,
        definition=row.definition,
        includes=str(extra.get("includes", "")),
        excludes=str(extra.get("excludes", "")),
        link_to=tuple(str(k) for k in extra.get("link_to", ())),
        polarity=Polarity(extra.get("polarity", Polarity.NEUTRAL.value)),
        segment=None if segment is None else str(segment),
    )


def _without_labels(code: Code) -> Code:
    bare = tuple(replace(m, label="", value_labels=()) for m in code.modifiers)
    return replace(code, modifiers=bare)


def _scheme(row: SchemeRow, codes: list[CodeRow]) -> Scheme:
    ordered = sorted(codes, key=lambda c: c.position)
    return Scheme(
        name=row.name,
        version=row.version,
        codes=tuple(_code(c) for c in ordered),
        id=SchemeId(row.id),
        locked=row.locked,
        description=row.description,
        revision=row.revision,
    )


class SchemeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, scheme: Scheme) -> Scheme:
        """Store a new version; the id it may already carry is ignored and a new one minted."""
        message = f"scheme '{scheme.name}' v{scheme.version} already exists"
        if self._find(scheme.name, scheme.version) is not None:
            raise Conflict(message)
        row = SchemeRow(
            name=scheme.name,
            version=scheme.version,
            locked=scheme.locked,
            description=scheme.description,
        )
        self._session.add(row)
        flush_or_conflict(self._session, message)
        self._add_codes(row, scheme.codes)
        return dataclasses.replace(scheme, id=SchemeId(row.id), revision=1)

    def update(self, scheme: Scheme) -> Scheme:
        """Rewrite an unlocked version in place (its id, name and version stay).

        Raises `SchemeLocked` once a pass uses the version: its codes already mean what
        that version says, so the change must be saved as a new version instead.
        """
        if scheme.id is None:
            raise NotFound(f"scheme '{scheme.name}' v{scheme.version} has not been stored yet")
        row = self._row(scheme.id)
        if (row.name, row.version) != (scheme.name, scheme.version):
            raise Conflict(
                f"scheme {scheme.id} is '{row.name}' v{row.version}; an update cannot rename "
                "it or change its version"
            )
        if row.locked:
            raise SchemeLocked(
                f"scheme '{row.name}' v{row.version} is in use by a coding pass, so it can no "
                "longer change; save the edit as a new version"
            )
        advance(self._session, row, scheme.revision, f"scheme '{row.name}' v{row.version}")
        row.description = scheme.description
        self._session.execute(delete(CodeRow).where(CodeRow.scheme_id == row.id))
        self._add_codes(row, scheme.codes)
        return dataclasses.replace(scheme, locked=False, revision=row.revision)

    def find(self, name: str, version: int) -> Scheme | None:
        row = self._find(name, version)
        return None if row is None else self._load(row)

    def usage(self, scheme_id: SchemeId) -> int:
        """How many recordings use this version (have a pass with it or are set to it)."""
        self._row(scheme_id)
        used = union(
            select(CodingPassRow.recording_id).where(CodingPassRow.scheme_id == scheme_id),
            select(RecordingRow.id).where(RecordingRow.scheme_id == scheme_id),
        ).subquery()
        return int(self._session.scalar(select(func.count()).select_from(used)) or 0)

    def get(self, scheme_id: SchemeId) -> Scheme:
        return self._load(self._row(scheme_id))

    def latest(self, name: str) -> Scheme | None:
        row = self._session.scalars(
            select(SchemeRow).where(SchemeRow.name == name).order_by(SchemeRow.version.desc())
        ).first()
        return None if row is None else self._load(row)

    def list(self) -> list[Scheme]:
        rows = self._session.scalars(select(SchemeRow).order_by(SchemeRow.name, SchemeRow.version))
        codes: dict[int, builtins.list[CodeRow]] = defaultdict(builtins.list)
        for code in self._session.scalars(select(CodeRow)):
            codes[code.scheme_id].append(code)
        return [_scheme(r, codes[r.id]) for r in rows]

    def lock(self, scheme_id: SchemeId) -> None:
        """Freeze a version: from now on an edit must become a new version."""
        self._row(scheme_id).locked = True
        self._session.flush()

    def ensure(self, scheme: Scheme) -> Scheme:
        """The stored scheme with this name and version, added first if there is none."""
        row = self._find(scheme.name, scheme.version)
        if row is None:
            return self.add(scheme)
        stored = self._load(row)
        if stored.codes != scheme.codes and self._fill_labels(row, stored, scheme):
            return self._load(row)
        if stored.codes != scheme.codes:
            log.warning(
                "scheme '%s' v%d differs from the stored version; keeping the stored one",
                scheme.name,
                scheme.version,
            )
        return stored

    def _fill_labels(self, row: SchemeRow, stored: Scheme, shipped: Scheme) -> bool:
        """Give a stored version the plain modifier labels its shipped twin now has.

        Built-ins stored before modifier labels existed differ from the shipped file only
        in those labels; labels are words on screen, never part of coded data, so filling
        them in keeps every annotation meaning what it meant. Anything else that differs
        leaves the stored version alone (False)."""
        if len(stored.codes) != len(shipped.codes) or not all(
            _without_labels(a) == _without_labels(b)
            for a, b in zip(stored.codes, shipped.codes, strict=True)
        ):
            return False
        by_key = {c.key: c for c in shipped.codes}
        for code_row in self._session.scalars(select(CodeRow).where(CodeRow.scheme_id == row.id)):
            code_row.modifiers = [_modifier_to_json(m) for m in by_key[code_row.key].modifiers]
        self._session.flush()
        log.info("scheme '%s' v%d: plain modifier labels added", row.name, row.version)
        return True

    def _add_codes(self, row: SchemeRow, codes: tuple[Code, ...]) -> None:
        for position, code in enumerate(codes):
            code_row = _code_row(code, position)
            code_row.scheme_id = row.id
            self._session.add(code_row)
        self._session.flush()

    def _find(self, name: str, version: int) -> SchemeRow | None:
        return self._session.scalars(
            select(SchemeRow).where(SchemeRow.name == name, SchemeRow.version == version)
        ).first()

    def _row(self, scheme_id: SchemeId) -> SchemeRow:
        row = self._session.get(SchemeRow, scheme_id)
        if row is None:
            raise NotFound(f"scheme {scheme_id} does not exist")
        return row

    def _load(self, row: SchemeRow) -> Scheme:
        codes = self._session.scalars(select(CodeRow).where(CodeRow.scheme_id == row.id))
        return _scheme(row, builtins.list(codes))
