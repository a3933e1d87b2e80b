"""Small exams, one per rule that no vignette fires, each the plainest case of its finding.

`tests/forms/test_vignettes.py` counts them towards "every rule fires"; `test_review.py` checks each fires.
"""

from __future__ import annotations

import datetime as dt

from kinelink.forms.model import Exam, ExamRecord, History, Injury, Patient, Symptom, TestEntry
from kinelink.forms.vocab import InjuryKind, Location, Region, Sex, Side, Structure, TestName, TestResult

DAY = dt.date(2026, 6, 1)
ADULT = Patient("Kowalska", "Zofia", dt.date(1994, 3, 3), Sex.FEMALE)


def _record(history: History, *tests: TestEntry) -> ExamRecord:
    return ExamRecord(ADULT, Exam(date=DAY, history=history, tests=tests))


RULE_CASES: dict[str, ExamRecord] = {
    # a quadriceps tendon strain at the knee, then anterior hip pain: the rectus femoris links them
    "kh-myo-rectus-strain": _record(History(
        injuries=(Injury(Region.KNEE, Side.LEFT, dt.date(2026, 3, 1), "kicking", (Structure.RECTUS_FEMORIS,),
                         InjuryKind.INJURY),),
        symptoms=(Symptom(Region.HIP, Side.LEFT, Location.ANTERIOR, dt.date(2026, 4, 1), 4),),
    ), TestEntry(TestName.THOMAS, Side.LEFT, TestResult.NEGATIVE)),
}
