"""Issued letters and summaries are part of the record (issue 11, item 4): kept with the exam,
listed, reopened, unchanged by later saves and amendments, and carried by backups and exports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import stat
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.desktop.usecases import address_book, correspondence, documents, examfiles
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze
from kinelink.forms.letters.compose import compose
from kinelink.forms.letters.recipients import Recipient
from kinelink.forms.letters.types import EMERGENCY
from kinelink.forms.model import ExamId
from kinelink.forms.vocab import DocumentKind
from kinelink.reports import ClinicInfo
from pypdf import PdfReader

CASE = next((Path(__file__).parents[1] / "fixtures" / "vignettes" / "independent").glob("048_*.json"))
AUTHOR = "Sinéad Byrne, MISCP"
CLINIC = ClinicInfo(name="Clinic & Co", address="1 Main St", clinician=AUTHOR, phone="+353 1 555 0100")


def _signed_exam(database: db.Database) -> ExamId:
    record = examfile.load(CASE, today=dt.date(2100, 1, 1))
    with database.session() as s:
        result = repository.import_record(s, record, author=AUTHOR)
        repository.sign_exam(s, result.exam_id, author=AUTHOR)
    return ExamId(result.exam_id)


def _issue_letter(database: db.Database, exam_id: ExamId, path: Path) -> None:
    exam = documents.stored_exam(database, exam_id)
    letter = compose(exam.record, analyze(exam.record), EMERGENCY,
                     Recipient("Dr Ōta Żółć", "Emergency physician", "St James's <ED> & Acute"))
    correspondence.issue_letter(database, exam_id, path, correspondence.letter_data(exam, CLINIC, letter),
                                author=AUTHOR)


def test_an_issued_letter_is_kept_listed_reopened_and_survives_amendment(tmp_path: Path) -> None:
    database = db.open_database(tmp_path / "k.sqlite3")
    try:
        exam_id = _signed_exam(database)
        out = tmp_path / "letter.pdf"
        _issue_letter(database, exam_id, out)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        exam = documents.stored_exam(database, exam_id)
        correspondence.issue_summary(database, exam_id, tmp_path / "summary.pdf",
                                     documents.summary_data(exam, CLINIC), author=AUTHOR)
        with database.session() as s:
            stored = repository.get_exam(s, exam_id).record
            pid = repository.find_patient(s, stored.patient)
        letter, summary = stored.exam.documents
        assert (letter.kind, letter.letter_type, letter.author) == (DocumentKind.LETTER, "emergency_referral", AUTHOR)
        assert letter.recipient == "Dr Ōta Żółć, Emergency physician, St James's <ED> & Acute"
        assert letter.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
        assert letter.text.index("Red flags") < letter.text.index("Reason for referral")
        assert summary.kind is DocumentKind.SUMMARY and "RED FLAGS" in summary.text
        assert pid is not None
        filed = correspondence.filed_documents(database, pid)
        assert {f.title for f in filed} == {"Emergency referral (red flags)", "Assessment summary"}
        again = tmp_path / "again.pdf"
        assert correspondence.reopen(database, letter, again)
        assert again.read_bytes() == out.read_bytes()
        assert "Dear Dr Żółć," in "".join(p.extract_text() for p in PdfReader(again).pages)
        # an amendment written without the documents keeps them, unchanged and first
        with database.session() as s:
            repository.amend_exam(s, exam_id, dataclasses.replace(stored.exam, notes="corrected", documents=()),
                                  reason="typo", author=AUTHOR)
            assert repository.get_exam(s, exam_id).record.exam.documents == (letter, summary)
        # a corrected letter is a new document; the first stays as issued
        _issue_letter(database, exam_id, tmp_path / "corrected.pdf")
        with database.session() as s:
            kept = repository.get_exam(s, exam_id).record.exam.documents
            assert kept[:2] == (letter, summary) and len(kept) == 3
            assert repository.verify_contents(s) == []
        with pytest.raises(ValueError, match="sha256"), database.session() as s:
            repository.issue_document(s, exam_id, dataclasses.replace(letter, text="forged"), pdf=b"%PDF-1.4")
    finally:
        database.close()


def test_issued_letters_survive_backup_restore_and_export_import(tmp_path: Path) -> None:
    database = db.open_database(tmp_path / "k.sqlite3")
    try:
        exam_id = _signed_exam(database)
        _issue_letter(database, exam_id, tmp_path / "letter.pdf")
        with database.session() as s:
            issued = repository.get_exam(s, exam_id).record.exam.documents
        database.backup(tmp_path / "backup.sqlite3")
        written = examfiles.export_exams(database, tmp_path / "export")
    finally:
        database.close()
    restored = db.open_database(tmp_path / "backup.sqlite3")
    try:
        with restored.session() as s:
            assert repository.get_exam(s, exam_id).record.exam.documents == issued
        assert correspondence.reopen(restored, issued[0], tmp_path / "from-backup.pdf")
    finally:
        restored.close()
    assert examfile.load(written[0]).exam.documents == issued
    fresh = db.open_database(tmp_path / "fresh.sqlite3")
    try:
        examfiles.import_files(fresh, written, author="Importer")
        with fresh.session() as s:
            assert repository.get_exam(s, exam_id).record.exam.documents == issued
    finally:
        fresh.close()


def test_the_address_book_remembers_recipients_in_a_user_only_file(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "address_book.json"
    zola = Recipient("Dr Anna Zola", "Orthopaedic surgeon", "St Mary's", "Praed St\nLondon W2")
    address_book.remember(zola, path)
    address_book.remember(Recipient("Иван Петров", "GP"), path)
    book = address_book.remember(dataclasses.replace(zola, address="new address"), path)
    assert [r.name for r in book] == ["Dr Anna Zola", "Иван Петров"]
    assert address_book.load(path) == book
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("{not json", encoding="utf-8")
    assert address_book.load(path) == []


def test_the_baseline_is_the_latest_signed_exam_or_the_one_picked_never_a_draft(tmp_path: Path) -> None:
    from tests.reports.documents import load

    database = db.open_database(tmp_path / "k.sqlite3")
    try:
        with database.session() as s:
            ids = {}
            for name in ("rich_first", "rich_earlier", "rich"):
                ids[name] = repository.import_record(s, load(name), author=AUTHOR).exam_id
                repository.sign_exam(s, ids[name], author=AUTHOR)
            patient = repository.find_patient(s, load("rich").patient)
            assert patient is not None
            same_day = dataclasses.replace(load("rich_earlier").exam, id=None, date=load("rich").exam.date)
            repository.save_draft(s, patient, same_day, author=AUTHOR)  # an unsigned draft of the same day
        latest = documents.stored_exam(database, ExamId(ids["rich"]))
        assert [r.exam.id for r, _ in latest.earlier] == [ids["rich_first"], ids["rich_earlier"]]
        picked = documents.stored_exam(database, ExamId(ids["rich"]), baseline=ExamId(ids["rich_first"]))
        assert [r.exam.id for r, _ in picked.earlier] == [ids["rich_first"]]
        out = tmp_path / "summary.pdf"
        correspondence.issue_summary(database, ExamId(ids["rich"]), out, documents.summary_data(picked, CLINIC),
                                     author=AUTHOR)
        text = " ".join("".join(p.extract_text() for p in PdfReader(out).pages).split())
        first = load("rich_first").exam.date
        assert f"Compared with the baseline, the signed exam of {first.day} {first:%b} {first.year}" in text
    finally:
        database.close()
