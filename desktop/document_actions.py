"""Documents ▸ Summary PDF and Letter: the window asks where and what, the use cases write and keep.

What a document is built from, and the safe write, are in desktop/usecases/documents.py
(shared with `kinelink report`); this only asks (dialogs), shows (status bar, viewer)
and saves pending edits first, so the PDF shows what is stored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kinelink.desktop import dialogs, viewer
from kinelink.desktop.exam_page import Mode
from kinelink.desktop.usecases import documents, exams
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import _
from kinelink.forms.model import ExamId
from kinelink.forms.vocab import DocumentKind

if TYPE_CHECKING:
    from kinelink.desktop.main_window import MainWindow
    from kinelink.desktop.usecases.correspondence import Filed

# The letters and their wording (`usecases.correspondence`, `forms.letters`, the red-flag scan) load
# when a document is first written, not with the window: start-up paints without them.


class DocumentActions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def _document_exam(self) -> ExamId | None:
        """The exam to print, with any pending edits saved first (the PDF shows what is stored).
        An exam with values that are not valid is not printed until they are corrected."""
        page = self.w.exam_page
        if page.is_open() and page.mode is not Mode.LOCKED and (problems := page.editor.problems()):
            dialogs.show_problems(self.w, _("Not printed yet"), _("Correct these values first; the document would "
                                  "leave them out:"), [("", message) for _path, message in problems])
            return None
        exam_id = self.w.current_exam()
        if not page.is_open() and exam_id is not None:
            kept = exams.kept_input(self.w.ws.database, exam_id).invalid
            if kept:
                dialogs.show_problems(self.w, _("Not printed yet"), _("Open the exam and correct these values first; "
                                      "they are kept as typed but are not part of the exam:"),
                                      [("", f"'{text}'") for text in kept.values()])
                return None
        if self.w.exam_page.is_open():
            if self.w.exam_page.mode is Mode.DRAFT and not self.w.exam_page.save_now():
                return None
            if self.w.exam_page.exam_id is None:
                dialogs.show_info(self.w, _("Nothing to print yet"), _("Enter some findings first; the exam is saved "
                                  "as you type and can then be printed."))
                return None
        return self.w.current_exam()

    def _stored(self, exam_id: ExamId) -> documents.StoredForPrint | None:
        """The exam with its earlier signed visits; with two or more, the clinician picks the baseline."""
        exam = documents.stored_exam(self.w.ws.database, exam_id)
        if len(exam.earlier) < 2:
            return exam
        options = [(r.exam.id or "", show_date(r.exam.date) + (f", {r.exam.clinician}" if r.exam.clinician else ""))
                   for r, _ in reversed(exam.earlier)]
        chosen = dialogs.ask_baseline(self.w, options, options[0][0])
        if chosen is None:
            return None
        return exam if chosen == options[0][0] else documents.stored_exam(self.w.ws.database, exam_id,
                                                                           baseline=ExamId(chosen))

    def export_summary(self) -> None:
        from kinelink.desktop.usecases import correspondence

        exam_id = self._document_exam()
        if exam_id is None:
            return
        exam = self._stored(exam_id)
        if exam is None:
            return
        data = documents.summary_data(exam, documents.clinic_info(self.w.ws.settings))  # the examiner's record
        if self._save(_("Save the assessment summary"), documents.file_name(data.record, "summary"),
                      _("Summary (kept with the exam)"),
                      lambda path: correspondence.issue_summary(self.w.ws.database, exam_id, path, data,
                                                                author=self.w.ws.author)):
            self._refresh_correspondence()

    def export_letter(self) -> None:
        from kinelink.desktop.letter_dialog import LetterContext
        from kinelink.desktop.usecases import address_book, correspondence
        from kinelink.forms.analysis import analyze

        exam_id = self._document_exam()
        if exam_id is None:
            return
        exam = self._stored(exam_id)
        if exam is None:
            return
        signer = self.w.ws.settings.clinician_name  # the letter is signed by its writer
        context = LetterContext(
            record=exam.record, analysis=analyze(exam.record),
            clinician=(signer or exam.record.exam.clinician or "").strip() or None,
            baseline=exam.earlier[-1] if exam.earlier else None,
            address_book=tuple(address_book.load()),
            missing_clinic_details=tuple(self.w.ws.settings.missing_clinic_details()),
        )
        letter = dialogs.ask_letter(self.w, context)
        if letter is None:
            return
        data = correspondence.letter_data(exam, documents.clinic_info(self.w.ws.settings, signer=signer), letter)
        if not self._save(_("Save the letter"), documents.file_name(data.record, "letter"),
                          _("Letter (kept with the exam)"),
                          lambda path: correspondence.issue_letter(self.w.ws.database, exam_id, path, data,
                                                                   author=self.w.ws.author)):
            return
        if letter.recipient.name or letter.recipient.organisation:
            with contextlib.suppress(OSError):  # the address book is a convenience; the letter is written
                address_book.remember(letter.recipient)
        self._refresh_correspondence()

    def reopen_document(self, filed: Filed) -> None:
        """Write a kept document's PDF where the clinician chooses, and show it."""
        from kinelink.desktop.usecases import correspondence

        record = next((r for r in self.w.patient_page.records() if r.exam.id == filed.exam_id), None)
        kind = "letter" if filed.document.kind is DocumentKind.LETTER else "summary"
        suggested = self.w.folder() / (documents.file_name(record, kind) if record else f"{kind}.pdf")
        path = dialogs.ask_save_path(self.w, _('Save a copy of the {title}').format(
            title=filed.title.lower()), suggested)
        if path is None:
            return
        kept = False

        def write() -> None:
            nonlocal kept
            kept = correspondence.reopen(self.w.ws.database, filed.document, path)

        try:
            write()
        except OSError as err:
            dialogs.show_error(self.w, _("Not saved"), _('{name} could not be written.').format(
                name=path.name), str(err))
            return
        if not kept:
            dialogs.show_error(self.w, _("Not kept"), _("The PDF of this document was not kept (it was issued "
                               "elsewhere); its words are in the record."), filed.document.text)
            return
        self.w.status(_('Copy saved to {path}').format(path=path))
        viewer.open_with_system_viewer(path)

    def _refresh_correspondence(self) -> None:
        page = self.w.patient_page
        if page.patient_id is not None:
            page.show_patient(page.patient_id)

    def _save(self, title: str, name: str, what: str, write: Callable[[Path], object]) -> bool:
        """Ask where, write there (a failed write is explained), remember the folder, show the PDF."""
        path = dialogs.ask_save_path(self.w, title, self.w.folder() / name)
        if path is None:
            return False
        try:
            write(path)
        except OSError as err:
            dialogs.show_error(self.w, _("Not saved"), _('{name} could not be written.').format(
                name=path.name), str(err))
            return False
        self.w.remember_folder(path)
        self.w.status(_('{what} saved to {path}').format(what=what, path=path))
        viewer.open_with_system_viewer(path)
        return True
