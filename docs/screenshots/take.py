"""Screenshots of every screen of the window, for looking at them (and for the README).

    Xvfb :99 -screen 0 1920x1080x24 &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python docs/screenshots/take.py 1366 768 /tmp/shots

Makes a demo database in a temporary folder (settings there too: nothing of the user's is read or
written), then shows and grabs: the first-run welcome, the patient list, a search, a patient page
with its charts, every section of a signed exam, an amendment, a new exam, and the dialogs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main(width: int, height: int, out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kinelink-shots-"))
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from kinelink.db.records import ExamStatus
    from kinelink.desktop import app, dialogs
    from kinelink.desktop.history_dialog import HistoryDialog, Version
    from kinelink.desktop.letter_dialog import Recipient, RecipientDialog
    from kinelink.desktop.patient_dialog import PatientDialog
    from kinelink.desktop.settings import Settings, save_settings
    from kinelink.desktop.settings_dialog import SettingsDialog
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox, QWidget

    out.mkdir(parents=True, exist_ok=True)
    app.application()
    settings = tmp / "settings.json"
    save_settings(Settings(clinician_name="Anna Nowak, PT", clinic_name="Fizjoterapia Żółty Dom",
                           clinic_address="ul. Długa 5\n31-147 Kraków", auto_backup=False), settings)

    def shot(widget: QWidget, name: str) -> None:
        QTest.qWait(150)
        widget.grab().save(str(out / f"{name}.png"))

    def start(database: str, demo: bool) -> app.MainWindow:
        window = app.start(database, demo, settings_path=settings)
        assert window is not None
        window.setGeometry(0, 0, width, height)
        return window

    empty = start(str(tmp / "empty.sqlite3"), False)
    shot(empty, "01-empty")
    empty.close()

    w = start(str(tmp / "demo.sqlite3"), True)
    shot(w, "02-patient-list")
    w.patients.search.setText("sorensen")
    w.patients.refresh()
    shot(w, "03-search")
    w.patients.search.setText("")
    w.patients.refresh()
    busiest = max(w.patients.summaries(), key=lambda s: s.exam_count)
    w.open_patient(busiest.id)
    shot(w, "04-patient-page")
    w.patient_page.choose_measure("rom:knee:flexion")
    shot(w, "05-patient-chart-knee-flexion")
    w.patient_page.progress_tabs.setCurrentWidget(w.patient_page.change)
    w.patient_page.table.selectRow(1)  # the latest signed exam, against the one before it
    shot(w, "05b-patient-change")
    w.patient_page.progress_tabs.setCurrentIndex(0)

    signed = next(e.id for e in w.patient_page.timeline.rows() if e.status is ExamStatus.SIGNED)
    w.open_exam(signed)
    editor = w.exam_page.editor
    for number, name in enumerate(editor.section_names(), 1):
        editor.show_section(name)
        shot(w, f"06-exam-{number}-{name.lower()}")
    w.act_amend.trigger()
    cell = next(x for x in editor.findChildren(QWidget) if x.accessibleName() == "Knee flexion, left, active")
    cell.setText("131")
    shot(w, "07-exam-amending")
    dialogs.ask_amend_reason = lambda parent: "Re-measured with a long-arm goniometer"  # type: ignore[assignment]
    w.act_save.trigger()
    shot(w, "08-exam-amended")
    shown: list[tuple[str, list[Version]]] = []
    dialogs.show_history = lambda parent, title, versions: shown.append((title, list(versions)))  # type: ignore[assignment]
    w.act_history.trigger()
    history = HistoryDialog(w, *shown[0])
    history.show()
    history.table.selectRow(1)
    shot(history, "15-amendment-history")
    history.close()
    w.close_exam()
    w.act_new_exam.trigger()
    shot(w, "09-new-exam")
    w.close_exam()

    def dialog(make: Callable[[], QWidget], name: str, fill: Callable[[QWidget], object] = lambda d: None) -> None:
        d = make()
        d.show()
        fill(d)
        shot(d, name)
        d.close()

    dialog(lambda: PatientDialog(w), "10-new-patient-errors",
           lambda d: (d.birth.setText("2031-01-01"), d._try_accept()))  # type: ignore[attr-defined]
    dialog(lambda: PatientDialog(w), "11-new-patient",
           lambda d: (d.family.setText("Żółć"), d.given.setText("Łukasz"),  # type: ignore[attr-defined]
                      d.birth.setText("17.04.1988"), d.sex.setCurrentIndex(2)))  # type: ignore[attr-defined]
    dialog(lambda: RecipientDialog(w, Recipient("")), "12-letter-recipient")
    dialog(lambda: SettingsDialog(w, w.ws.settings), "13-settings")
    dialog(lambda: dialogs._ReasonDialog(w), "14-amend-reason")

    def message(title: str, text: str, detail: str, buttons: tuple[str, str], icon: QMessageBox.Icon) -> QWidget:
        box = QMessageBox(w)
        box.setIcon(icon)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(detail)
        box.addButton(buttons[0], QMessageBox.ButtonRole.AcceptRole)
        box.addButton(buttons[1], QMessageBox.ButtonRole.RejectRole)
        return box

    dialog(lambda: message("Restore your work", "Kinelink closed while an exam was open. Everything up to the "
                           "last autosave is kept.", "Łukasz Żółć: exam of 25 Nov 2026, last saved 25 Nov 2026 at "
                           "14:32:05", ("Open it again", "Keep as draft"), QMessageBox.Icon.Question),
           "16-recovery")
    dialog(lambda: message("Kinelink cannot open the database", "Kinelink cannot open /home/anna/clinic.sqlite3.",
                           "Not a database: the file is not an SQLite file (its first bytes do not say 'SQLite "
                           "format 3'). Kinelink has not changed it.\n\nYou can open another database (or create "
                           "a new one), or quit and ask for help with this file.",
                           ("Open another database…", "Quit"), QMessageBox.Icon.Critical), "17-database-error")
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter's teardown of Qt objects
