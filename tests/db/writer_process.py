"""A process that writes exams for ever, one committed unit of work each, printing each exam's id
once its transaction has committed. The durability tests kill it or copy its database meanwhile.

    python -m tests.db.writer_process DATABASE SEED
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys

from kinelink import db
from kinelink.db import repository
from kinelink.forms import demo

TODAY = dt.date(2025, 6, 1)


def expected_exams(seed: int) -> dict[str, demo.DemoPatient]:
    """Which made-up patient each exam the writer may store belongs to (for checking afterwards)."""
    return {r.exam.id or "": p for p in demo.generate(seed, 400, today=TODAY) for r in p.records}


def main() -> None:
    path, seed = sys.argv[1], int(sys.argv[2])
    database = db.open_database(path)
    print("ready", flush=True)
    for person in itertools.islice(demo.generate(seed, 400, today=TODAY), None):
        with database.session() as s:
            pid = repository.create_patient(s, person.patient, author="writer")
        for n, record in enumerate(person.records):
            with database.session() as s:
                exam_id = repository.save_draft(s, pid, record.exam, author="writer")
                if n % 2 == 0:
                    repository.sign_exam(s, exam_id, author="writer")
            print(exam_id, flush=True)  # only after the commit above


if __name__ == "__main__":
    main()
