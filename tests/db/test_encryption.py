"""Encrypted database files (SQLCipher 4): no patient name in clear in the file or its -wal, the
same records before and after `kinelink encrypt` / `decrypt`, encrypted backups that restore, and a
wrong passphrase refused with one clear line, the file untouched."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import sqlite3
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import cipher, repository
from kinelink.desktop.cli import main
from kinelink.desktop.settings import load_settings
from kinelink.desktop.usecases import backups
from kinelink.desktop.usecases.workspace import Workspace
from kinelink.forms.model import Patient
from kinelink.forms.vocab import Sex

from tests.db.conftest import TODAY

pytest.importorskip("sqlcipher3")

PASSPHRASE = "Kolano-biodro 2026 żółw"  # non-ASCII on purpose
NAMES = [("Łukasz", "Żółć"), ("Nguyễn Thị", "Minh"), ("Иван", "Петров"), ("Zoë", "O'Brien <&>")]


def _patients(database: db.Database) -> None:
    with database.session() as s:
        for i, (given, family) in enumerate(NAMES):
            repository.create_patient(s, Patient(family_name=family, given_name=given, date_of_birth=TODAY.replace(
                year=1970 + i), sex=Sex.FEMALE, record_number=f"MRN-{i}-Żółć"), author="A. Tester, PT")


def _bytes(path: Path) -> bytes:
    return b"".join(Path(f"{path}{s}").read_bytes() for s in ("", "-wal") if Path(f"{path}{s}").exists())


def _leaks(data: bytes) -> list[str]:
    words = [w for given, family in NAMES for w in (given, family)] + ["MRN-0", "Kinelink", "SQLite format 3"]
    found = [w for w in words if w.encode("utf-8") in data or w.encode("utf-16-le") in data]
    return found + [w for w in words if w.lower().encode("utf-8") in data]  # the search keys are folded


def _fingerprint(path: Path) -> dict[str, str]:
    return {s: hashlib.sha256(Path(f"{path}{s}").read_bytes()).hexdigest()
            for s in ("", "-wal", "-shm") if Path(f"{path}{s}").exists()}


def _run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: str | None,
         *argv: str) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_file_and_its_wal_hold_no_patient_name_in_clear(tmp_path: Path) -> None:
    plain, secret = tmp_path / "plain.sqlite3", tmp_path / "secret.sqlite3"
    with db.open_database(plain) as control:
        _patients(control)
        assert set(_leaks(_bytes(plain))) >= {"Żółć", "Иван", "Nguyễn Thị"}  # the grep finds names when they are there
    database = db.open_database(secret, passphrase=PASSPHRASE)
    _patients(database)
    assert Path(f"{secret}-wal").stat().st_size > 0  # the last commits are still only in the -wal: grepped too
    assert _leaks(_bytes(secret)) == []
    database.close()
    assert _leaks(_bytes(secret)) == []
    assert not db.sqlitefile.is_plain(secret) and cipher.looks_encrypted(secret)
    with pytest.raises(sqlite3.DatabaseError):  # plain SQLite cannot read it
        sqlite3.connect(secret).execute("SELECT count(*) FROM sqlite_master").fetchall()
    with db.open_database(secret, passphrase=PASSPHRASE) as again, again.session() as s:
        assert sorted(p.patient.family_name for p in repository.search_patients(s, "")) == sorted(f for _, f in NAMES)
        assert [p.patient.family_name for p in repository.search_patients(s, "zolc")] == ["Żółć"]


def test_encrypt_then_decrypt_keeps_every_record(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "kinelink.sqlite3"
    assert _run(capsys, monkeypatch, None, "demo", "--db", str(base), "--patients", "6")[0] == 0
    with db.open_database(base) as database:
        _patients(database)

    def export(folder: str, passphrase: str | None) -> dict[str, bytes]:
        code, _, err = _run(capsys, monkeypatch, passphrase and passphrase + "\n", "export", "--db", str(base),
                            "--out-dir", str(tmp_path / folder), *(["--passphrase-stdin"] if passphrase else []))
        assert (code, err) == (0, "")
        return {p.name: p.read_bytes() for p in (tmp_path / folder).iterdir()}

    before = export("before", None)
    assert len(before) >= 6
    code, out, err = _run(capsys, monkeypatch, PASSPHRASE + "\n", "encrypt", "--db", str(base), "--passphrase-stdin")
    assert (code, err) == (0, "") and out.startswith(f"encrypted {base}")
    assert _leaks(_bytes(base)) == [] and cipher.looks_encrypted(base)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["before", "kinelink.sqlite3"]  # no copy left behind
    assert _run(capsys, monkeypatch, PASSPHRASE + "\n", "check", "--db", str(base), "--passphrase-stdin")[:2] == (
        0, f"ok {base}\n")
    assert export("encrypted", PASSPHRASE) == before

    code, out, err = _run(capsys, monkeypatch, PASSPHRASE + "\n", "decrypt", "--db", str(base), "--passphrase-stdin")
    assert (code, err) == (0, "") and out.startswith(f"decrypted {base}")
    assert db.sqlitefile.is_plain(base)
    assert _run(capsys, monkeypatch, None, "check", "--db", str(base))[:2] == (0, f"ok {base}\n")
    assert export("after", None) == before


def test_a_wrong_passphrase_is_one_clear_line_and_changes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "kinelink.sqlite3"
    with db.open_database(base, passphrase=PASSPHRASE) as database:
        _patients(database)
    before = _fingerprint(base)
    exam = Path(__file__).parents[1] / "fixtures" / "exams"
    commands = [
        ["check", "--db", str(base)],
        ["export", "--db", str(base), "--out-dir", str(tmp_path / "out")],
        ["backup", "--db", str(base), str(tmp_path / "copy.sqlite3")],
        ["import", str(sorted(exam.glob("*.json"))[0]), "--db", str(base)],
        ["decrypt", "--db", str(base)],
        ["demo", "--db", str(base), "--patients", "1"],
    ]
    for argv in commands:
        code, _, err = _run(capsys, monkeypatch, "not the passphrase\n", *argv, "--passphrase-stdin")
        assert code == 2, argv
        assert err.splitlines() == [f"kinelink: error: {base}: wrong passphrase or not a Kinelink database"], argv
        assert _fingerprint(base) == before, argv
    assert not (tmp_path / "copy.sqlite3").exists() and not (tmp_path / "out").exists()
    with pytest.raises(db.WrongPassphrase, match="wrong passphrase or not a Kinelink database"):
        db.open_database(base, passphrase="not the passphrase")
    with pytest.raises(db.PassphraseNeeded, match="give its passphrase"):
        db.open_database(base)
    assert _fingerprint(base) == before


def test_no_passphrase_without_a_terminal_says_what_is_missing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "kinelink.sqlite3"
    db.open_database(base, passphrase=PASSPHRASE).close()
    code, _, err = _run(capsys, monkeypatch, "", "check", "--db", str(base))
    assert code == 2 and "if it is an encrypted Kinelink database, give its passphrase" in err
    assert "Traceback" not in err


def test_a_new_passphrase_is_asked_twice_and_must_match(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "kinelink.sqlite3"
    db.open_database(base).close()
    before = _fingerprint(base)
    answers = iter(["first passphrase", "second passphrase"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    code, _, err = _run(capsys, monkeypatch, None, "encrypt", "--db", str(base))
    assert (code, err) == (2, "kinelink: error: passphrase: the two passphrases differ; nothing was changed\n")
    assert _fingerprint(base) == before
    code, _, err = _run(capsys, monkeypatch, "short\n", "encrypt", "--db", str(base), "--passphrase-stdin")
    assert code == 2 and "shorter than 8 characters" in err and _fingerprint(base) == before


def test_backups_of_an_encrypted_database_are_encrypted_and_restore(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    base = tmp_path / "kinelink.sqlite3"
    database = db.open_database(base, passphrase=PASSPHRASE)
    _patients(database)
    copy = tmp_path / "by-hand.sqlite3"
    database.backup(copy)
    code, _, err = _run(capsys, monkeypatch, PASSPHRASE + "\n", "backup", "--db", str(base),
                        str(tmp_path / "cli.sqlite3"), "--passphrase-stdin")
    assert (code, err) == (0, "")
    for backup in (copy, tmp_path / "cli.sqlite3"):
        assert _leaks(backup.read_bytes()) == [] and cipher.looks_encrypted(backup)
        assert db.check_file(backup, passphrase=PASSPHRASE) == []
        assert db.check_file(backup, passphrase="another one") == ["wrong passphrase or not a Kinelink database"]
        assert backup.stat().st_mode & 0o777 == 0o600

    with database.session() as s:  # after the backup, a patient is added: the restore takes it away again
        repository.create_patient(s, Patient(family_name="Später", given_name="Anna", date_of_birth=TODAY,
                                             sex=Sex.FEMALE), author="A. Tester, PT")
    settings = tmp_path / "settings.json"
    chosen = dataclasses.replace(load_settings(settings), backup_folder=str(tmp_path / "backups"))
    ws = Workspace(database, str(base), chosen, settings)
    restored = backups.restore(ws, backups.prepare_restore(copy, base, PASSPHRASE))  # what File ▸ Restore does
    assert restored.passphrase == PASSPHRASE
    restored.close()
    before_restore = next((tmp_path / "backups").glob("*before-restore*"))  # the replaced state, encrypted too
    assert _leaks(before_restore.read_bytes()) == [] and db.check_file(before_restore, passphrase=PASSPHRASE) == []
    assert _leaks(_bytes(base)) == [] and db.check_file(base, passphrase=PASSPHRASE) == []
    with db.open_database(base, passphrase=PASSPHRASE) as restored, restored.session() as s:
        assert sorted(p.patient.family_name for p in repository.search_patients(s, "")) == sorted(f for _, f in NAMES)

    plain = tmp_path / "plain.sqlite3"
    db.open_database(plain).close()
    with pytest.raises(db.DatabaseError, match="the backup is encrypted and the open database is not"):
        backups.prepare_restore(copy, plain, None)
    with pytest.raises(db.DatabaseError, match="the backup is not encrypted"):
        backups.prepare_restore(plain, base, PASSPHRASE)
