"""The acceptance screenshots at the three screen sizes, into docs/screenshots/sizes/.

    .venv/bin/python docs/screenshots/sizes.py docs/screenshots/sizes

For each of 1024×700, 1366×768 and 1920×1080: the exam editor (History with the body chart, Tests,
ROM, Strength; Outcomes of the latest exam, a draft with KOOS), the body chart on its own, the
patient page and its change tab, a new exam and the letter dialog. Each size runs in its own
process on an offscreen screen of exactly that size (Qt's offscreen platform, configured by a
file), so dialogs size themselves to that screen as they would on a real one. A demo database
and settings in a temporary folder: nothing of the user's is read or written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SIZES = ((1024, 700), (1366, 768), (1920, 1080))


def main(out: Path) -> None:
    """One process per screen size: the offscreen screen's size is fixed when Qt starts."""
    for width, height in SIZES:
        config = Path(tempfile.mkdtemp(prefix="kinelink-screen-")) / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "shots", "x": 0, "y": 0, "width": width,
                                                   "height": height, "logicalDpi": 96, "dpr": 1}]}))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        subprocess.run([sys.executable, __file__, str(out), str(width), str(height)], env=env, check=True)
    print(f"screenshots in {out}")


def take(out: Path, width: int, height: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kinelink-sizes-"))
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from kinelink.db.records import ExamStatus
    from kinelink.desktop import app, dialogs
    from kinelink.desktop.letter_dialog import LetterContext, LetterDialog
    from kinelink.desktop.settings import Settings, save_settings
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QDialog, QMessageBox, QScrollArea, QWidget

    out.mkdir(parents=True, exist_ok=True)
    app.application()
    settings = tmp / "settings.json"
    save_settings(Settings(clinician_name="Anna Nowak, PT", clinic_name="Fizjoterapia Żółty Dom",
                           clinic_address="ul. Długa 5\n31-147 Kraków", auto_backup=False), settings)
    window = app.start(str(tmp / "demo.sqlite3"), True, settings_path=settings)
    assert window is not None
    w = window

    def shot(widget: QWidget, size: str, name: str) -> None:
        QTest.qWait(200)
        widget.grab().save(str(out / f"{size}-{name}.png"))

    def no_modal(*args: object, **kwargs: object) -> int:  # a dialog nobody answers would hang the script
        raise RuntimeError(f"unexpected modal dialog: {args!r}")

    QDialog.exec = no_modal  # type: ignore[method-assign]
    QMessageBox.exec = no_modal  # type: ignore[method-assign]
    dialogs.ask_baseline = lambda parent, options, default: default  # type: ignore[assignment]
    dialogs.ask_existing_draft = (  # type: ignore[assignment]
        lambda parent, patient, draft, is_open: dialogs.DraftChoice.NEW_EXAM)  # the new exam is the shot
    contexts: list[LetterContext] = []
    dialogs.ask_letter = lambda parent, context: contexts.append(context)  # type: ignore[assignment,func-returns-value]

    size = f"{width}x{height}"
    w.setGeometry(0, 0, width, height)
    busiest = max(w.patients.summaries(), key=lambda s: s.exam_count)
    w.open_patient(busiest.id)
    shot(w, size, "04-patient-page")
    w.patient_page.progress_tabs.setCurrentWidget(w.patient_page.change)
    w.patient_page.table.selectRow(1)
    shot(w, size, "05b-patient-change")
    w.patient_page.progress_tabs.setCurrentIndex(0)

    signed = next(e.id for e in w.patient_page.timeline.rows() if e.status is ExamStatus.SIGNED)
    w.open_exam(w.patient_page.timeline.rows()[0].id)  # the latest: a draft with a questionnaire
    editor = w.exam_page.editor
    editor.show_section("Outcomes")
    shot(w, size, "06-exam-5-outcomes")
    inner = editor.outcomes.tabs.currentWidget()
    assert isinstance(inner, QScrollArea)
    inner.verticalScrollBar().setValue(260)  # down to the first answers, under their column labels
    shot(w, size, "06-exam-5b-outcomes-answers")
    w.close_exam()
    w.open_exam(signed)
    editor = w.exam_page.editor
    for number, name in enumerate(editor.section_names(), 1):
        if name in ("History", "ROM", "Strength", "Tests"):
            editor.show_section(name)
            shot(w, size, f"06-exam-{number}-{name.lower()}")
    editor.show_section("History")
    history = editor.history
    history.scroll_area.verticalScrollBar().setValue(  # the Symptoms card's top at the top
        history.chart_frame.parentWidget().mapTo(history.body, QPoint(0, 0)).y() - 8)
    shot(w, size, "06-exam-1b-body-chart")
    shot(editor.history.chart_frame, size, "06-body-chart")
    contexts.clear()
    w.act_letter.trigger()
    letter = LetterDialog(w, contexts[0])
    letter.show()
    letter.name.setText("Dr Zofia Łęcka")
    shot(letter, size, "12-letter-dialog")
    letter.close()
    w.close_exam()
    w.act_new_exam.trigger()
    shot(w, size, "09-new-exam")
    w.close_exam()


if __name__ == "__main__":
    if len(sys.argv) == 4:
        take(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
    else:
        main(Path(sys.argv[1]))
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter's teardown of Qt objects
