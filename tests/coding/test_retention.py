"""When a retention rule falls due: whole months from the last visit, holds never due."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vfcoach.coding.retention import (
    CodesAfter,
    DueKind,
    FamilyFacts,
    RetentionRefused,
    RetentionRule,
    add_months,
    check_reason,
    due_items,
)

RULE = RetentionRule("ABC", 24, 6, CodesAfter.DEIDENTIFY)


def test_months_clamp_to_the_end_of_a_short_month():
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 11, 30), 3) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2024, 12, 15), 24) == dt.date(2026, 12, 15)


@given(st.dates(max_value=dt.date(9000, 1, 1)), st.integers(0, 1200))
def test_months_never_go_back_and_keep_the_month_count(day: dt.date, months: int):
    later = add_months(day, months)
    assert later >= day
    assert (later.year - day.year) * 12 + later.month - day.month == months


def test_due_dates_count_from_the_last_visit():
    family = FamilyFacts("F-1", "ABC", dt.date(2024, 3, 10), written_files=2)
    derived, whole = due_items(RULE, family, dt.date(2024, 9, 10))
    assert (derived.kind, derived.due_on, derived.overdue) == (
        DueKind.DERIVED, dt.date(2024, 9, 10), True,
    )  # fmt: skip
    assert (whole.kind, whole.due_on, whole.overdue) == (
        DueKind.FAMILY, dt.date(2026, 3, 10), False,
    )  # fmt: skip
    assert "kept without names" in whole.what and "2 reel/report files" in derived.what


def test_a_hold_is_never_due_and_no_date_cannot_be_judged():
    held = FamilyFacts("F-1", "ABC", dt.date(2000, 1, 1), held=True)
    assert not any(i.overdue for i in due_items(RULE, held, dt.date(2030, 1, 1)))
    undated = FamilyFacts("F-2", "ABC", None)
    assert [i.due_on for i in due_items(RULE, undated, dt.date(2030, 1, 1))] == [None, None]


@pytest.mark.parametrize(
    ("media", "derived", "message"),
    [(-1, 0, "0 to 1200"), (12, 1201, "0 to 1200"), (6, 12, "cannot be kept longer")],
)
def test_impossible_rules_are_refused(media: int, derived: int, message: str):
    with pytest.raises(RetentionRefused, match=message):
        RetentionRule("ABC", media, derived, CodesAfter.ERASE)


def test_a_reason_says_why_in_a_few_words():
    assert check_reason("  court   order ", "a hold") == "court order"
    with pytest.raises(RetentionRefused, match="needs a reason"):
        check_reason(" ", "a hold")
