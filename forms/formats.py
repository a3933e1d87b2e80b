"""Dates and numbers as people type them and as Kinelink shows them: the one owner of each format.

Every screen, PDF, letter and text summary asks this module, so a date typed in the
patient dialog, the exam editor or the search box means the same day everywhere,
and `2 Oct 2026` / `−6°` look the same in the window and on paper.

Both follow Kinelink's language (forms/i18n.py), never the C library's locale:
- Typed dates: `YYYY-MM-DD` always; `DD.MM.YYYY` is day first always; `DD/MM/YYYY` is day first
  except for a US English locale (LANG=en_US), where `MM/DD/YYYY` is what people write. A partial
  date (month or year known) is `YYYY-MM`, `MM.YYYY`, `MM/YYYY` or `YYYY`.
- Dates in a field being edited: English `2026-10-02` (read the same in Britain and the US);
  German `02.10.2026`, `10.2026`, `2026`.
- Shown dates: English `2 Oct 2026` (never ambiguous like 02/10/2026; letters spell the month out
  `2 October 2026`); German `2.10.2026` (letters `2. Oktober 2026`).
- Shown numbers: no trailing zeros, a real minus sign (−6, not -6); German with a decimal comma (12,5).
- Typed numbers: `120`, `-10`, `−10`, `12,5`, `12.5` in either language.
"""

from __future__ import annotations

import datetime as dt
import re

from kinelink.forms import i18n, partialdate
from kinelink.forms.i18n import _

MINUS = "\u2212"  # a real minus sign: −10°, never a hyphen
DASH = "\u2014"  # shown for "no value"
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
# Month names are data of the date format, not catalog messages: one table per language.
_MONTHS_BY_LANGUAGE = {
    i18n.ENGLISH: (MONTHS, tuple(m[:3] for m in MONTHS)),
    i18n.GERMAN: (
        ("Januar", "Februar", "März", "April", "Mai", "Juni",
         "Juli", "August", "September", "Oktober", "November", "Dezember"),
        # Duden's abbreviations
        ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."),
    ),
}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")  # day first everywhere
_SLASHED_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")  # day first, or month first in the US
_PARTIAL = re.compile(r"\d{4}(-\d{2})?")
_MONTH_YEAR = re.compile(r"(\d{1,2})[./](\d{4})")  # 10.2026, 10/2026: month then year in every language
_TYPED_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)")


# --- dates ---------------------------------------------------------------------------------------


def date_hint(*, partial: bool = False) -> str:
    """What an empty date field shows: the forms it accepts, in the language's own letters."""
    if partial:
        return _("YYYY[-MM[-DD]]")  # short: it must fit a symptom row at 1024 px; the tooltip says it in words
    return _("YYYY-MM-DD")


def parse_date(text: str, *, partial: bool = False) -> dt.date | None:
    """A date as typed: `YYYY-MM-DD`, `DD.MM.YYYY` or `DD/MM/YYYY` (`MM/DD/YYYY` for a US locale);
    None if it is not a real date.

    With `partial` (an injury or an onset the patient remembers only roughly) `YYYY-MM`, `MM.YYYY`,
    `MM/YYYY` and `YYYY` are dates too, as `PartialDate`s.
    """
    text = text.strip()
    if partial and _PARTIAL.fullmatch(text):
        try:
            return partialdate.parse(text)
        except ValueError:
            return None
    month_year = _MONTH_YEAR.fullmatch(text) if partial else None
    if month_year:
        month, year = int(month_year.group(1)), int(month_year.group(2))
        return partialdate.PartialDate(year, month) if 1 <= month <= 12 and year >= 1 else None
    slashed = (3, 1, 2) if i18n.current().month_first else (3, 2, 1)
    for pattern, (y, m, d) in ((_ISO_DATE, (1, 2, 3)), (_DOTTED_DATE, (3, 2, 1)), (_SLASHED_DATE, slashed)):
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(int(match.group(y)), int(match.group(m)), int(match.group(d)))
            except ValueError:  # 31.02.2026
                return None
    return None


def _months() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return _MONTHS_BY_LANGUAGE.get(i18n.current().code, _MONTHS_BY_LANGUAGE[i18n.ENGLISH])


def show_date(day: dt.date) -> str:
    """`2 Oct 2026` (German `2.10.2026`): how every screen and document shows a date
    (`Oct 2026` / `Okt. 2026`, `2026` when only that is known)."""
    known = partialdate.precision(day)
    if known == "year":
        return str(day.year)
    month = _months()[1][day.month - 1]
    if known == "month":
        return f"{month} {day.year}"
    if i18n.current().code == i18n.GERMAN:
        return f"{day.day}.{day.month}.{day.year}"
    return f"{day.day} {month} {day.year}"


def show_date_long(day: dt.date) -> str:
    """`2 October 2026` (German `2. Oktober 2026`), for the letter's prose."""
    known = partialdate.precision(day)
    if known == "year":
        return str(day.year)
    month = _months()[0][day.month - 1]
    if known == "month":
        return f"{month} {day.year}"
    if i18n.current().code == i18n.GERMAN:
        return f"{day.day}. {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def show_moment(moment: dt.datetime) -> str:
    """`2 Oct 2026 at 14:32` (German `2.10.2026, 14:32 Uhr`), in the computer's time zone."""
    local = moment.astimezone() if moment.tzinfo is not None else moment
    return _("{date} at {time}").format(date=show_date(local.date()), time=f"{local:%H:%M}")


def edit_date(day: dt.date | None) -> str:
    """The text a date field is filled with, in the order the language types dates: `2026-10-02`,
    `2026-10` (German `02.10.2026`, `10.2026`); parses back with `parse_date`."""
    if day is None:
        return ""
    if i18n.current().code != i18n.GERMAN:
        return day.isoformat()
    known = partialdate.precision(day)
    if known == "year":
        return f"{day.year:04d}"
    if known == "month":
        return f"{day.month:02d}.{day.year:04d}"
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"


# --- words ---------------------------------------------------------------------------------------


def upper_first(text: str) -> str:
    """The first letter upper-cased, the rest as written: `str.capitalize()` would lower-case German
    nouns ("Flexion in rückenlage") and abbreviations ("Fadir")."""
    return text[:1].upper() + text[1:]


# --- numbers -------------------------------------------------------------------------------------


def show_number(value: float, places: int = 1) -> str:
    """212.5, 40, −6 (German 212,5): rounded to `places`, no trailing zeros, a real minus sign."""
    text = f"{round(value, places):.{places}f}".rstrip("0").rstrip(".") if places else f"{round(value):d}"
    if text in ("-0", ""):
        text = "0"
    return _decimal(text.replace("-", MINUS))


def show_fixed(value: float, places: int = 2) -> str:
    """0.72 (German 0,72): exactly `places` decimals, for scores whose digits line up."""
    return _decimal(f"{value:.{places}f}".replace("-", MINUS))


def _decimal(text: str) -> str:
    return text.replace(".", ",") if i18n.current().code == i18n.GERMAN else text


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
    """The text a number field is filled with: the shortest that parses back exactly (120.0 -> "120";
    German 12,5)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return _decimal(repr(float(value)))
