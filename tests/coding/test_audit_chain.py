"""The chain's canonical encoding and its verifier, without a database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from vfcoach.coding.audit_chain import (
    GENESIS,
    ChainEntry,
    canonical,
    entry_hash,
    link_of,
    utc_iso,
    verify,
)

T0 = dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)


def chain(n: int) -> list[ChainEntry]:
    out: list[ChainEntry] = []
    prev = GENESIS
    for i in range(1, n + 1):
        e = ChainEntry(
            i, T0 + dt.timedelta(seconds=i), "ana", f"a{i}", f"s:{i}", {"i": i}, None, prev, None
        )
        e = dataclasses.replace(e, hash=link_of(e, prev))
        out.append(e)
        prev = e.hash or ""
    return out


def test_canonical_is_jsonb_text():
    # jsonb: shorter keys first, then bytes; ", " and ": "; plain decimal numbers
    assert canonical({"bb": 1, "a": [1, 2.5], "c": {"z": None, "yy": True}}) == (
        '{"a": [1, 2.5], "c": {"z": null, "yy": true}, "bb": 1}'
    )
    assert canonical(1e20) == "100000000000000000000"
    assert canonical(1.5e-7) == "0.00000015"
    assert canonical('é\n\x01"') == '"é\\n\\u0001\\""'
    assert canonical({}) == "{}"


def test_time_is_utc_iso_with_microseconds():
    local = dt.datetime(2026, 1, 1, 10, 0, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    assert utc_iso(local) == "2026-01-01T09:00:00.000005Z"
    assert utc_iso(dt.datetime(2026, 1, 1, 9, 0)) == "2026-01-01T09:00:00.000000Z"


def test_every_field_is_in_the_hash():
    base = ("ana", "a", "s", {"k": 1}, None, GENESIS)
    h = entry_hash(1, T0, *base)
    assert h != entry_hash(2, T0, *base)
    assert h != entry_hash(1, T0 + dt.timedelta(microseconds=1), *base)
    assert h != entry_hash(1, T0, "bo", "a", "s", {"k": 1}, None, GENESIS)
    assert h != entry_hash(1, T0, "ana", "b", "s", {"k": 1}, None, GENESIS)
    assert h != entry_hash(1, T0, "ana", "a", "t", {"k": 1}, None, GENESIS)
    assert h != entry_hash(1, T0, "ana", "a", "s", {"k": 2}, None, GENESIS)
    assert h != entry_hash(1, T0, "ana", "a", "s", {"k": 1}, "ana_login", GENESIS)
    assert h != entry_hash(1, T0, "ana", "a", "s", {"k": 1}, None, "1" * 64)


def test_an_intact_chain():
    report = verify(chain(5))
    assert report.intact and report.count == 5
    assert report.describe() == "5 entries, chain intact"
    assert verify([]).describe() == "0 entries, chain intact"


def test_a_changed_entry_is_named():
    entries = chain(6)
    entries[2] = dataclasses.replace(entries[2], detail={"i": 99})
    report = verify(entries)
    assert report.broken is not None and report.broken.seq == 3
    assert "changed" in report.describe() and "a3" in report.describe()


def test_a_changed_entry_with_a_recomputed_hash_breaks_the_next_link():
    entries = chain(6)
    forged = dataclasses.replace(entries[2], actor="mallory")
    entries[2] = dataclasses.replace(forged, hash=link_of(forged, forged.prev_hash or ""))
    report = verify(entries)
    assert report.broken is not None and report.broken.seq == 4


def test_a_removed_entry_is_named():
    entries = chain(6)
    del entries[3]
    report = verify(entries)
    assert report.broken is not None and report.broken.seq == 4
    assert report.broken.at is None and "missing" in report.broken.reason
    assert "entry 5" in report.broken.reason


def test_reordered_entries_are_named():
    entries = chain(6)
    a, b = entries[1], entries[4]
    entries[1] = dataclasses.replace(b, seq=2)
    entries[4] = dataclasses.replace(a, seq=5)
    report = verify(entries)
    assert report.broken is not None and report.broken.seq == 2


def test_an_entry_outside_the_chain_is_named():
    entries = [*chain(3), ChainEntry(None, T0, "x", "sneaked", "s", {}, None, None, None)]
    report = verify(entries)
    assert report.broken is not None and report.broken.seq == 4 and report.count == 4


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**60), 2**60)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(), json_values, max_size=5))
def test_canonical_is_valid_json_of_the_same_value(detail: dict[str, object]):
    exact = {"parse_float": decimal.Decimal, "parse_int": decimal.Decimal}
    assert json.loads(canonical(detail), **exact) == json.loads(json.dumps(detail), **exact)
