"""The organisation's settings saved as one whole: all of it, audit-logged, or none of it."""

from __future__ import annotations

import dataclasses

import pytest

from tests.actors import who
from vfcoach.coding.audit import SETTING_CHANGED
from vfcoach.coding.project import CoderRole
from vfcoach.coding.reels.captions import DEFAULT_JARGON
from vfcoach.services.reels.evidence import JARGON_KEY, reel_settings
from vfcoach.services.reliability.plan import PlanRefused, set_role
from vfcoach.services.settings.project import (
    InvalidJargon,
    clean_jargon,
    load_project_settings,
    save_project_settings,
)
from vfcoach.services.tally.fidelity import load_thresholds
from vfcoach.storage.database import Database, check_connection
from vfcoach.storage.errors import DatabaseUnavailable


def test_changed_thresholds_and_words_are_saved_and_audited(db: Database) -> None:
    before = load_project_settings(db)
    assert before.jargon == DEFAULT_JARGON
    vipp = dataclasses.replace(before.thresholds["VIPP-SD"], min_rate_per_min=2.5)
    after = dataclasses.replace(
        before,
        thresholds={**before.thresholds, "VIPP-SD": vipp},
        jargon=("FTL", "following the lead", "ITM"),
    )
    saved = save_project_settings(db, before, after, who(db, "Sam"))
    assert saved == ["fidelity thresholds for VIPP-SD", "caption word list"]
    assert load_thresholds(db, "vipp-sd").min_rate_per_min == 2.5
    assert load_thresholds(db, "ABC") == before.thresholds["ABC"]  # untouched: not stored
    with db.uow() as uow:
        assert reel_settings(uow).jargon == ("FTL", "following the lead", "ITM")
        subjects = [e.subject for e in uow.audit.list(SETTING_CHANGED)]
        assert uow.settings.get("fidelity.thresholds.ABC") is None
    assert subjects == ["setting:fidelity.thresholds.VIPP-SD", f"setting:{JARGON_KEY}"]
    assert load_project_settings(db) == after


def test_a_refused_reliability_change_saves_nothing_else_either(db: Database) -> None:
    set_role(db, "Sup", CoderRole.SUPERVISOR, None, actor=who(db, "Sup"))
    before = load_project_settings(db)
    abc = dataclasses.replace(before.thresholds["ABC"], min_rate_per_min=3.0)
    after = dataclasses.replace(
        before,
        thresholds={**before.thresholds, "ABC": abc},
        irr=before.irr.with_changes(kappa_criterion=0.5),
    )
    with pytest.raises(PlanRefused, match="only a supervisor"):
        save_project_settings(db, before, after, who(db, "Coach"))
    assert load_project_settings(db) == before
    assert save_project_settings(db, before, after, who(db, "Sup")) == [
        "fidelity thresholds for ABC",
        "reliability defaults",
    ]


def test_word_list_is_cleaned_and_an_empty_one_refused() -> None:
    assert clean_jargon(["  FTL ", "", "ftl", "following   the lead"]) == (
        "FTL",
        "following the lead",
    )
    with pytest.raises(InvalidJargon, match="at least one"):
        clean_jargon(["", "   "])
    with pytest.raises(InvalidJargon, match="longer than"):
        clean_jargon(["x" * 61])


def test_check_connection_says_what_answered_and_why_not(sqlite_url: str) -> None:
    assert check_connection(sqlite_url).startswith("Connected to SQLite")
    with pytest.raises(DatabaseUnavailable, match="could not connect") as refused:
        check_connection("postgresql://coach:s3cret@127.0.0.1:1/vfcoach")
    assert "s3cret" not in str(refused.value)
    with pytest.raises(DatabaseUnavailable, match="not a database address"):
        check_connection("nonsense://")
