"""Both PDFs tell a screening with nothing present from no screening, and put text red flags first."""

from __future__ import annotations

from dataclasses import replace

from kinelink.forms.model import ExamRecord
from kinelink.forms.wording import AFTER_RED_FLAGS

from tests.reports.documents import flat, letter_pdf, pdftotext, summary_pdf
from tests.reports.test_other_leg import load


def with_history(record: ExamRecord, **changes: object) -> ExamRecord:
    history = replace(record.exam.history, **changes)  # type: ignore[arg-type]
    return replace(record, exam=replace(record.exam, history=history))


def texts(record: ExamRecord) -> tuple[str, str]:
    return flat(" ".join(pdftotext(summary_pdf(record)))), flat(" ".join(pdftotext(letter_pdf(record))))


def test_screened_with_nothing_present_versus_not_screened() -> None:
    record = load("right_knee_injury")
    summary, letter = texts(with_history(record, red_flags_screened=True))
    assert "Red-flag screening: screened, none present." in summary
    assert "Red-flag screening Screened, none present." in letter
    summary, letter = texts(with_history(record, red_flags_screened=None))
    assert "Red-flag screening: not screened (or the screening was not recorded)." in summary
    assert "Red-flag screening Not screened (or the screening was not recorded)." in letter
    assert "none present" not in summary + letter


def test_red_flags_from_the_text_lead_both_documents_and_hold_the_exercise_steps() -> None:
    record = with_history(load("right_knee_injury"), red_flags_screened=True,
                          past_history="Breast cancer 2018", complaint="Hip pain wakes me at night")
    summary, letter = texts(record)
    assert summary.index("History of cancer") < summary.index("Kinetic chain")
    assert "past history: “Breast cancer” (to be confirmed)" in summary
    assert "text: complaint: “pain wakes me at night” (to be confirmed)" in summary
    assert f"Likely link ({AFTER_RED_FLAGS})" in summary
    assert "load the hip progressively" not in summary and "Gait retraining" not in summary
    assert letter.index("History of cancer (text)") < letter.index("Examination findings")
    assert "past history: “Breast cancer” (to be confirmed)" in letter
    assert "urgent assessment to exclude" in letter and "No exercise, loading or manual therapy" in letter
    assert "imaging of the" not in letter
