"""Dates and numbers as people type them and as Kinelink shows them: the one owner of each format.

Every screen, PDF, letter and text summary asks this module, so a date typed in the
patient dialog, the exam editor or the search box means the same day everywhere,
and `2 Oct 2026` / `−6°` look the same in the window and on paper.

- Typed dates: `YYYY-MM-DD`, or day first `DD.MM.YYYY` / `DD/MM/YYYY` (as written in Europe).
- Shown dates: `2 Oct 2026` (English month names, whatever the computer's locale: never
  ambiguous like 02/10/2026); letters spell the month out.
- Shown numbers: no trailing zeros, a real minus sign (−6, not -6).
- Typed numbers: `120`, `-10`, `−10`, `12,5`.
"""

from __future__ import annotations

import datetime as dt
import re

from kinelink.forms import partialdate

MINUS = "\u2212"  # a real minus sign: −10°, never a hyphen
DASH = "\u2014"  # shown for "no value"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
DATE_HINT = "YYYY-MM-DD"  # what a date field shows before anything is typed

_TYPED_DATES = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
    (re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"), (3, 2, 1)),
)
_PARTIAL = re.compile(r"\d{4}(-\d{2})?")
_TYPED_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


# --- dates ---------------------------------------------------------------------------------------


def parse_date(text: str, *, partial: bool = False) -> dt.date | None:
    """A date as typed: `YYYY-MM-DD`, `DD.MM.YYYY` or `DD/MM/YYYY`; None if it is not a real date.

    With `partial` (an injury or an onset the patient remembers only roughly) `YYYY-MM` and `YYYY`
    are dates too, as `PartialDate`s.
    """
    text = text.strip()
    if partial and _PARTIAL.fullmatch(text):
        try:
            return partialdate.parse(text)
        except ValueError:
            return None
    for pattern, (y, m, d) in _TYPED_DATES:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:  # 31.02.2026
                return None
    return None


def show_date(day: dt.date) -> str:
    """`2 Oct 2026`: how every screen and document shows a date (`Oct 2026`, `2026` when only that is known)."""
    return _shown(day, MONTHS[day.month - 1][:3])


def show_date_long(day: dt.date) -> str:
    """`2 October 2026`, for the letter's prose."""
    return _shown(day, MONTHS[day.month - 1])


def _shown(day: dt.date, month: str) -> str:
    known = partialdate.precision(day)
    if known == "year":
        return str(day.year)
    if known == "month":
        return f"{month} {day.year}"
    return f"{day.day} {month} {day.year}"


def show_moment(moment: dt.datetime) -> str:
    """`2 Oct 2026 at 14:32`, in the computer's time zone."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return f"{show_date(local.date())} at {local:%H:%M}"


def edit_date(day: dt.date | None) -> str:
    """The text a date field is filled with: `2026-10-02`, `2026-10` (parses back with `parse_date`)."""
    return day.isoformat() if day is not None else ""


# --- numbers -------------------------------------------------------------------------------------


def show_number(value: float, places: int = 1) -> str:
    """212.5, 40, −6: rounded to `places`, no trailing zeros, a real minus sign."""
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".") if places else f"{round(value):d}"
    if text in ("-0", ""):
        text = "0"
    return text.replace("-", MINUS)


def show_signed(value: float, places: int = 1) -> str:
    """+12, −6, 0: a change, with its sign."""
    text = show_number(value, places)
    return text if text.startswith(MINUS) or text == "0" else f"+{text}"


def show_quantity(value: float, unit: str = "", places: int = 1) -> str:
    """−6°, 212.5 N, 85 %: a number with its unit (degrees stick to the number)."""
    text = show_number(value, places)
    return f"{text}{unit}" if unit == "°" else f"{text} {unit}".rstrip()


def parse_number(text: str) -> float | int:
    """A number as a clinician types it: "120", "-10", "−10", "12,5". Raises ValueError."""
    cleaned = text.strip().replace(MINUS, "-").replace(",", ".")
    if not _TYPED_NUMBER.fullmatch(cleaned):
        raise ValueError(text)
    value = float(cleaned)
    return int(value) if value.is_integer() and "." not in cleaned else value


def edit_number(value: float | None) -> str:
    """The text a number field is filled with: the shortest that parses back exactly (120.0 -> "120")."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
