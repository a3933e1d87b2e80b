"""The main window: patient list, patient page, exam page, and every user action.

Each action is one short method: ask what it needs (through `dialogs`), open
one unit of work (`with self.ws.database.session() as s:`), call `db`,
`forms` or `reports`, then refresh what changed. Lower layers raise; only
this layer turns their errors into messages.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from kinelink import db
from kinelink.db import patient_records, repository
from kinelink.desktop import dialogs, paths, theme, viewer
from kinelink.desktop.editor.keys import KEY_HELP
from kinelink.desktop.errors import UserError
from kinelink.desktop.exam_page import ExamPage, Mode
from kinelink.desktop.patient_list import PatientListPanel
from kinelink.desktop.patient_page import PatientPage
from kinelink.desktop.usecases import backups, demo_data, documents, examfiles, exams
from kinelink.desktop.usecases.documents import Recipient
from kinelink.desktop.usecases.workspace import Workspace
from kinelink.desktop.welcome import WelcomePanel
from kinelink.forms import followup
from kinelink.forms.formats import show_date
from kinelink.forms.model import ExamId, PatientId
from PySide6.QtCore import QByteArray, QObject, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
)

STATUS_MS = 8000


class MainWindow(QMainWindow):
    integrity_check: QObject | None = None  # the background quick_check (desktop.integrity)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.setObjectName("MainWindow")
        self.resize(1280, 800)
        self.setMinimumSize(1000, 640)

        self.patients = PatientListPanel(lambda: self.ws)
        self.patient_page = PatientPage(lambda: self.ws)
        self.welcome = WelcomePanel()
        self.exam_page = ExamPage(lambda: self.ws)
        self.right = QStackedWidget()
        self.right.addWidget(self.welcome)
        self.right.addWidget(self.patient_page)
        self.home = QSplitter(Qt.Orientation.Horizontal)
        self.home.setObjectName("HomeSplitter")
        self.home.setChildrenCollapsible(False)
        self.home.addWidget(self.patients)
        self.home.addWidget(self.right)
        self.home.setStretchFactor(0, 0)
        self.home.setStretchFactor(1, 1)
        self.home.setSizes([460, 820])
        self.patients.setMinimumWidth(340)  # names and birth dates uncut at 1024 px
        self.home.setHandleWidth(1)
        # The style goes on the window's own parts, not the window: the exam editor has its own, and
        # styling it twice doubles the time it takes to build.
        self.home.setStyleSheet(theme.style_sheet())
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)
        self.pages.addWidget(self.exam_page)
        self.setCentralWidget(self.pages)

        self.statusBar().setStyleSheet(theme.style_sheet())
        self.saved_status = QLabel()
        self.saved_status.setObjectName("SavedStatus")
        self.saved_status.setAccessibleName("Save status")
        self.statusBar().addPermanentWidget(self.saved_status)

        self._make_actions()
        self._fill_more_menu()
        self._connect()
        self.refresh_all()

    def show_on_screen(self) -> None:
        """As the clinician left it; else maximised on a laptop screen, and on a large one a
        comfortable size in the middle."""
        s = self.ws.settings
        if s.patient_list_width > 0:
            self.home.setSizes([s.patient_list_width, max(1, self.width() - s.patient_list_width)])
        if s.window_geometry and self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode("ascii"))):
            self.show()
            return
        screen = self.screen().availableGeometry()
        if screen.width() < 1500 or screen.height() < 900:
            self.showMaximized()
            return
        self.resize(min(1600, int(screen.width() * 0.85)), min(1000, int(screen.height() * 0.9)))
        frame = self.frameGeometry()
        frame.moveCenter(screen.center())
        self.move(frame.topLeft())
        self.show()

    # -- actions and menus -------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding of the platform (Close: Ctrl+W and Ctrl+F4)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even while a menu bar is hidden
        return action

    def _make_actions(self) -> None:
        a = self._action
        self.act_new_patient = a("&New patient…", self.new_patient, "Ctrl+Shift+N")
        self.act_find = a("&Find patient", self.focus_search, QKeySequence.StandardKey.Find)
        self.act_edit_patient = a("Edi&t patient details…", self.edit_patient)
        self.act_import = a("&Import exam files…", self.import_files, "Ctrl+O")
        self.act_export_patient = a("&Export this patient's exams…", self.export_patient, "Ctrl+E")
        self.act_export_all = a("Export &all exams…", self.export_all)
        self.act_backup = a("&Back up now", self.backup_now, "Ctrl+B")
        self.act_restore = a("&Restore from a backup…", self.restore_backup)
        self.act_open_db = a("&Open database…", self.open_database_file)
        self.act_demo = a("Open &demo data", self.open_demo)
        self.act_settings = a("&Settings…", self.edit_settings, "Ctrl+,")
        self.act_merge = a("&Merge with another record…", self.merge_patient)
        self.act_archive = a("Ar&chive patient…", self.archive_patient)
        self.act_show_archived = a("Show archi&ved patients", self.toggle_archived)
        self.act_show_archived.setCheckable(True)
        self.act_restore_patient = a("Bring back to the &lists", self.restore_patient)
        self.act_quit = a("&Quit", self.close, QKeySequence.StandardKey.Quit)

        self.act_new_exam = a("&New exam", self.new_exam, QKeySequence.StandardKey.New)
        self.act_follow_up = a("New &follow-up…", self.new_follow_up, "Ctrl+Shift+F")
        self.act_open_exam = a("&Open exam", self.open_selected_exam)
        self.act_save = a("&Save", self.save, QKeySequence.StandardKey.Save)
        self.act_sign = a("Sign o&ff…", self.sign_off, "Ctrl+Shift+S")
        self.act_amend = a("&Amend…", self.amend, "Ctrl+Shift+A")
        self.act_cancel_amend = a("Cancel a&mendment", self.exam_page.cancel_amendment)
        self.act_history = a("Amendment &history…", self.show_history, "Ctrl+H")
        self.act_close_exam = a("&Close exam", self.close_exam, QKeySequence.StandardKey.Close)
        self.act_delete_draft = a("&Delete draft…", self.delete_draft)

        self.act_summary = a("&Summary PDF…", self.export_summary, QKeySequence.StandardKey.Print)
        self.act_letter = a("Referral &letter…", self.export_letter, "Ctrl+L")

        self.act_shortcuts = a("&Keyboard shortcuts", self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self.act_about = a("&About Kinelink", self.show_about)

        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for act in (self.act_new_patient, self.act_find, self.act_edit_patient, self.act_merge, self.act_archive,
                    self.act_restore_patient, self.act_show_archived, None, self.act_import,
                    self.act_export_patient, self.act_export_all, None, self.act_backup, self.act_restore,
                    None, self.act_open_db, self.act_demo, self.act_settings, None, self.act_quit):
            file_menu.addSeparator() if act is None else file_menu.addAction(act)
        exam_menu = bar.addMenu("&Exam")
        for act in (self.act_new_exam, self.act_follow_up, self.act_open_exam, self.act_save, None, self.act_sign,
                    self.act_amend,
                    self.act_cancel_amend, self.act_history, None, self.act_delete_draft, self.act_close_exam):
            exam_menu.addSeparator() if act is None else exam_menu.addAction(act)
        self.sections_menu = QMenu("&Go to section", self)
        exam_menu.addSeparator()
        exam_menu.addMenu(self.sections_menu)
        documents_menu = bar.addMenu("&Documents")
        documents_menu.addAction(self.act_summary)
        documents_menu.addAction(self.act_letter)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

        for button, action in (
            (self.patient_page.edit_button, self.act_edit_patient),
            (self.patient_page.new_exam_button, self.act_new_exam),
            (self.patient_page.open_button, self.act_open_exam),
            (self.patient_page.summary_button, self.act_summary),
            (self.patient_page.letter_button, self.act_letter),
            (self.exam_page.save_button, self.act_save),
            (self.exam_page.sign_button, self.act_sign),
            (self.exam_page.amend_button, self.act_amend),
            (self.exam_page.history_button, self.act_history),
            (self.exam_page.summary_button, self.act_summary),
            (self.exam_page.letter_button, self.act_letter),
        ):
            _bind(button, action)

    def _fill_more_menu(self) -> None:
        """The patient page's More menu: the window's own actions (same keys, same enabling)."""
        menu = self.patient_page.more_menu
        for act in (self.act_follow_up, self.act_history, self.act_delete_draft, None, self.act_export_patient,
                    self.act_merge, self.act_archive, self.act_restore_patient):
            menu.addSeparator() if act is None else menu.addAction(act)

    def _connect(self) -> None:
        self.patients.patient_activated.connect(lambda pid: self.open_patient(PatientId(pid)))
        self.patients.new_patient_requested.connect(self.new_patient)
        self.patient_page.exam_activated.connect(lambda eid: self.open_exam(ExamId(eid)))
        self.patient_page.selection_changed.connect(self.update_actions)
        self.welcome.new_patient_requested.connect(self.new_patient)
        self.welcome.demo_requested.connect(self.open_demo)
        self.welcome.import_requested.connect(self.import_files)
        self.welcome.settings_requested.connect(self.edit_settings)
        self.exam_page.state_changed.connect(self.update_actions)
        self.exam_page.save_state.connect(self._save_state)
        self.exam_page.status_message.connect(self._status)
        self.exam_page.back_requested.connect(self.close_exam)

    def _save_state(self, text: str) -> None:
        self.saved_status.setText(text)
        self.statusBar().clearMessage()  # an earlier hint ("Amending: …") no longer applies

    # -- state ---------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.setWindowTitle(f"Kinelink — {self.ws.name}")
        self.patients.refresh()
        if self.patient_page.patient_id is not None and self.right.currentWidget() is self.patient_page:
            self.patient_page.refresh()
        else:
            self._show_welcome()
        self.update_actions()

    def _show_welcome(self) -> None:
        empty = not self.patients.summaries() and not self.patients.search.text()
        self.welcome.show_state(empty=empty, database=self.ws.target, clinician=self.ws.settings.clinician_name)
        self.right.setCurrentWidget(self.welcome)

    def current_patient(self) -> PatientId | None:
        if self.exam_page.is_open():
            return self.exam_page.patient_id
        if self.right.currentWidget() is self.patient_page:
            return self.patient_page.patient_id
        return None

    def current_exam(self) -> ExamId | None:
        """The exam the document and history actions act on: the open one, else the selected one."""
        if self.exam_page.is_open():
            return self.exam_page.exam_id
        if self.right.currentWidget() is self.patient_page and (summary := self.patient_page.selected_exam()):
            return summary.id
        return None

    def update_actions(self) -> None:
        exam_open = self.exam_page.is_open()
        mode = self.exam_page.mode
        patient = self.current_patient() is not None
        exam = self.current_exam() is not None
        selected = self.patient_page.selected_exam() if not exam_open else None
        locked_exam = (mode in (Mode.LOCKED, Mode.AMENDING) and self.exam_page.exam_id is not None) or (
            selected is not None and selected.is_locked)
        self.act_new_exam.setEnabled(patient)
        self.act_follow_up.setEnabled(patient and bool(self.patient_page.timeline.rowCount()))
        self.act_edit_patient.setEnabled(patient)
        self.act_export_patient.setEnabled(patient)
        self.act_open_exam.setEnabled(not exam_open and selected is not None)
        self.act_save.setEnabled(mode in (Mode.DRAFT, Mode.AMENDING))
        self.act_sign.setEnabled(mode is Mode.DRAFT)
        self.act_amend.setEnabled(mode is Mode.LOCKED)
        self.act_cancel_amend.setEnabled(mode is Mode.AMENDING)
        self.act_history.setEnabled(locked_exam)
        draft_open = exam_open and mode is Mode.DRAFT and self.exam_page.exam_id is not None
        self.act_delete_draft.setEnabled(draft_open or (selected is not None and not selected.is_locked))
        archived = self.patient_page.archived
        self.act_merge.setEnabled(patient and not exam_open)
        self.act_archive.setEnabled(patient and not exam_open and not archived)
        self.act_restore_patient.setEnabled(patient and not exam_open and archived)
        self.act_close_exam.setEnabled(exam_open)
        self.act_summary.setEnabled(exam)
        self.act_letter.setEnabled(exam)
        is_file = self.ws.file is not None
        self.act_backup.setEnabled(is_file)
        self.act_restore.setEnabled(is_file)

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    # -- patients ------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.exam_page.is_open() and not self.close_exam():
            return
        self.pages.setCurrentWidget(self.home)
        self.patients.focus_search()

    def new_patient(self) -> None:
        patient = dialogs.ask_new_patient(self)
        if patient is None:
            return
        with self.ws.database.session() as s:
            duplicates = patient_records.possible_duplicates(s, patient)
        if duplicates:
            choice = dialogs.ask_duplicate(self, patient, duplicates)
            if choice is dialogs.DuplicateChoice.CANCEL:
                return
            if choice is dialogs.DuplicateChoice.OPEN_EXISTING:
                self._open_found(duplicates[0].id)
                return
        with self.ws.database.session() as s:
            patient_id = repository.create_patient(s, patient, author=self.ws.author)
        self.patients.search.clear()
        self.patients.refresh()
        self.open_patient(patient_id)
        self._status(f"Added {patient.full_name}.")

    def _open_found(self, patient_id: PatientId) -> None:
        """Open a stored patient, bringing an archived one back to the lists first."""
        with self.ws.database.session() as s:
            if patient_records.is_archived(s, patient_id):
                patient_records.restore_patient(s, patient_id, author=self.ws.author)
        self.patients.search.clear()
        self.patients.refresh()
        self.open_patient(patient_id)

    def merge_patient(self) -> None:
        """Move every exam of this patient to another record (a duplicate), hiding this one."""
        patient_id = self.current_patient()
        if patient_id is None or self.exam_page.is_open():
            return
        with self.ws.database.session() as s:
            patient = repository.get_patient(s, patient_id)
            likely = patient_records.possible_duplicates(s, patient, other_than=patient_id)
            others = [p for p in repository.search_patients(s, "", include_archived=True)
                      if p.id != patient_id and p.id not in {d.id for d in likely}]
        target = dialogs.ask_merge_target(self, patient, likely + others)
        if target is None:
            return
        with self.ws.database.session() as s:
            moved = patient_records.merge_patients(s, target, patient_id, author=self.ws.author)
            kept = repository.get_patient(s, target)
        self.patients.refresh()
        self.open_patient(target)
        self._status(f"Merged: {moved} exam{'s' if moved != 1 else ''} of {patient.full_name} moved to "
                     f"{kept.full_name}'s record.")

    def archive_patient(self) -> None:
        patient_id = self.current_patient()
        if patient_id is None or self.exam_page.is_open():
            return
        with self.ws.database.session() as s:
            patient = repository.get_patient(s, patient_id)
        if not dialogs.confirm(self, "Archive patient", f"Hide {patient.full_name} from the patient list? Every "
                               "exam stays stored and can be printed; File ▸ Show archived patients finds them.",
                               "Archive"):
            return
        with self.ws.database.session() as s:
            patient_records.archive_patient(s, patient_id, author=self.ws.author)
        self.patients.refresh()
        self.patient_page.patient_id = None
        self._show_welcome()
        self.update_actions()
        self._status(f"{patient.full_name} archived.")

    def restore_patient(self) -> None:
        patient_id = self.current_patient()
        if patient_id is None:
            return
        with self.ws.database.session() as s:
            patient_records.restore_patient(s, patient_id, author=self.ws.author)
        self.patients.refresh()
        self.open_patient(patient_id)
        self._status("Back in the patient list.")

    def toggle_archived(self) -> None:
        self.patients.include_archived = self.act_show_archived.isChecked()
        self.patients.refresh()

    def delete_draft(self) -> None:
        """Delete a draft exam (never a signed one), after asking."""
        if self.exam_page.is_open():
            if self.exam_page.mode is not Mode.DRAFT:
                return
            exam_id, day = self.exam_page.exam_id, self.exam_page.current_exam().date
        else:
            selected = self.patient_page.selected_exam()
            if selected is None or selected.is_locked:
                return
            exam_id, day = selected.id, selected.date
        if exam_id is None or not dialogs.confirm(
                self, "Delete draft", f"Delete the draft exam of {show_date(day)}? It has not been signed; "
                "its deletion is recorded in the audit trail.", "Delete draft"):
            return
        patient_id = self.current_patient()
        if self.exam_page.is_open():
            self.exam_page.discard_state()
        with self.ws.database.session() as s:
            repository.delete_draft(s, exam_id, author=self.ws.author)
        self.patients.refresh()
        if patient_id is not None:
            self.open_patient(patient_id)
        self._status(f"Draft of {show_date(day)} deleted.")

    def edit_patient(self) -> None:
        patient_id = self.current_patient()
        if patient_id is None:
            return
        with self.ws.database.session() as s:
            current = repository.get_patient(s, patient_id)
        changed = dialogs.ask_edit_patient(self, current)
        if changed is None or changed == current:
            return
        with self.ws.database.session() as s:
            repository.update_patient(s, patient_id, changed, author=self.ws.author)
        self.patients.refresh()
        self.patient_page.show_patient(patient_id)
        self._status(f"Saved the details of {changed.full_name}.")

    def open_patient(self, patient_id: PatientId, *, select: ExamId | None = None) -> bool:
        if self.exam_page.is_open() and not self.close_exam():
            return False
        self.pages.setCurrentWidget(self.home)
        self.patient_page.show_patient(patient_id, select=select)
        self.right.setCurrentWidget(self.patient_page)
        self.patients.select(patient_id)
        self.update_actions()
        self.patient_page.table.setFocus()
        return True

    # -- exams ---------------------------------------------------------------------

    def _show_exam_page(self) -> None:
        self.pages.setCurrentWidget(self.exam_page)
        editor = self.exam_page.editor
        if self.ws.settings.analysis_width > 0 and editor.panel_width() is None:
            editor.set_panel_width(self.ws.settings.analysis_width)
        self._fill_sections()
        self.update_actions()
        editor = self.exam_page.editor
        focus = QApplication.focusWidget()
        if focus is None or not editor.isAncestorOf(focus):
            editor.nav.setFocus()

    def new_exam(self) -> None:
        patient_id = self.current_patient()
        if patient_id is None or not self.close_exam(go_back=False):
            return
        self.exam_page.start_new(patient_id)
        self._show_exam_page()
        self._status("New exam: it is saved as you type.")

    def new_follow_up(self) -> None:
        """A follow-up from the last signed exam (else the latest): history and goals copied, the
        last measurements shown beside their fields, the questionnaires to repeat chosen here."""
        patient_id = self.current_patient()
        if patient_id is None or not self.close_exam(go_back=False):
            return
        found = exams.follow_up_source(self.ws.database, patient_id)
        if found is None:
            return
        source, previous = found
        chosen = dialogs.ask_follow_up(self, show_date(source.date), followup.repeatable(previous))
        if chosen is None:
            return
        self.exam_page.start_follow_up(patient_id, source.id, chosen)
        self._show_exam_page()
        self._status(f"Follow-up from the exam of {show_date(source.date)}: last values are shown greyed; "
                     "type today's value, or = to confirm the last one.")

    def open_exam(self, exam_id: ExamId) -> None:
        if not self.close_exam(go_back=False):
            return
        self.exam_page.open_exam(exam_id)
        self._show_exam_page()

    def open_selected_exam(self) -> None:
        summary = self.patient_page.selected_exam()
        if summary is not None:
            self.open_exam(summary.id)

    def save(self) -> None:
        if self.exam_page.is_open():
            self.exam_page.save_now()

    def sign_off(self) -> None:
        if self.exam_page.sign_off():
            self.patients.refresh()

    def amend(self) -> None:
        self.exam_page.start_amendment()

    def close_exam(self, *, go_back: bool = True) -> bool:
        """Close the open exam (saving what is pending); False if the user kept it open."""
        if not self.exam_page.is_open():
            return True
        patient_id, exam_id = self.exam_page.patient_id, self.exam_page.exam_id
        if not self.exam_page.close_exam():
            return False
        self.update_actions()
        if go_back and patient_id is not None:
            self.open_patient(patient_id, select=exam_id)
        return True

    def _fill_sections(self) -> None:
        """Exam > Go to section: the editor's sections (their Alt+number keys belong to the editor)."""
        if self.sections_menu.actions():
            return
        editor = self.exam_page.editor
        for number, name in enumerate(editor.section_names(), 1):
            action = self.sections_menu.addAction(f"{name}\tAlt+{number}")
            action.triggered.connect(lambda _checked=False, n=name: self.exam_page.editor.show_section(n, focus=True))

    def show_history(self) -> None:
        exam_id = self.current_exam()
        if exam_id is not None:
            history = exams.history(self.ws.database, exam_id)
            dialogs.show_history(self, history.title, list(history.versions))

    def offer_recovery(self) -> None:
        """After a crash: offer to reopen the exam that was being edited (its last autosave), and an
        amendment that was being written (kept as typed)."""
        drafts = exams.drafts_left_open(self.ws.database)
        amending = exams.amendments_in_progress(self.ws.database)
        if amending and not drafts:
            newest = amending[-1]
            self.open_patient(newest.patient_id, select=newest.id)
            self.open_exam(newest.id)  # asks: continue the amendment, or discard it
            return
        if not drafts:
            return
        choice = dialogs.ask_recover_draft(self, [d.describe() for d in drafts])
        reopened = exams.settle_recovery(self.ws.database, drafts, reopen=choice is dialogs.RecoveryChoice.RESTORE)
        if reopened is not None:
            self.open_patient(reopened.patient_id, select=reopened.id)
            self.open_exam(reopened.id)
            self._status("Your last autosave is back. Nothing was lost up to that moment.")

    # -- documents -----------------------------------------------------------------

    def _document_exam(self) -> ExamId | None:
        """The exam to print, with any pending edits saved first (the PDF shows what is stored).
        An exam with values that are not valid is not printed until they are corrected."""
        if self.exam_page.is_open() and self.exam_page.mode is not Mode.LOCKED:
            problems = self.exam_page.editor.problems()
            if problems:
                dialogs.show_problems(self, "Not printed yet", "Correct these values first; the document would "
                                      "leave them out:", [("", message) for _path, message in problems])
                return None
        exam_id = self.current_exam()
        if not self.exam_page.is_open() and exam_id is not None:
            kept = exams.kept_input(self.ws.database, exam_id).invalid
            if kept:
                dialogs.show_problems(self, "Not printed yet", "Open the exam and correct these values first; "
                                      "they are kept as typed but are not part of the exam:",
                                      [("", f"'{text}'") for text in kept.values()])
                return None
        if self.exam_page.is_open():
            if self.exam_page.mode is Mode.DRAFT and not self.exam_page.save_now():
                return None
            if self.exam_page.exam_id is None:
                dialogs.show_info(self, "Nothing to print yet", "Enter some findings first; the exam is saved "
                                  "as you type and can then be printed.")
                return None
        return self.current_exam()

    def _folder(self) -> Path:
        folder = Path(self.ws.settings.last_folder) if self.ws.settings.last_folder else paths.documents_dir()
        return folder if folder.is_dir() else Path.home()

    def _remember_folder(self, path: Path) -> None:
        if str(path.parent) != self.ws.settings.last_folder:
            self.ws.update_settings(self.ws.settings.with_(last_folder=str(path.parent)))

    def _write(self, path: Path, write: Callable[[], None]) -> bool:
        try:
            write()
        except OSError as err:
            dialogs.show_error(self, "Not saved", f"{path.name} could not be written.", str(err))
            return False
        return True

    def export_summary(self) -> None:
        exam_id = self._document_exam()
        if exam_id is None:
            return
        exam = documents.stored_exam(self.ws.database, exam_id)
        data = documents.summary_data(exam, documents.clinic_info(self.ws.settings))  # the examiner's record
        path = dialogs.ask_save_path(self, "Save the assessment summary",
                                     self._folder() / documents.file_name(data.record, "summary"))
        if path is None:
            return
        if not self._write(path, lambda: documents.write_summary(path, data)):
            return
        self._remember_folder(path)
        self._status(f"Summary saved to {path}")
        viewer.open_with_system_viewer(path)

    def export_letter(self) -> None:
        exam_id = self._document_exam()
        if exam_id is None:
            return
        recipient = dialogs.ask_recipient(self, Recipient(name=""))
        if recipient is None:
            return
        exam = documents.stored_exam(self.ws.database, exam_id)
        signer = self.ws.settings.clinician_name  # the letter is signed by its writer
        data = documents.letter_data(exam, documents.clinic_info(self.ws.settings, signer=signer), recipient)
        path = dialogs.ask_save_path(self, "Save the referral letter",
                                     self._folder() / documents.file_name(data.record, "letter"))
        if path is None:
            return
        if not self._write(path, lambda: documents.write_letter(path, data)):
            return
        self._remember_folder(path)
        self._status(f"Letter saved to {path}")
        viewer.open_with_system_viewer(path)

    # -- exam files ----------------------------------------------------------------

    def import_files(self) -> None:
        files = dialogs.ask_open_paths(self, "Import exam files", self._folder())
        if not files:
            return
        self._remember_folder(files[0])
        try:
            report = examfiles.import_files(self.ws.database, files, author=self.ws.author)
        except UserError as err:
            problems = [(where, what) for where, what in err.problems if where]
            dialogs.show_problems(self, "Import exam files", "Nothing was imported. Correct these files, then "
                                  "import them again:", problems)
            self._status("Nothing was imported.")
            return
        except db.Error as err:
            dialogs.show_error(self, "Import failed", "Nothing was imported.", str(err))
            return
        self.patients.refresh()
        if report.last_patient is not None:
            self.open_patient(report.last_patient)
        self._status(report.summary() + ".")
        if warnings := report.duplicate_warnings():
            dialogs.show_problems(self, "Possible duplicate patients", "Check these patients (File ▸ Merge with "
                                  "another record joins two records):", warnings)

    def _export(self, patient_id: PatientId | None) -> None:
        folder = dialogs.ask_directory(self, "Export exams to folder", self._folder())
        if folder is None:
            return
        try:
            written = examfiles.export_exams(self.ws.database, folder, patient_id=patient_id)
        except (OSError, db.Error) as err:
            dialogs.show_error(self, "Export stopped", f"The exams could not all be written to {folder}.", str(err))
            return
        self.ws.update_settings(self.ws.settings.with_(last_folder=str(folder)))
        self._status(f"Exported {len(written)} exam{'s' if len(written) != 1 else ''} to {folder}")

    def export_patient(self) -> None:
        patient_id = self.current_patient()
        if patient_id is not None and (not self.exam_page.is_open() or self.exam_page.save_now()):
            self._export(patient_id)

    def export_all(self) -> None:
        if not self.exam_page.is_open() or self.exam_page.save_now():
            self._export(None)

    # -- backups and databases -------------------------------------------------------

    def backup_now(self) -> None:
        if self.exam_page.is_open() and not self.exam_page.save_now():
            return
        try:
            path = backups.backup_now(self.ws)
        except (OSError, db.Error) as err:
            dialogs.show_error(self, "Backup failed", "The backup could not be written.", str(err))
            return
        self._status(f"Backed up to {path}")

    def restore_backup(self) -> None:
        file = self.ws.file
        if file is None:
            return
        backup = dialogs.ask_backup_file(self, self.ws.settings.backup_dir())
        if backup is None:
            return
        try:
            candidate = backups.prepare_restore(backup, file)
        except (OSError, db.DatabaseError) as err:
            dialogs.show_error(self, "Not a usable backup", f"{backup.name} cannot be restored.", str(err))
            return
        if not dialogs.confirm_restore(self, backup, file.name, backups.taken_at(backup)):
            candidate.discard()
            return
        if not self.close_exam():
            candidate.discard()
            return
        try:
            self.ws.database = backups.restore(self.ws, candidate)
        except (OSError, db.Error) as err:
            dialogs.show_error(self, "Restore failed", "The backup was not restored; the database is as "
                               "it was.", str(err))
            return
        self._after_switch()
        self._status(f"Restored {file.name} from {backup.name}. The previous state is in the backup folder.")

    def switch_database(self, target: str, *, fill_demo: bool = False) -> bool:
        """Open another database in this window; the current one stays open if that fails."""
        if not self.close_exam(go_back=False):
            return False
        try:
            database = db.open_database(target)
        except db.DatabaseError as err:
            dialogs.show_error(self, "Cannot open the database", f"Kinelink cannot open {target}.",
                               f"{err}\n\nThe file has not been changed; {self.ws.name} is still open.")
            return False
        old, self.ws.database, self.ws.target = self.ws.database, database, target
        old.close()
        if fill_demo:
            demo_data.fill_if_empty(self.ws)
        self._after_switch()
        return True

    def _after_switch(self) -> None:
        self.exam_page.discard_state()
        self.patient_page.patient_id = None
        self.pages.setCurrentWidget(self.home)
        self.patients.search.clear()
        self.refresh_all()

    def open_database_file(self) -> None:
        start = self.ws.file.parent if self.ws.file else paths.data_dir()
        path = dialogs.ask_database_file(self, start)
        if path is not None and self.switch_database(str(path)):
            self._status(f"Opened {path}")

    def open_demo(self) -> None:
        paths.private_dir(paths.demo_database().parent)
        if self.switch_database(str(paths.demo_database()), fill_demo=True):
            self._status("Demo data: made-up patients for trying Kinelink. Your own database is not touched.")

    def edit_settings(self) -> None:
        old = self.ws.settings
        new = dialogs.ask_settings(self, old)
        if new is None or new == old:
            return
        self.ws.update_settings(new)
        self.update_actions()
        if new.database_file() != old.database_file() and Path(self.ws.target) != new.database_file():
            self.switch_database(str(new.database_file()))
        elif self.right.currentWidget() is self.welcome:
            self._show_welcome()
        self._status("Settings saved.")

    # -- help ----------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        rows = []
        for action in self.actions():
            if not action.shortcut().isEmpty():
                text = action.text().replace("&", "").removesuffix("…")
                rows.append((action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), text))
        return rows + list(KEY_HELP)

    def show_shortcuts(self) -> None:
        dialogs.show_shortcuts(self, self.shortcut_rows())

    def show_about(self) -> None:
        from kinelink.desktop import about

        about.show(self, self.ws.target)

    # -- closing -------------------------------------------------------------------

    def remember_layout(self) -> None:
        """Window size and place, the list's width and the analysis panel's width, for next time."""
        editor = self.exam_page.editor_widget()
        panel = editor.panel_width() if editor is not None else None
        layout = self.ws.settings.with_(
            window_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            patient_list_width=self.home.sizes()[0],
            analysis_width=panel if panel is not None else self.ws.settings.analysis_width,
        )
        if layout != self.ws.settings:
            self.ws.update_settings(layout)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.exam_page.close_exam():
            event.ignore()
            return
        with contextlib.suppress(OSError):  # the layout is a convenience, never a reason to stay open
            self.remember_layout()
        if self.ws.settings.auto_backup and self.ws.file is not None:
            try:
                backups.automatic_backup(self.ws)
            except (OSError, db.Error) as err:
                dialogs.show_error(self, "Automatic backup failed", "The automatic backup could not be "
                                   "written; your data is safe in the database.", str(err))
        event.accept()


def _bind(button: QPushButton, action: QAction) -> None:
    """A page's button does what the window's action does, and is enabled when it is."""
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if shortcut and not button.toolTip():
        button.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
    if not button.accessibleName():
        button.setAccessibleName(button.text().removesuffix("…"))

