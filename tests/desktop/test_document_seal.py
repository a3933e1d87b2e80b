"""Issued documents carry the record's history seal (the newest link of its sealed history: sequence
number and digest) in the footer and the PDF's keywords, read back from the PDF and compared with
the database, as docs/tamper-evidence.md tells a reader to do."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.desktop.cli import main
from kinelink.desktop.settings import Settings
from kinelink.desktop.usecases import documents
from kinelink.forms import examfile
from kinelink.reports import HistorySeal
from pypdf import PdfReader

from tests.conftest import FIXTURES
from tests.survival.helpers import drop_triggers

AUTHOR = "A. Tester, PT"


def _stored(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "kinelink.sqlite3"
    record = examfile.load(FIXTURES / "exams" / "full_left_knee_to_hip.json")
    with db.open_database(path) as database, database.session() as s:
        result = repository.import_record(s, record, author=AUTHOR)
        repository.sign_exam(s, result.exam_id, author=AUTHOR)
    return path, result.exam_id


def _link(path: Path, seq: int) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("SELECT digest FROM history_chain WHERE seq = ?", (seq,)).fetchone()[0])
    finally:
        conn.close()


def _seal_of(pdf: Path) -> tuple[int, str, str]:
    """(seq, full digest) from the PDF's keywords, and the short seal printed in the footer."""
    reader = PdfReader(pdf)
    keywords = str((reader.metadata or {}).get("/Keywords", ""))
    marked = [k.strip() for k in keywords.split(",") if k.strip().startswith("kinelink-history-seal:")]
    assert len(marked) == 1, keywords
    _, seq, digest = marked[0].split(":")
    footer = reader.pages[0].extract_text()
    printed = footer.split("history seal ")[1].split()[0]
    return int(seq), digest, printed


@pytest.mark.parametrize("kind", ["summary", "letter"])
def test_an_issued_document_carries_the_records_history_seal(tmp_path: Path, kind: str) -> None:
    path, exam_id = _stored(tmp_path)
    with db.open_database(path) as database:
        exam = documents.stored_exam(database, exam_id)
    assert exam.seal is not None
    clinic = documents.clinic_info(Settings(clinic_name="Fizjoterapia Żółty Dom"))
    pdf = tmp_path / f"{kind}.pdf"
    if kind == "summary":
        documents.write_summary(pdf, documents.summary_data(exam, clinic))
    else:
        documents.write_letter(pdf, documents.letter_data(exam, clinic, documents.Recipient("Dr Zoë Żak")))
    seq, digest, printed = _seal_of(pdf)
    assert (seq, digest) == (exam.seal.seq, exam.seal.digest)
    assert printed == f"{seq}:{digest[:HistorySeal.SHORT]}"
    assert _link(path, seq) == digest  # the database still holds the history this document was issued from

    with db.open_database(path) as database, database.session() as s:  # later history moves the head on
        record = repository.get_exam(s, exam_id).record
        amended = dataclasses.replace(record.exam, notes=f"{record.exam.notes or ''} Corrected.")
        repository.amend_exam(s, exam_id, amended, reason="typo in the notes", author=AUTHOR)
    assert _link(path, seq) == digest  # ... and leaves the printed link as it was

    conn = sqlite3.connect(path, isolation_level=None)  # rewriting the history behind Kinelink's back
    drop_triggers(conn)
    conn.execute("UPDATE history_chain SET digest = ? WHERE seq = ?", ("0" * 64, seq))
    conn.close()
    assert _link(path, seq) != digest  # the paper copy no longer matches: the history was rewritten
    assert any(f"link {seq}" in p or "history" in p for p in db.check_file(path))


def test_the_command_line_report_from_a_database_is_sealed_too(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    path, exam_id = _stored(tmp_path)
    out = tmp_path / "summary.pdf"
    assert main(["report", "--from-db", str(path), "--exam", exam_id, "-o", str(out)]) == 0
    seq, digest, _ = _seal_of(out)
    assert _link(path, seq) == digest


def test_an_exam_file_report_has_no_seal(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    assert main(["report", str(FIXTURES / "exams" / "full_left_knee_to_hip.json"), "-o", str(out)]) == 0
    assert "history seal" not in PdfReader(out).pages[0].extract_text()
