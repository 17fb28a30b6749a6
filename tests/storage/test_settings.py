"""Settings are JSON values under keys: stored, replaced, listed by prefix, refused if not JSON."""

from __future__ import annotations

import pytest

from vfcoach.storage.database import Database
from vfcoach.storage.errors import StorageError


def test_get_returns_the_default_until_set(db: Database):
    with db.uow() as uow:
        assert uow.settings.get("fidelity.min_rate") is None
        assert uow.settings.get("fidelity.min_rate", 1.0) == 1.0
        uow.settings.set("fidelity.min_rate", 1.2)
        uow.commit()
    with db.uow() as uow:
        assert uow.settings.get("fidelity.min_rate", 1.0) == 1.2


def test_values_round_trip_as_json(db: Database):
    values = {
        "a.int": 3,
        "a.float": 0.8,
        "a.text": "Ünïcode",
        "a.list": [1, "two", None],
        "a.dict": {"kappa": 0.7, "bands": [0.2, 0.4]},
        "a.bool": False,
        "a.none": None,
    }
    with db.uow() as uow:
        for key, value in values.items():
            uow.settings.set(key, value)
        uow.commit()
    with db.uow() as uow:
        assert {k: uow.settings.get(k, "unset") for k in values} == values
        assert uow.settings.all("a.") == values


def test_set_replaces(db: Database):
    with db.uow() as uow:
        uow.settings.set("reel.max_clips", 6)
        uow.commit()
    with db.uow() as uow:
        uow.settings.set("reel.max_clips", 4)
        uow.commit()
    with db.uow() as uow:
        assert uow.settings.all() == {"reel.max_clips": 4}


def test_all_filters_by_prefix_and_sorts(db: Database):
    with db.uow() as uow:
        for key in ("tally.window_min", "reel.pad_s", "tally.latency_s"):
            uow.settings.set(key, 1)
        uow.commit()
    with db.uow() as uow:
        assert list(uow.settings.all("tally.")) == ["tally.latency_s", "tally.window_min"]
        assert uow.settings.all("nothing.") == {}


def test_not_committed_is_not_stored(db: Database):
    with db.uow() as uow:
        uow.settings.set("x", 1)
    with db.uow() as uow:
        assert uow.settings.get("x") is None


@pytest.mark.parametrize("value", [{1, 2}, float("nan"), object()])
def test_values_json_cannot_hold_are_refused(db: Database, value: object):
    with db.uow() as uow, pytest.raises(StorageError, match="cannot be stored as JSON"):
        uow.settings.set("bad", value)


def test_bad_keys_are_refused(db: Database):
    with db.uow() as uow:
        with pytest.raises(StorageError, match="key"):
            uow.settings.set("", 1)
        with pytest.raises(StorageError, match="key"):
            uow.settings.set("k" * 201, 1)
