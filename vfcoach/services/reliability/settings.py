"""Reliability settings: what a reliability result was computed and judged with (§6, §9).

The tolerance, the slice, the pass criteria, the drift warning line and the "too few to
judge" minimums are organisation settings, stored as one JSON object under
`reliability.irr` so a supervisor's choice holds for the CLI, the view and the report alike.
Only what differs from the defaults needs to be stored; keys a newer vfcoach added are
filled from the defaults. Every result carries the settings it used, because a κ without
its tolerance cannot be compared with anything.
"""

from __future__ import annotations

from vfcoach.coding.audit import SETTING_CHANGED
from vfcoach.coding.reliability.settings import (
    METHODS,
    InvalidIrrSettings,
    IrrSettings,
    Method,
    meets,
)
from vfcoach.services.access import SYSTEM, Actor
from vfcoach.services.reliability.plan import check_planner
from vfcoach.storage.uow import UnitOfWork

__all__ = [
    "METHODS",
    "SETTING_KEY",
    "InvalidIrrSettings",
    "IrrSettings",
    "Method",
    "load_irr_settings",
    "meets",
    "save_irr_settings",
]

SETTING_KEY = "reliability.irr"


def load_irr_settings(uow: UnitOfWork) -> IrrSettings:
    """The organisation's reliability settings, or the defaults if it never changed them."""
    raw = uow.settings.get(SETTING_KEY)
    if raw is None:
        return IrrSettings()
    if not isinstance(raw, dict):
        raise InvalidIrrSettings(f"setting {SETTING_KEY} is not a set of reliability settings")
    try:
        return IrrSettings.from_dict(raw)
    except InvalidIrrSettings as exc:
        raise InvalidIrrSettings(f"setting {SETTING_KEY}: {exc}") from None


def save_irr_settings(uow: UnitOfWork, settings: IrrSettings, actor: Actor = SYSTEM) -> None:
    """Store the settings in the caller's transaction (the caller commits), audit-logged
    with the old and new values so a verdict read later can be explained. Only a
    supervisor may (`PlanRefused` otherwise; see `plan_refusal`)."""
    check_planner(uow, actor, "change the organisation's reliability settings")
    old = uow.settings.get(SETTING_KEY)
    new = settings.to_dict()
    uow.settings.set(SETTING_KEY, new)
    detail = {"key": SETTING_KEY, "old": old, "new": new}
    uow.audit.record(actor.name, SETTING_CHANGED, f"setting:{SETTING_KEY}", detail)
