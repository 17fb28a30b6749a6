"""Names, code keys, free text, ids, times and CSV cells: the rules decided once."""

from __future__ import annotations

import pytest

from vfcoach.coding.csv_cells import escape_cell, unescape_cell
from vfcoach.coding.errors import InvalidTime
from vfcoach.coding.frame_time import parse_time_ms
from vfcoach.coding.text_rules import (
    InvalidText,
    ascii_digits,
    check_code_key,
    check_name,
    check_text,
    one_line,
    parse_id,
)


@pytest.mark.parametrize(
    "bad", ["", " ", "a\nb", "a\x00b", "x\u202ey", "\u2067x", "\x1b[1m", "N" * 65, "a\u2028b"]
)
def test_names_are_one_printable_line(bad: str) -> None:
    with pytest.raises(InvalidText):
        check_name(bad)


def test_names_keep_any_language() -> None:
    assert check_name("  Zoë Ødegård-عربي  ") == "Zoë Ødegård-عربي"


@pytest.mark.parametrize("bad", ["\u0410TT", "NU R", "", "K" * 33, "N-1", "Ｎ"])
def test_code_keys_are_ascii(bad: str) -> None:
    with pytest.raises(InvalidText):
        check_code_key(bad)


def test_text_refuses_only_nul_surrogates_and_length() -> None:
    assert check_text("line one\nline two\t«ok»") == "line one\nline two\t«ok»"
    for bad in ("a\x00", "b\ud800", "x" * 10_001):
        with pytest.raises(InvalidText):
            check_text(bad)


def test_ids_are_ascii_and_fit_32_bits() -> None:
    assert parse_id("2147483647") == 2**31 - 1 and parse_id(" 7 ") == 7
    for bad in ("0", "-1", "2147483648", "١٢", "1e3", "9" * 400, ""):
        with pytest.raises(InvalidText):
            parse_id(bad)
    assert not ascii_digits("١٢") and "١٢".isdigit()  # why str.isdigit is not used


def test_times_are_ascii_and_bounded() -> None:
    assert parse_time_ms("72.48") == 72_480 and parse_time_ms("1:00:00") == 3_600_000
    assert parse_time_ms("100:00:00") == 360_000_000
    for bad in ("١٢", "１２", "9" * 400, "100:00:01", "inf", "nan", "1e3", "-1", "00:٠١:00"):
        with pytest.raises(InvalidTime):
            parse_time_ms(bad)


def test_one_line_escapes_what_would_forge_output() -> None:
    assert one_line("F-1\nF-2  x") == "F-1 F-2 x"
    assert one_line("a\x1bb\u202ec") == "a\\u001bb\\u202ec"


@pytest.mark.parametrize("cell", ["=1+1", "+1+2", "-x", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_get_an_apostrophe_and_lose_it_on_import(cell: str) -> None:
    assert escape_cell(cell) == "'" + cell and unescape_cell("'" + cell) == cell


def test_numbers_and_plain_text_are_left_alone() -> None:
    for cell in ("-0.12", "+3", "12", "plain", "'quoted"):
        assert escape_cell(cell) == cell and unescape_cell(cell) == cell
    assert escape_cell(-1) == -1
