"""The organisation's settings in one value: fidelity thresholds, reliability defaults and
the caption jargon list, read together and saved together.

The Settings dialog edits them side by side, so they are saved in ONE transaction: a value
that is refused (a reliability default changed by a coder who is not a supervisor, a
threshold out of range) leaves every setting as it was, not half of them changed. Only what
differs from what was read is written, each change audit-logged with its old and new value
by the services that own the key (`tally/fidelity.py`, `reliability/settings.py`,
`reels/evidence.py`), so the CLI and the dialog store the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from vfcoach.coding.audit import SETTING_CHANGED
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.reels.captions import DEFAULT_JARGON
from vfcoach.coding.reliability.settings import IrrSettings
from vfcoach.coding.tally import FidelityThresholds
from vfcoach.services.access import Actor
from vfcoach.services.reels.evidence import JARGON_KEY
from vfcoach.services.reliability.settings import load_irr_settings, save_irr_settings
from vfcoach.services.tally.fidelity import save_thresholds_in, thresholds_in
from vfcoach.storage.database import Database
from vfcoach.storage.uow import UnitOfWork

PROGRAMMES = ("ABC", "ABC-Toddler", "VIPP-SD")
MAX_TERM = 60


class InvalidJargon(VfcoachError):
    """A jargon term a caption check could not use."""


@dataclass(frozen=True, slots=True)
class ProjectSettings:
    thresholds: dict[str, FidelityThresholds]  # by programme, as PROGRAMMES names them
    irr: IrrSettings
    jargon: tuple[str, ...]  # the terms in force (the built-in list until one is saved)


def clean_jargon(lines: Iterable[str]) -> tuple[str, ...]:
    """One term a line, blanks dropped, duplicates (any case) once; refused when empty or
    when a term is too long to be a word or phrase."""
    out: dict[str, str] = {}
    for raw in lines:
        term = " ".join(raw.split())
        if not term:
            continue
        if len(term) > MAX_TERM:
            raise InvalidJargon(f"'{term[:20]}…' is longer than {MAX_TERM} characters")
        out.setdefault(term.casefold(), term)
    if not out:
        raise InvalidJargon("the list needs at least one term (the built-in one has code names)")
    return tuple(out.values())


def _jargon_in(uow: UnitOfWork) -> tuple[str, ...]:
    stored = uow.settings.get(JARGON_KEY)
    return DEFAULT_JARGON if stored is None else tuple(str(t) for t in stored)


def load_project_settings(db: Database) -> ProjectSettings:
    with db.uow() as uow:
        return ProjectSettings(
            thresholds={p: thresholds_in(uow, p) for p in PROGRAMMES},
            irr=load_irr_settings(uow),
            jargon=_jargon_in(uow),
        )


def save_project_settings(
    db: Database, before: ProjectSettings, after: ProjectSettings, actor: Actor
) -> list[str]:
    """Write what changed between `before` and `after` in one transaction; returns the names
    of what was saved. Any refusal raises and nothing is written."""
    saved: list[str] = []
    with db.uow() as uow:
        for programme, thresholds in after.thresholds.items():
            if thresholds != before.thresholds.get(programme):
                save_thresholds_in(uow, programme, thresholds, actor)
                saved.append(f"fidelity thresholds for {programme}")
        if after.irr != before.irr:
            save_irr_settings(uow, after.irr, actor)  # supervisors only
            saved.append("reliability defaults")
        if after.jargon != before.jargon:
            old = uow.settings.get(JARGON_KEY)
            uow.settings.set(JARGON_KEY, list(after.jargon))
            detail = {"key": JARGON_KEY, "old": old, "new": list(after.jargon)}
            uow.audit.record(actor.name, SETTING_CHANGED, f"setting:{JARGON_KEY}", detail)
            saved.append("caption word list")
        uow.commit()
    return saved
