"""Files around the window: unopenable databases, backups and restore, exam files, demo data, settings."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.db import repository
from kinelink.desktop import app, dialogs, paths
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.settings import Settings, load_settings
from kinelink.desktop.usecases import backups
from kinelink.forms import examfile
from pytestqt.qtbot import QtBot

from tests.conftest import FIXTURES

EXAMS = sorted((FIXTURES / "exams").glob("*.json"))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- a database that cannot be opened -------------------------------------------------------------


@pytest.mark.parametrize("content", [b"this is not a database\n" * 50, b"SQLite format 3\x00" + b"\x00" * 40])
def test_unopenable_database_is_explained_and_never_touched(
    qtbot: QtBot, tmp_path: Path, content: bytes, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "records").mkdir()
    bad = tmp_path / "records" / "clinic.sqlite3"
    bad.write_bytes(content)
    before = _digest(bad), bad.stat().st_mtime_ns
    shown: list[tuple[str, str]] = []

    def quit_(parent: object, target: str, message: str) -> dialogs.DatabaseChoice:
        shown.append((target, message))
        return dialogs.DatabaseChoice.QUIT

    monkeypatch.setattr(dialogs, "database_error", quit_)
    assert app.start(str(bad), False) is None
    assert len(shown) == 1 and shown[0][0] == str(bad)
    assert "has not changed it" in shown[0][1] and str(bad) not in shown[0][1]
    assert (_digest(bad), bad.stat().st_mtime_ns) == before
    assert [p.name for p in bad.parent.iterdir()] == ["clinic.sqlite3"]  # no -wal, -shm or copies
    err = capsys.readouterr().err
    assert err.startswith(f"kinelink: error: {bad}: ") and err.count(str(bad)) == 1


def test_unopenable_database_offers_another_file(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, app_start: Callable[..., MainWindow],
) -> None:
    bad = tmp_path / "broken.sqlite3"
    bad.write_bytes(b"garbage" * 100)
    before = _digest(bad)
    monkeypatch.setattr(dialogs, "database_error", lambda p, t, m: dialogs.DatabaseChoice.CHOOSE_ANOTHER)
    monkeypatch.setattr(dialogs, "ask_database_file", lambda parent, start: tmp_path / "fresh.sqlite3")
    window = app_start(bad)
    assert window.windowTitle() == "fresh.sqlite3"
    assert _digest(bad) == before


def test_default_database_is_private(qtbot: QtBot, app_private_dirs: Path) -> None:
    target = app.resolve_target(None, Settings())
    assert Path(target) == paths.default_database()
    assert stat.S_IMODE(Path(target).parent.stat().st_mode) == 0o700


def test_database_url_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KINELINK_DATABASE_URL", f"sqlite:///{tmp_path}/via-url.sqlite3")
    assert app.resolve_target(None, Settings()) == f"sqlite:///{tmp_path}/via-url.sqlite3"
    assert app.resolve_target("/x/given.sqlite3", Settings()) == "/x/given.sqlite3"  # --db wins


# -- backups -------------------------------------------------------------------------------------


def _count_patients(window: MainWindow) -> int:
    with window.ws.database.session() as s:
        return repository.count_patients(s)


def test_backup_now_and_restore(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    window.ws.update_settings(window.ws.settings.with_(backup_folder=str(tmp_path / "backups")))
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS[:1])
    window.act_import.trigger()
    assert _count_patients(window) == 1

    window.act_backup.trigger()
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.startswith("clinic-") and stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert "Backed up to" in window.statusBar().currentMessage()

    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS[1:])
    window.act_import.trigger()
    assert _count_patients(window) == len(EXAMS)

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_backup_file", lambda parent, start: backup)
    monkeypatch.setattr(dialogs, "confirm_restore", lambda parent, b, d, when: asked.append(when) or True)
    window.act_restore.trigger()
    assert asked and asked[0].startswith("taken ")
    assert _count_patients(window) == 1
    assert [s.patient.family_name for s in window.patients.summaries()] == ["Żółć"]
    before_restore = [p for p in (tmp_path / "backups").iterdir() if "before-restore" in p.name]
    assert len(before_restore) == 1  # the replaced state was kept
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no leftovers


def test_restore_refuses_a_file_that_is_not_a_backup(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS)
    window.act_import.trigger()
    bogus = tmp_path / "holiday.jpg"
    bogus.write_bytes(b"\xff\xd8\xff" * 300)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "ask_backup_file", lambda parent, start: bogus)
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text, details="": errors.append(title))
    monkeypatch.setattr(dialogs, "confirm_restore", lambda *a: pytest.fail("must not ask"))
    window.act_restore.trigger()
    assert errors == ["Not a usable backup"]
    assert _count_patients(window) == len(EXAMS)


def test_automatic_backups_keep_the_newest(tmp_path: Path, app_start: Callable[..., MainWindow]) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    folder = tmp_path / "auto"
    window.ws.update_settings(window.ws.settings.with_(backup_folder=str(folder), auto_backup=True, keep_backups=2))
    paths.private_dir(folder)
    for stamp in ("20260101-100000", "20260102-100000", "20260103-100000"):
        (folder / f"clinic-auto-{stamp}.sqlite3").write_bytes(b"")
    (folder / "clinic-20250101-100000.sqlite3").write_bytes(b"")  # made by hand: never pruned
    window.close()
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 3 and "clinic-20250101-100000.sqlite3" in names
    assert "clinic-auto-20260103-100000.sqlite3" in names and "clinic-auto-20260101-100000.sqlite3" not in names


def test_backup_names_never_collide(tmp_path: Path) -> None:
    import datetime as dt

    moment = dt.datetime(2026, 11, 25, 14, 32, 5)
    first = backups.backup_path(tmp_path, Path("clinic.sqlite3"), "auto", moment)
    first.write_bytes(b"")
    assert first.name == "clinic-auto-20261125-143205.sqlite3"
    assert backups.backup_path(tmp_path, Path("clinic.sqlite3"), "auto", moment).name == (
        "clinic-auto-20261125-143205-2.sqlite3")
    assert backups.taken_at(first) == "taken 25 Nov 2026 at 14:32"


# -- exam files ----------------------------------------------------------------------------------


def test_import_then_export_gives_the_same_exams(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    monkeypatch.setattr(dialogs, "ask_open_paths", lambda parent, title, start: EXAMS)
    window.act_import.trigger()
    assert f"Imported {len(EXAMS)} exams" in window.statusBar().currentMessage()
    window.act_import.trigger()  # again: nothing new
    assert f"Imported 0 exams; {len(EXAMS)} already stored" in window.statusBar().currentMessage()

    out = tmp_path / "export"
    out.mkdir()
    monkeypatch.setattr(dialogs, "ask_directory", lambda parent, title, start: out)
    window.act_export_all.trigger()
    exported = {examfile.load(p).exam.id: examfile.load(p) for p in out.glob("*.json")}
    originals = [examfile.load(p) for p in EXAMS]
    assert len(exported) == len(originals)
    for original in originals:
        if original.exam.id is not None:
            assert exported[original.exam.id] == original


# -- demo data and settings ------------------------------------------------------------------------


@pytest.mark.slow
def test_demo_fills_only_an_empty_database(qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow]) -> None:
    window = app_start(tmp_path / "demo.sqlite3", demo=True)
    assert _count_patients(window) == 50
    assert window.right.currentWidget() is window.welcome and window.welcome.title.text() == "Choose a patient"
    window.close()
    window.ws.database.close()
    again = app_start(tmp_path / "demo.sqlite3", demo=True)
    assert _count_patients(again) == 50
    assert "already holds patients" in again.statusBar().currentMessage()


def test_open_demo_data_leaves_the_clinic_database_alone(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], app_private_dirs: Path,
) -> None:
    clinic = tmp_path / "clinic.sqlite3"
    window = app_start(clinic)
    assert window.welcome.demo_button.isVisibleTo(window)
    window.welcome.demo_button.click()
    assert window.ws.file == paths.demo_database()
    assert window.windowTitle() == "kinelink-demo.sqlite3"
    assert _count_patients(window) == 50
    window.files.switch_database(str(clinic))
    assert _count_patients(window) == 0


def test_settings_are_saved_and_used(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = app_start(tmp_path / "clinic.sqlite3")
    other = tmp_path / "other.sqlite3"
    new = window.ws.settings.with_(clinician_name="Maria Kowalska, PT", clinic_name="Fizjo", database_path=str(other))
    monkeypatch.setattr(dialogs, "ask_settings", lambda parent, current, in_use: new)
    window.act_settings.trigger()
    assert load_settings(tmp_path / "settings.json") == new
    assert window.ws.author == "Maria Kowalska, PT"
    assert window.windowTitle() == "other.sqlite3"  # the new database location is opened
