"""Documents ▸ Summary PDF and Referral letter: the window asks where and whom, the use case writes.

What a document is built from, and the safe write, are in desktop/usecases/documents.py
(shared with `kinelink report`); this only asks (dialogs), shows (status bar, viewer)
and saves pending edits first, so the PDF shows what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kinelink.desktop import dialogs, viewer
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.usecases import documents, exams
from kinelink.desktop.usecases.documents import Recipient
from kinelink.forms.model import ExamId

if TYPE_CHECKING:
    from kinelink.desktop.main_window import MainWindow


class DocumentActions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def _document_exam(self) -> ExamId | None:
        """The exam to print, with any pending edits saved first (the PDF shows what is stored).
        An exam with values that are not valid is not printed until they are corrected."""
        page = self.w.exam_page
        if page.is_open() and page.mode is not Mode.LOCKED and (problems := page.editor.problems()):
            dialogs.show_problems(self.w, "Not printed yet", "Correct these values first; the document would "
                                  "leave them out:", [("", message) for _path, message in problems])
            return None
        exam_id = self.w.current_exam()
        if not page.is_open() and exam_id is not None:
            kept = exams.kept_input(self.w.ws.database, exam_id).invalid
            if kept:
                dialogs.show_problems(self.w, "Not printed yet", "Open the exam and correct these values first; "
                                      "they are kept as typed but are not part of the exam:",
                                      [("", f"'{text}'") for text in kept.values()])
                return None
        if self.w.exam_page.is_open():
            if self.w.exam_page.mode is Mode.DRAFT and not self.w.exam_page.save_now():
                return None
            if self.w.exam_page.exam_id is None:
                dialogs.show_info(self.w, "Nothing to print yet", "Enter some findings first; the exam is saved "
                                  "as you type and can then be printed.")
                return None
        return self.w.current_exam()

    def export_summary(self) -> None:
        exam_id = self._document_exam()
        if exam_id is None:
            return
        exam = documents.stored_exam(self.w.ws.database, exam_id)
        data = documents.summary_data(exam, documents.clinic_info(self.w.ws.settings))  # the examiner's record
        self._save("Save the assessment summary", documents.file_name(data.record, "summary"), "Summary",
                   lambda path: documents.write_summary(path, data))

    def export_letter(self) -> None:
        exam_id = self._document_exam()
        if exam_id is None:
            return
        recipient = dialogs.ask_recipient(self.w, Recipient(name=""))
        if recipient is None:
            return
        exam = documents.stored_exam(self.w.ws.database, exam_id)
        signer = self.w.ws.settings.clinician_name  # the letter is signed by its writer
        data = documents.letter_data(exam, documents.clinic_info(self.w.ws.settings, signer=signer), recipient)
        self._save("Save the referral letter", documents.file_name(data.record, "letter"), "Letter",
                   lambda path: documents.write_letter(path, data))

    def _save(self, title: str, name: str, what: str, write: Callable[[Path], None]) -> None:
        """Ask where, write there (a failed write is explained), remember the folder, show the PDF."""
        path = dialogs.ask_save_path(self.w, title, self.w.folder() / name)
        if path is None:
            return
        try:
            write(path)
        except OSError as err:
            dialogs.show_error(self.w, "Not saved", f"{path.name} could not be written.", str(err))
            return
        self.w.remember_folder(path)
        self.w.status(f"{what} saved to {path}")
        viewer.open_with_system_viewer(path)
