"""`kinelink report` (desktop/commands_report.py), driven through `desktop.cli.main`."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
from pathlib import Path

import pytest
from kinelink.desktop.cli import main
from pypdf import PdfReader

from tests.reports.documents import FIXTURES, flat, load, pdftotext

poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
RICH = str(FIXTURES / "rich.json")


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never read the user's own settings; give the command a clinic of its own."""
    config = tmp_path / "config"
    (config / "kinelink").mkdir(parents=True)
    (config / "kinelink" / "settings.json").write_text(json.dumps({
        "clinic_name": "Klinika Żółty Dom", "clinic_address": "ul. Lipowa 3\nKraków", "clinician_name": "Ewa Lis",
    }), encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return config


def _pdf_text(path: Path) -> str:
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    return flat(" ".join(pdftotext(data)))


@poppler
def test_summary_from_an_exam_file(tmp_path: Path) -> None:
    out = tmp_path / "summary.pdf"
    assert main(["report", RICH, "-o", str(out)]) == 0
    text = _pdf_text(out)
    assert "Assessment summary" in text and "Łukasz Żółć" in text
    assert "Klinika Żółty Dom" in text  # letterhead from the settings
    assert "Anna Nowak, PT" in text and "Ewa Lis" not in text  # the file's examiner, not the Settings user
    assert not list(tmp_path.glob(".kinelink-*"))  # no temporary file left behind


@poppler
def test_letter_from_an_exam_file(tmp_path: Path) -> None:
    out = tmp_path / "letter.pdf"
    assert main(["report", RICH, "-o", str(out), "--letter", "--to", "Dr Γιώργος Παπαδόπουλος"]) == 0
    text = _pdf_text(out)
    assert "Dear Dr Παπαδόπουλος," in text and "Dr Γιώργος Παπαδόπουλος" in text
    # signed by the exam's clinician recorded in the file, never the desktop Settings user
    assert "Anna Nowak, PT" in text and "Ewa Lis" not in text
    assert 1 <= len(PdfReader(io.BytesIO(out.read_bytes())).pages) <= 2


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["report", "{tmp}/missing.json", "-o", "{tmp}/x.pdf"], "missing.json: no such file"),
        (["report", "{tmp}/bad.json", "-o", "{tmp}/x.pdf"], "bad.json: format: must be 'kinelink-exam'"),
        (["report", RICH, "-o", "{tmp}/x.pdf", "--letter"], "--letter: a referral letter needs its recipient"),
        (["report", RICH, "-o", "{tmp}/x.pdf", "--to", "Dr X"], "--to: names the recipient of a letter"),
        (["report", "-o", "{tmp}/x.pdf"], "FILE: give an exam file"),
        (["report", RICH, "-o", "{tmp}/no/such/folder/x.pdf"], "does not exist"),
        (["report", "-o", "{tmp}/x.pdf", "--from-db", "{tmp}/none.sqlite3", "--exam", "E"], "no such database"),
        (["report", "-o", "{tmp}/x.pdf", "--from-db", "{tmp}/none.sqlite3"], "--from-db: say which stored exam"),
    ],
)
def test_user_errors_exit_2_with_one_line_each(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.json").write_text('{"format": "nope", "version": 1}', encoding="utf-8")
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kinelink: error: ")
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


@poppler
def test_summary_and_letter_of_a_stored_exam(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kinelink import db

    path = tmp_path / "clinic.sqlite3"
    database = db.open_database(path)
    try:
        with database.session() as s:
            for name in ("rich_first", "rich_earlier"):
                earlier = db.repository.import_record(s, load(name), author="Ewa Lis").exam_id
                db.repository.sign_exam(s, earlier, author="Ewa Lis")
            # a same-day draft never becomes the baseline
            draft = dataclasses.replace(load("rich_earlier"), exam=dataclasses.replace(
                load("rich").exam, id=None, notes="unsigned same-day draft"))
            db.repository.save_draft(s, db.repository.find_patient(s, draft.patient), draft.exam,  # type: ignore[arg-type]
                                     author="Ewa Lis")
            exam_id = db.repository.import_record(s, load("rich"), author="Ewa Lis").exam_id
            db.repository.sign_exam(s, exam_id, author="Ewa Lis")
    finally:
        database.close()
    out = tmp_path / "stored.pdf"
    assert main(["report", "-o", str(out), "--from-db", str(path), "--exam", exam_id]) == 0
    text = _pdf_text(out)
    assert "Signed by Ewa Lis on" in text
    assert "Compared with the baseline, the signed exam of 3 Jul 2026 (2 earlier signed exams on record" in text
    # the change sources are citations only: the project's verification notes are never printed
    assert "Gajdosik & Bohannon 1987" in text and "Thorborg et al. 2010" in text
    assert "verified" not in text.lower() and "abstract" not in text.lower()
    letter = tmp_path / "stored-letter.pdf"
    assert main(["report", "-o", str(letter), "--from-db", str(path), "--exam", exam_id,
                 "--letter", "--to", "Dr Jan Kowalski"]) == 0
    assert "Dear Dr Kowalski," in _pdf_text(letter)
    assert main(["report", "-o", str(out), "--from-db", str(path), "--exam", "no-such-exam"]) == 2
    assert "no such exam in this database" in capsys.readouterr().err
