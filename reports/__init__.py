"""PDF documents: the assessment summary and the referral letter.

Plain data in (`forms` values wrapped in the frozen dataclasses of
`reports.data`), PDF out. Imports `forms` and reportlab only.
"""

from __future__ import annotations

from kinelink.reports.data import ClinicInfo, HistorySeal, LetterData, SignOff, SummaryData
from kinelink.reports.letter import build_letter
from kinelink.reports.summary import build_summary

__all__ = ["ClinicInfo", "HistorySeal", "LetterData", "SignOff", "SummaryData", "build_letter", "build_summary"]
