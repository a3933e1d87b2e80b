"""The acceptance screenshots at the three screen sizes, into docs/screenshots/sizes/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python docs/screenshots/sizes.py docs/screenshots/sizes

For each of 1024×700, 1366×768 and 1920×1080: the exam editor (History with the body chart,
ROM, Strength, Outcomes), the body chart on its own, the patient page and its change tab, a new
exam and the letter dialog, each grabbed at that size (a dialog as large as the screen allows).
A demo database and settings in a temporary folder: nothing of the user's is read or written.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

SIZES = ((1024, 700), (1366, 768), (1920, 1080))


def main(out: Path) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="kinelink-sizes-"))
    os.environ["XDG_DATA_HOME"] = str(tmp / "data")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "config")
    from kinelink.db.records import ExamStatus
    from kinelink.desktop import app, dialogs
    from kinelink.desktop.letter_dialog import LetterContext, LetterDialog
    from kinelink.desktop.settings import Settings, save_settings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

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

    contexts: list[LetterContext] = []
    dialogs.ask_letter = lambda parent, context: contexts.append(context)  # type: ignore[assignment,func-returns-value]

    for width, height in SIZES:
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
        w.open_exam(signed)
        editor = w.exam_page.editor
        for number, name in enumerate(editor.section_names(), 1):
            if name in ("History", "ROM", "Strength", "Outcomes"):
                editor.show_section(name)
                shot(w, size, f"06-exam-{number}-{name.lower()}")
        chart = getattr(editor.history, "chart", None)
        if chart is not None:
            editor.show_section("History")
            editor.history.scroll_area.ensureWidgetVisible(editor.history.chart_frame, 0, 0)
            shot(w, size, "06-exam-1b-body-chart")
            shot(editor.history.chart_frame, size, "06-body-chart")
        contexts.clear()
        w.act_letter.trigger()
        letter = LetterDialog(w, contexts[0])
        letter.resize(min(letter.width(), width), min(letter.height(), height))  # as a window manager would
        letter.show()
        letter.name.setText("Dr Zofia Łęcka")
        shot(letter, size, "12-letter-dialog")
        letter.close()
        w.close_exam()
        w.act_new_exam.trigger()
        shot(w, size, "09-new-exam")
        w.close_exam()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
    sys.stdout.flush()
    os._exit(0)  # skip the interpreter's teardown of Qt objects
