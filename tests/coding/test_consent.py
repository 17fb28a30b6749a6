"""The pure consent rule (domain.md §7.2-7.3): in force, expired, withdrawn, superseded."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vfcoach.coding.consent import (
    ConsentMissing,
    ConsentRecord,
    Scope,
    check,
    in_force,
    scope_named,
    scope_state,
)
from vfcoach.coding.errors import VfcoachError
from vfcoach.coding.ids import FamilyId

T0 = dt.datetime(2026, 1, 10, 9, 0, tzinfo=dt.UTC)
F = FamilyId(1)


def record(scope: Scope, at: dt.datetime = T0, **kw: object) -> ConsentRecord:
    return ConsentRecord(F, scope, "birth mother", "Ana", at, **kw)  # type: ignore[arg-type]


def test_every_scope_of_the_domain_has_a_plain_name():
    assert [s.value for s in Scope] == [
        "coaching",
        "caregiver_viewing",
        "supervision",
        "fidelity_reliability",
        "training",
        "research",
    ]
    for scope in Scope:
        assert "_" not in scope.label and scope_named(scope.label) is scope
        assert scope_named(scope.value.upper()) is scope


def test_an_unknown_scope_is_refused_plainly():
    with pytest.raises(VfcoachError, match="'filming' is not a consent scope; the scopes are"):
        scope_named("filming")


def test_a_scope_holds_from_its_recording_until_its_expiry_day_ends():
    records = [record(Scope.COACHING), record(Scope.SUPERVISION, expires=dt.date(2026, 2, 1))]
    assert not in_force(records, Scope.SUPERVISION, T0 - dt.timedelta(seconds=1))
    assert in_force(records, Scope.SUPERVISION, T0)
    assert in_force(records, Scope.SUPERVISION, dt.datetime(2026, 2, 1, 23, 59, tzinfo=dt.UTC))
    assert scope_state(records, Scope.SUPERVISION, dt.datetime(2026, 2, 2, tzinfo=dt.UTC)) == (
        "expired"
    )
    with pytest.raises(ConsentMissing, match=r"F-3's consent to .* has expired: record"):
        check("F-3", records, Scope.SUPERVISION, dt.datetime(2026, 2, 2, tzinfo=dt.UTC))


def test_withdrawal_is_dated_and_a_newer_record_gives_it_back():
    later = T0 + dt.timedelta(days=3)
    withdrawn = record(Scope.CAREGIVER_VIEWING, withdrawn_at=later)
    records = [record(Scope.COACHING), withdrawn]
    assert in_force(records, Scope.CAREGIVER_VIEWING, later - dt.timedelta(seconds=1))
    assert scope_state(records, Scope.CAREGIVER_VIEWING, later) == "withdrawn"
    again = record(Scope.CAREGIVER_VIEWING, at=later + dt.timedelta(days=1), id=9)
    assert in_force([*records, again], Scope.CAREGIVER_VIEWING, later + dt.timedelta(days=2))


def test_withdrawing_coaching_stops_every_use():
    records = [record(s) for s in Scope]
    records[0] = record(Scope.COACHING, withdrawn_at=T0 + dt.timedelta(hours=1))
    at = T0 + dt.timedelta(hours=2)
    for scope in Scope:
        assert not in_force(records, scope, at)
    with pytest.raises(ConsentMissing, match="withdrawn its consent to coaching, so its video"):
        check("DEMO-01", records, Scope.TRAINING, at)


def test_the_refusal_names_the_family_the_use_and_what_to_do():
    with pytest.raises(ConsentMissing) as refused:
        check("DEMO-01", [record(Scope.COACHING)], Scope.SUPERVISION, T0)
    assert str(refused.value).startswith("The family DEMO-01 has not consented to supervision")
    assert str(refused.value).endswith(": record it in Family > Consent, or ask the family's coach")
    assert refused.value.scope is Scope.SUPERVISION


@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Scope)),
            st.integers(0, 100),
            st.none() | st.integers(0, 100),
            st.none() | st.integers(0, 10),
        ),
        max_size=8,
    ),
    st.sampled_from(list(Scope)),
    st.integers(0, 120),
)
def test_nothing_is_in_force_without_coaching_or_after_its_own_withdrawal(raw, scope, hour):
    records = [
        record(
            s,
            at=T0 + dt.timedelta(hours=h),
            withdrawn_at=None if w is None else T0 + dt.timedelta(hours=h + w),
            expires=None if e is None else (T0 + dt.timedelta(days=e)).date(),
            id=i,
        )
        for i, (s, h, w, e) in enumerate(raw)
    ]
    at = T0 + dt.timedelta(hours=hour)
    if in_force(records, scope, at):
        assert in_force(records, Scope.COACHING, at)
        mine = [r for r in records if r.scope is scope and r.recorded_at <= at]
        newest = max(mine, key=lambda r: (r.recorded_at, r.id or 0))
        assert newest.withdrawn_at is None or newest.withdrawn_at > at
        assert newest.expires is None or newest.expires >= at.date()
