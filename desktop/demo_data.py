"""Made-up patients for trying Kinelink (`--demo`, "Open demo data").

Only an empty database is filled, so demo patients can never mix with a
clinic's own records. Visits are stored as signed exams, except that every
fifth patient's latest visit is left as a draft, as in a working clinic.
"""

from __future__ import annotations

from db import repository
from desktop.workspace import Workspace
from forms import demo

DEMO_AUTHOR = "Kinelink demo"
DEMO_PATIENTS = 50
DEMO_SEED = 1


def fill(ws: Workspace, n: int = DEMO_PATIENTS, seed: int = DEMO_SEED) -> int:
    """Store `n` demo patients with their visits in one unit of work; returns the number of exams."""
    exams = 0
    with ws.database.session() as s:
        for index, person in enumerate(demo.generate(seed, n)):
            patient_id = repository.create_patient(s, person.patient, author=DEMO_AUTHOR)
            for visit, record in enumerate(person.records, 1):
                author = record.exam.clinician or DEMO_AUTHOR
                exam_id = repository.save_draft(s, patient_id, record.exam, author=author)
                if visit < len(person.records) or index % 5:
                    repository.sign_exam(s, exam_id, author=author)
                exams += 1
    return exams


def fill_if_empty(ws: Workspace) -> bool:
    """Fill the database if it holds no patient; False (and nothing written) otherwise."""
    with ws.database.session() as s:
        if repository.count_patients(s):
            return False
    fill(ws)
    return True
