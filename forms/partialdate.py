"""A date the patient remembers only to the month or the year (`2019-05`, `2019`).

`PartialDate` is a `datetime.date` whose value is its first day, so every
existing comparison, sort and subtraction treats it as that day (the exam
format's rule: "ordering treats a partial date as its first day"), while
`isoformat()` and `str()` give back the file's own text and `precision` tells
code that shows it to say "about". Full dates stay plain `datetime.date`;
only month and year precision are ever a `PartialDate`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

Precision = Literal["year", "month", "day"]

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?")


class PartialDate(dt.date):
    __slots__ = ("_month_known",)
    _month_known: bool

    def __new__(cls, year: int, month: int | None = None) -> PartialDate:
        self = super().__new__(cls, year, month or 1, 1)
        self._month_known = month is not None
        return self

    @property
    def precision(self) -> Precision:
        return "month" if self._month_known else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self._month_known else f"{self.year:04d}"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"PartialDate({self.year}, {self.month})" if self._month_known else f"PartialDate({self.year})"

    # "2019" and 2019-01-01 order alike but are different facts: equal only to the same partial date.
    def __eq__(self, other: object) -> bool:
        if isinstance(other, PartialDate):
            return self.isoformat() == other.isoformat()
        return False if isinstance(other, dt.date) else NotImplemented

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(("partial", self.isoformat()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (PartialDate, (self.year, self.month) if self._month_known else (self.year,))

    # Arithmetic works on the first day and gives plain dates (the C type would otherwise
    # build a PartialDate from a year, month and day).
    def __add__(self, other: dt.timedelta) -> dt.date:  # type: ignore[override]
        return self.first_day + other

    def __radd__(self, other: dt.timedelta) -> dt.date:  # type: ignore[override]
        return self.first_day + other

    def __sub__(self, other: Any) -> Any:
        return self.first_day - other


def precision(day: dt.date) -> Precision:
    """How much of `day` is known: "day" for a plain date."""
    return day.precision if isinstance(day, PartialDate) else "day"


def parse(text: str) -> dt.date:
    """`YYYY-MM-DD` (a plain date), `YYYY-MM` or `YYYY` (a PartialDate); ValueError otherwise."""
    if len(text) == 10:
        return dt.date.fromisoformat(text)
    found = _PARTIAL.fullmatch(text)
    if found is None:
        raise ValueError(f"'{text}' is not a date YYYY-MM-DD, YYYY-MM or YYYY")
    year, month = int(found.group(1)), found.group(2)
    if year < 1:
        raise ValueError(f"'{text}': there is no year 0")
    if month is not None and not 1 <= int(month) <= 12:
        raise ValueError(f"'{text}': there is no month {month}")
    return PartialDate(year, int(month) if month is not None else None)
