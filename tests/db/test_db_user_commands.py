"""`kinelink user add | list | disable` (../shared/cli.md) and `import` of text PostgreSQL cannot store,
on a SQLite file and on the PostgreSQL server, as the command line calls them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from kinelink import db
from kinelink.db import accounts
from kinelink.db import repository as repo
from kinelink.desktop.cli import main

from tests.conftest import FIXTURES

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_DUMMY", None)


def _run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *argv: str,
         stdin: str = "") -> tuple[int, list[str], list[str]]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


def test_add_list_disable(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    run = _run
    assert run(capsys, monkeypatch, "user", "add", "Łukasz Żółć", "--db", target, "--role", "admin",
               "--password-stdin", stdin=PASSWORD + "\n") == (0, ["added Łukasz Żółć (admin)"], [])
    assert run(capsys, monkeypatch, "user", "add", "student", "--db", target, "--role", "reader",
               "--password-stdin", stdin=PASSWORD + "\n")[0] == 0
    code, out, err = run(capsys, monkeypatch, "user", "list", "--db", target)
    assert code == 0 and err == []
    assert [line.split("\t")[:3] for line in out] == [["student", "reader", "active"],
                                                      ["Łukasz Żółć", "admin", "active"]]
    assert run(capsys, monkeypatch, "user", "disable", "STUDENT", "--db", target) == (0, ["disabled student"], [])
    with db.open_database(target) as database, database.session() as s:
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate(s, "student", PASSWORD)
        assert accounts.authenticate(s, "łukasz żółć", PASSWORD).role is db.Role.ADMIN
        trail = repo.audit_trail(s)
    assert [e.action for e in trail] == [db.AuditAction.ADD_ACCOUNT] * 2 + [db.AuditAction.DISABLE_ACCOUNT]
    assert all(e.author.startswith("kinelink user (system user ") for e in trail)


def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str,
) -> None:
    run = _run
    assert run(capsys, monkeypatch, "user", "add", "anna", "--db", target, "--password-stdin",
               stdin="short\n") == (2, [], ["kinelink: error: password: at least 10 characters"])
    assert run(capsys, monkeypatch, "user", "add", "anna", "--db", target, "--password-stdin") == (
        2, [], ["kinelink: error: --password-stdin: standard input is empty; give the password on its first line"])
    assert run(capsys, monkeypatch, "user", "add", "anna", "--db", target, stdin=PASSWORD) == (
        2, [], ["kinelink: error: password: no terminal to ask on; give it on standard input with --password-stdin"])
    assert run(capsys, monkeypatch, "user", "add", "anna", "--db", target, "--password-stdin",
               stdin=PASSWORD)[0] == 0
    assert run(capsys, monkeypatch, "user", "add", "ANNA", "--db", target, "--password-stdin", stdin=PASSWORD) == (
        2, [], ["kinelink: error: ANNA: an account named ANNA already exists"])
    assert run(capsys, monkeypatch, "user", "disable", "nobody", "--db", target) == (
        2, [], ["kinelink: error: nobody: no account named nobody"])
    with pytest.raises(SystemExit) as exited:  # argparse's own exit, with the contract's one line
        main(["user", "add", "x", "--db", target, "--role", "boss"])
    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("kinelink: error: user add: argument --role: invalid choice")


def test_import_refuses_nul_text_with_the_field_named(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, target: str, tmp_path: Path,
) -> None:
    doc = json.loads((FIXTURES / "exams" / "sparse_minimal.json").read_text(encoding="utf-8"))
    doc["exam"]["notes"] = "left knee\u0000 swelling"
    bad = tmp_path / "nul.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = _run(capsys, monkeypatch, "import", str(bad), "--db", target)
    assert (code, out) == (2, [])
    assert err == [f"kinelink: error: {bad}: exam.notes: contains the NUL character (U+0000), which cannot be stored",
                   "kinelink: error: nothing was imported"]
    with db.open_database(target) as database, database.session() as s:
        assert repo.count_patients(s) == 0
