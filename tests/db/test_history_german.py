"""A save refused because the sealed history says the exam was changed outside Kinelink (`HistoryBroken`)
tells the user in German when Kinelink speaks German (issue 16); nothing is saved."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import history, repository
from kinelink.forms import i18n

from tests.db import tampered
from tests.giveaways import english_words
from tests.survival.helpers import drop_triggers


@pytest.fixture
def german() -> Iterator[None]:
    i18n.set_language("de")
    yield
    i18n.set_language("en")


def test_saving_over_an_unsigned_exam_is_refused_in_german(tmp_path: Path, german: None) -> None:
    clinic = tampered.clinic(tmp_path / "praxis.sqlite3")
    conn = sqlite3.connect(clinic.path, isolation_level=None)
    drop_triggers(conn)
    conn.execute("UPDATE exams SET status = 'draft', signed_by = NULL, signed_at = NULL WHERE id = ?",
                 (clinic.signed,))
    conn.close()
    with db.open_database(clinic.path) as database:
        with database.session() as s:
            got = repository.get_exam(s, clinic.signed)
        with pytest.raises(history.HistoryBroken) as refused, database.session() as s:
            overwritten = dataclasses.replace(got.record.exam, notes="überschrieben")
            repository.save_draft(s, got.summary.patient_id, overwritten, author="Eindringling")
        with database.session() as s:
            assert repository.get_exam(s, clinic.signed).record.exam.notes == got.record.exam.notes
    message = str(refused.value)
    assert (f"Untersuchung {clinic.signed} wurde außerhalb von Kinelink verändert: Ihr Status wurde von "
            "„Unterschrieben“ auf „Entwurf“ zurückgesetzt. Es wurde nichts gespeichert; führen Sie „kinelink check“ "
            "aus und stellen Sie die Datenbank aus einer Sicherung wieder her") in message
    assert english_words(message) == []
