"""Exam files in and out: one import and one export, shared by the window and `kinelink`.

The window's "Export all" and `kinelink export` call the same use case
(desktop/usecases/examfiles.py), so an exam id that is not a safe file name
(`../escaped`, or one too long for any file system) is written inside the chosen
folder by both; import is all or nothing in both.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.desktop import dialogs
from kinelink.desktop.cli import main
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.usecases import examfiles
from kinelink.desktop.usecases.databases import open_target
from kinelink.forms import examfile
from kinelink.forms.model import ExamId
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

EXAMS = sorted((FIXTURES / "exams").glob("*.json"))
ESCAPING = "../escaped"
LONG_IDS = {
    "ascii": "x" * 233,
    "accented": "é" * 39,
    "cjk": "膝" * 26,
}


def _exam_file(folder: Path, exam_id: str, source: Path = EXAMS[0]) -> Path:
    record = examfile.load(source)
    record = dataclasses.replace(record, exam=dataclasses.replace(record.exam, id=ExamId(exam_id)))
    path = folder / f"exam-{len(list(folder.glob('exam-*.json')))}.json"
    examfile.dump(record, path)
    return path


def _database_with(tmp_path: Path, *ids: str) -> Path:
    files = tmp_path / "files"
    files.mkdir(exist_ok=True)
    paths = [_exam_file(files, exam_id) for exam_id in ids]
    base = tmp_path / "clinic.sqlite3"
    assert main(["import", *map(str, paths), "--db", str(base)]) == 0
    return base


def _everything_below(folder: Path) -> set[Path]:
    return {Path(root) / name for root, dirs, files in os.walk(folder) for name in dirs + files}


def _ids_in(folder: Path) -> set[str | None]:
    return {examfile.load(p).exam.id for p in folder.glob("*.json")}


# -- file names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exam_id", "name"),
    [
        ("2f6b-exam_1.v2", "2f6b-exam_1.v2.json"),
        (ESCAPING, "%2E.%2Fescaped.json"),
        ("..", "%2E..json"),
        (".hidden", "%2Ehidden.json"),
        ("a\\b:c*?", "a%5Cb%3Ac%2A%3F.json"),
        ("Żółć", "%C5%BB%C3%B3%C5%82%C4%87.json"),
    ],
)
def test_export_names_stay_inside_the_folder(exam_id: str, name: str) -> None:
    assert examfiles.export_file_name(exam_id) == name


@pytest.mark.parametrize("kind", sorted(LONG_IDS))
def test_an_id_too_long_for_a_file_name_gets_a_short_unique_name(kind: str) -> None:
    exam_id = LONG_IDS[kind]
    name = examfiles.export_file_name(exam_id)
    other = examfiles.export_file_name(exam_id[:-1] + "y")
    assert len(name.encode()) <= examfiles.MAX_NAME and name.endswith(".json") and "/" not in name
    assert name != other and name.startswith(examfiles.export_file_name(exam_id[:5])[:-5])
    assert "%-" in name and "%-" not in examfiles.export_file_name("short%-id")  # a cut name never matches a whole one


# -- export: the command line and the window ------------------------------------------------------------


def test_command_line_export_keeps_an_escaping_id_inside_the_folder(tmp_path: Path) -> None:
    base = _database_with(tmp_path, ESCAPING)
    out = tmp_path / "place" / "out"
    assert main(["export", "--db", str(base), "--out-dir", str(out)]) == 0
    assert _everything_below(tmp_path / "place") == {out, out / "%2E.%2Fescaped.json"}
    assert _ids_in(out) == {ESCAPING}


def test_window_export_all_keeps_an_escaping_id_inside_the_folder(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = _database_with(tmp_path, ESCAPING, "plain")
    window = app_start(base)
    out = tmp_path / "place" / "out"
    out.mkdir(parents=True)
    monkeypatch.setattr(dialogs, "ask_directory", lambda parent, title, start: out)
    window.act_export_all.trigger()
    assert _everything_below(tmp_path / "place") == {out, out / "%2E.%2Fescaped.json", out / "plain.json"}
    assert _ids_in(out) == {ESCAPING, "plain"}
    assert window.statusBar().currentMessage() == f"Exported 2 exams to {out}"


@pytest.mark.parametrize("kind", sorted(LONG_IDS))
def test_a_long_id_does_not_stop_the_export(tmp_path: Path, kind: str) -> None:
    base = _database_with(tmp_path, LONG_IDS[kind], LONG_IDS[kind][:-1] + "z", "plain")
    out = tmp_path / "out"
    assert main(["export", "--db", str(base), "--out-dir", str(out)]) == 0
    assert _ids_in(out) == {LONG_IDS[kind], LONG_IDS[kind][:-1] + "z", "plain"}
    assert all(p.parent == out for p in _everything_below(out))  # no leftover temporary files either


def test_window_export_of_a_long_id(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    base = _database_with(tmp_path, LONG_IDS["cjk"])
    window = app_start(base)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(dialogs, "ask_directory", lambda parent, title, start: out)
    window.act_export_all.trigger()
    assert _ids_in(out) == {LONG_IDS["cjk"]}


# -- read-only commands never create a database ----------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "--db", "{missing}", "--out-dir", "{out}"],
        ["backup", "--db", "{missing}", "{out}"],
        ["check", "--db", "{missing}"],
        ["export", "--db", "sqlite:///{missing}", "--out-dir", "{out}"],
    ],
)
def test_read_only_commands_on_a_missing_database_create_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str],
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    missing, out = work / "nothing-here.sqlite3", work / "out"
    code = main([a.format(missing=missing, out=out) for a in argv])
    err = capsys.readouterr().err.splitlines()
    assert code == 2 and len(err) == 1
    assert err[0].startswith("kinelink: error: ") and err[0].endswith(": no such database file")
    assert str(missing) in err[0]
    assert list(work.iterdir()) == []


# -- import: all or nothing, in the window as on the command line ------------------------------------


def test_window_import_is_all_or_nothing(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "kinelink-exam", "version": 1, "patient": {}, "exam": {}}', encoding="utf-8")
    shown: list[tuple[str, list[tuple[str, str]]]] = []
    monkeypatch.setattr(dialogs, "show_problems", lambda parent, title, lead, found: shown.append((lead, found)))
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: [*EXAMS, broken])
    window.act_import.trigger()
    (lead, problems), = shown
    assert lead.startswith("Nothing was imported") and problems
    assert {where for where, _ in problems} == {str(broken)}
    assert window.patients.summaries() == []

    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS)
    window.act_import.trigger()
    assert window.statusBar().currentMessage() == f"Imported {len(EXAMS)} exams."
    window.act_import.trigger()
    assert window.statusBar().currentMessage() == f"Imported 0 exams; {len(EXAMS)} already stored."
    assert len(shown) == 1


def test_import_of_other_content_under_a_stored_id_stores_nothing(tmp_path: Path) -> None:
    base = _database_with(tmp_path, "one")
    changed = examfile.load(tmp_path / "files" / "exam-0.json")
    changed = dataclasses.replace(changed, exam=dataclasses.replace(changed.exam, notes="changed"))
    other = tmp_path / "changed.json"
    examfile.dump(changed, other)
    new = _exam_file(tmp_path / "files", "two", EXAMS[1])
    with open_target(str(base)) as database:
        with pytest.raises(examfiles.UserError) as err:
            examfiles.import_files(database, [new, other], author="test")
        assert err.value.problems[-1] == ("", "nothing was imported")
        assert [w for w, _ in err.value.problems[:-1]] == [str(other)]
        with database.session() as s:
            from kinelink.db import repository

            assert [r.exam.id for r in repository.export_records(s)] == ["one"]
