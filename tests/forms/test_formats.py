"""The one owner of dates and numbers as typed and shown (forms/formats.py)."""

from __future__ import annotations

import contextlib
import datetime as dt
import locale

import pytest
from kinelink.forms import formats
from kinelink.forms.formats import (
    edit_date,
    edit_number,
    parse_date,
    parse_number,
    show_date,
    show_date_long,
    show_moment,
    show_number,
    show_quantity,
    show_signed,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1988-04-17", dt.date(1988, 4, 17)),
        ("17.04.1988", dt.date(1988, 4, 17)),
        ("7/4/1988", dt.date(1988, 4, 7)),
        (" 1988-4-7 ", dt.date(1988, 4, 7)),
        ("31.02.1988", None),
        ("1988", None),
        ("1988-04-17x", None),
        ("17-04-1988", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_a_date_shown_for_editing_parses_back() -> None:
    day = dt.date(2026, 10, 2)
    assert edit_date(day) == "2026-10-02" and parse_date(edit_date(day)) == day
    assert edit_date(None) == ""


def test_dates_are_shown_one_way_whatever_the_locale() -> None:
    with contextlib.suppress(locale.Error):  # without a German locale the English names must hold anyway
        locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
    try:
        assert show_date(dt.date(2026, 10, 2)) == "2 Oct 2026"
        assert show_date(dt.date(2026, 3, 14)) == "14 Mar 2026"
        assert show_date_long(dt.date(2026, 10, 2)) == "2 October 2026"
        moment = dt.datetime(2026, 10, 2, 14, 32, 5)
        assert show_moment(moment) == "2 Oct 2026 at 14:32"
    finally:
        locale.setlocale(locale.LC_TIME, "C")


def test_numbers_use_a_real_minus_and_drop_trailing_zeros() -> None:
    assert show_number(212.5) == "212.5"
    assert show_number(40.0) == "40"
    assert show_number(-6) == "−6"
    assert show_number(-0.01) == "0"
    assert show_number(66.67, 0) == "67"
    assert show_signed(6) == "+6"
    assert show_signed(-1.5) == "−1.5"
    assert show_signed(0) == "0"
    assert show_quantity(-10, "°") == "−10°"
    assert show_quantity(212.5, "N") == "212.5 N"
    assert show_quantity(85, "%") == "85 %"
    assert formats.MINUS in show_number(-1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("120", 120), ("-10", -10), ("−10", -10), ("12,5", 12.5), (" 3.0 ", 3.0), (".5", 0.5)],
)
def test_parse_number(text: str, expected: float) -> None:
    value = parse_number(text)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "--1", "1e5"])
def test_parse_number_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("value", [120.0, -10.0, 12.5, 0.1, 1 / 3, 212.25])
def test_a_number_shown_for_editing_parses_back_exactly(value: float) -> None:
    assert parse_number(edit_number(value)) == value
    assert edit_number(None) == ""


def test_partial_dates_are_shown_as_far_as_they_are_known() -> None:
    from kinelink.forms.partialdate import PartialDate

    assert show_date(PartialDate(2019, 5)) == "May 2019" and show_date(PartialDate(2019)) == "2019"
    assert show_date_long(PartialDate(2019, 5)) == "May 2019"
    assert parse_date("2019-05", partial=True) == PartialDate(2019, 5)
    assert parse_date("2019", partial=True) == PartialDate(2019)
    assert parse_date("2019-13", partial=True) is None
    assert parse_date("2019-05") is None  # a date of birth or an exam date is a whole date
    assert parse_date(edit_date(PartialDate(2019, 5)), partial=True) == PartialDate(2019, 5)


def test_dates_in_a_field_follow_the_language_and_parse_back() -> None:
    from kinelink.forms import i18n
    from kinelink.forms.partialdate import PartialDate

    days = (dt.date(2025, 12, 3), PartialDate(2025, 12), PartialDate(2019, 5), PartialDate(2025))
    try:
        i18n.set_language("de")
        assert [edit_date(d) for d in days] == ["03.12.2025", "12.2025", "05.2019", "2025"]
        assert all(parse_date(edit_date(d), partial=True) == d for d in days)
        i18n.set_language("en")
        assert [edit_date(d) for d in days] == ["2025-12-03", "2025-12", "2019-05", "2025"]
        assert all(parse_date(edit_date(d), partial=True) == d for d in days)
        assert parse_date("5/2019", partial=True) == PartialDate(2019, 5)  # month/year: one reading in every locale
        assert parse_date("13.2019", partial=True) is None and parse_date("12.2025") is None  # a whole date needed
    finally:
        i18n.set_language("en")
