"""The main window: patient list, patient page, exam page, the menus, and where each action goes.

The window only asks and shows. Each action asks what it needs (through `dialogs`),
calls a use case (desktop/usecases/, shared with the command line), and refreshes what
changed; the File and Documents actions live in their own collaborators
(`file_actions.FileActions`, `document_actions.DocumentActions`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kinelink import db
from kinelink.desktop import menus, paths, theme
from kinelink.desktop.patient_list import PatientListPanel
from kinelink.desktop.welcome import WelcomePanel
from kinelink.forms.i18n import _
from kinelink.forms.ids import ExamId, PatientId
from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    # Built or loaded when first needed, not before the window is first painted: the exam page (and its
    # editor) when an exam is first opened or shortly after start-up (`desktop.app` prepares it), the
    # patient page when a patient is first opened, the File, Documents and record actions when first used.
    from kinelink.desktop.document_actions import DocumentActions
    from kinelink.desktop.exam_page import ExamPage
    from kinelink.desktop.file_actions import FileActions
    from kinelink.desktop.patient_page import PatientPage
    from kinelink.desktop.record_actions import RecordActions
    from kinelink.desktop.usecases.workspace import Workspace

STATUS_MS = 8000


def fit_inside(rect: QRect, screen: QRect) -> QRect:
    """`rect` made no larger than `screen` and moved into it."""
    fitted = QRect(rect.topLeft(), rect.size().boundedTo(screen.size()))
    fitted.moveLeft(max(screen.left(), min(fitted.left(), screen.right() - fitted.width() + 1)))
    fitted.moveTop(max(screen.top(), min(fitted.top(), screen.bottom() - fitted.height() + 1)))
    return fitted


class MainWindow(QMainWindow):
    integrity_check: QObject | None = None  # the background quick_check (desktop.integrity)
    idle_lock: QObject | None = None  # locks the window after a while without use (desktop.idle_lock)

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.ws = workspace
        self.locked = False  # the idle lock is showing
        self.setObjectName("MainWindow")
        room = self.screen().availableGeometry()  # the screen less panels and docks
        self.resize(min(1280, room.width()), min(800, room.height()))
        self.setMinimumSize(min(1000, room.width()), min(640, room.height()))

        self.patients = PatientListPanel(lambda: self.ws)
        self._patient_page: PatientPage | None = None  # built when a patient is first opened
        self._exam_page: ExamPage | None = None  # built when first needed (desktop.app prepares it)
        self._files: FileActions | None = None
        self._docs: DocumentActions | None = None
        self._records: RecordActions | None = None
        self.welcome = WelcomePanel()
        self.right = QStackedWidget()
        # The patient page joins the stack when a patient is first opened (`open_patient`): the home's
        # style sheet polishes every widget added under it, a third of the window's build before it is shown.
        self.right.addWidget(self.welcome)
        self.home = QSplitter()  # side by side (Qt's default orientation; `Qt` itself is not loaded yet)
        self.home.setObjectName("HomeSplitter")
        self.home.setChildrenCollapsible(False)
        self.home.addWidget(self.patients)
        self.home.addWidget(self.right)
        self.home.setStretchFactor(0, 0)
        self.home.setStretchFactor(1, 1)
        self.home.setSizes([460, 820])
        self.patients.setMinimumWidth(340)  # names and birth dates uncut at 1024 px
        self.home.setHandleWidth(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.home)  # the exam page joins when built (`exam_page`)
        self.banner = QLabel()  # why the database is read-only and what to do; hidden while it is writable
        self.banner.setObjectName("ReadOnlyBanner")
        self.banner.setAccessibleName(_("Database warning"))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fdecea; color: #611a15; padding: 8px 12px;"
                                  " border-bottom: 1px solid #f5c6cb; }")
        self.banner.hide()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        # The style goes on the window's own parts, not the window: the exam editor has its own, and
        # styling it twice doubles the time it takes to build. Set once the home has its place in the
        # window: moving a styled widget under another parent polishes it all again (30 ms).
        self.home.setStyleSheet(theme.style_sheet())

        self.statusBar().setStyleSheet(theme.STATUS_BAR_STYLE)
        self.saved_status = QLabel()
        self.saved_status.setObjectName("SavedStatus")
        self.saved_status.setAccessibleName(_("Save status"))
        self.statusBar().addPermanentWidget(self.saved_status)

        self._sign_tip = ""  # the sign button's own tooltip, "Sign off (Ctrl+Shift+S)", once the exam page is built
        self._make_actions()
        self._connect()
        if self.ws.is_open:
            self.refresh_all()
        else:  # start-up shows the window first, then opens the database (desktop.app.start)
            self.setWindowTitle(self.ws.name)  # Qt adds " — Kinelink" (the application's display name)
            self.statusBar().showMessage(_('Opening {name}…').format(name=self.ws.name))

    # -- the parts built when first needed ------------------------------------------

    @property
    def files(self) -> FileActions:
        """File menu: exam files, backups, databases, settings."""
        if self._files is None:
            from kinelink.desktop.file_actions import FileActions

            self._files = FileActions(self)
        return self._files

    @property
    def docs(self) -> DocumentActions:
        """Documents menu: summary and letter PDFs."""
        if self._docs is None:
            from kinelink.desktop.document_actions import DocumentActions

            self._docs = DocumentActions(self)
        return self._docs

    @property
    def records(self) -> RecordActions:
        """Merge, archive, delete a draft, follow-up."""
        if self._records is None:
            from kinelink.desktop.record_actions import RecordActions

            self._records = RecordActions(self)
        return self._records

    @property
    def patient_page(self) -> PatientPage:
        if self._patient_page is None:
            from kinelink.desktop.patient_page import PatientPage

            page = PatientPage(lambda: self.ws)
            self._patient_page = page
            page.exam_activated.connect(lambda eid: self.open_exam(ExamId(eid)))
            page.correspondence.reopen_requested.connect(lambda item: self.docs.reopen_document(item))
            page.selection_changed.connect(self.update_actions)
            page.undo_merge_requested.connect(lambda pid: self.records.undo_merge(PatientId(pid)))
            menus.fill_more_menu(self)
            menus.bind_patient_buttons(self)
            if self.ws.is_open:
                self.show_by_role()
        return self._patient_page

    @property
    def exam_page(self) -> ExamPage:
        if self._exam_page is None:
            from kinelink.desktop.exam_page import ExamPage

            page = ExamPage(lambda: self.ws)
            self._exam_page = page
            self.pages.addWidget(page)
            page.state_changed.connect(self.update_actions)
            page.save_state.connect(self._save_state)
            page.status_message.connect(self.status)
            page.back_requested.connect(self.close_exam)
            menus.bind_exam_buttons(self)
            self._sign_tip = page.sign_button.toolTip()  # "Sign off (Ctrl+Shift+S)"
            if self.ws.is_open:
                self.update_actions()
        return self._exam_page

    def exam_is_open(self) -> bool:
        """An exam is open (False while the exam page has not been built)."""
        return self._exam_page is not None and self._exam_page.is_open()

    def show_on_screen(self) -> None:
        """As the clinician left it; else maximised on a laptop screen, and on a large one a
        comfortable size in the middle."""
        s = self.ws.settings
        if s.patient_list_width > 0:
            self.home.setSizes([s.patient_list_width, max(1, self.width() - s.patient_list_width)])
        restored = False
        if s.window_geometry:
            from PySide6.QtCore import QByteArray  # only to restore a saved geometry

            restored = self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode("ascii")))
        if restored:
            self.show()
            self.fit_frame()  # left on a larger screen (or a monitor since unplugged): it must fit this one
            return
        screen = self.screen().availableGeometry()
        if screen.width() < 1500 or screen.height() < 900:
            self.setGeometry(screen)  # without a window manager showMaximized keeps the first size
            self.showMaximized()
            return
        self.resize(min(1600, int(screen.width() * 0.85)), min(1000, int(screen.height() * 0.9)))
        frame = self.frameGeometry()
        frame.moveCenter(screen.center())
        self.move(frame.topLeft())
        self.show()

    def fit_frame(self) -> None:
        """Shrink and move the window, title bar and borders included, into the available screen."""
        frame, inner = self.frameGeometry(), self.geometry()
        fitted = fit_inside(frame, self.screen().availableGeometry())
        if fitted != frame:
            target = fitted.adjusted(inner.left() - frame.left(), inner.top() - frame.top(),
                                     inner.right() - frame.right(), inner.bottom() - frame.bottom())
            self.setMinimumSize(self.minimumSize().boundedTo(target.size()))
            self.setGeometry(target)

    # -- actions and menus -------------------------------------------------------

    def _make_actions(self) -> None:
        def a(text: str, slot: Callable[[], object], shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
            return menus.action(self, text, slot, shortcut)

        self.act_new_patient = a(_("&New patient…"), self.new_patient, "Ctrl+Shift+N")
        self.act_find = a(_("&Find patient"), self.focus_search, QKeySequence.StandardKey.Find)
        self.act_edit_patient = a(_("Edi&t patient details…"), self.edit_patient)
        self.act_import = a(_("&Import exam files…"), lambda: self.files.import_files(), "Ctrl+O")
        self.act_export_patient = a(_("&Export this patient's exams…"), lambda: self.files.export_patient(), "Ctrl+E")
        self.act_export_all = a(_("Export &all exams…"), lambda: self.files.export_all())
        self.act_backup = a(_("&Back up now"), lambda: self.files.backup_now(), "Ctrl+B")
        self.act_restore = a(_("&Restore from a backup…"), lambda: self.files.restore_backup())
        self.act_check = a(_("Chec&k the database"), lambda: self.files.check_database())
        self.act_open_db = a(_("&Open database…"), lambda: self.files.open_database_file())
        self.act_new_db = a(_("Ne&w database…"), lambda: self.files.new_database())
        self.act_demo = a(_("Open &demo data"), lambda: self.files.open_demo())
        self.act_settings = a(_("&Settings…"), lambda: self.files.edit_settings(), "Ctrl+,")
        self.act_accounts = a(_("A&ccounts…"), self.show_accounts)
        self.act_merge = a(_("&Merge with another record…"), lambda: self.records.merge_patient())
        self.act_undo_merge = a(_("Undo mer&ge…"), lambda: self.records.undo_latest_merge())
        self.act_archive = a(_("Ar&chive patient…"), lambda: self.records.archive_patient())
        self.act_show_archived = a(_("Show archi&ved patients"), lambda: self.records.toggle_archived())
        self.act_show_archived.setCheckable(True)
        self.act_restore_patient = a(_("Bring back to the &lists"), lambda: self.records.restore_patient())
        self.act_quit = a(_("&Quit"), self.close, QKeySequence.StandardKey.Quit)

        self.act_new_exam = a(_("&New exam"), self.new_exam, QKeySequence.StandardKey.New)
        self.act_follow_up = a(_("New &follow-up…"), lambda: self.records.new_follow_up(), "Ctrl+Shift+F")
        self.act_open_exam = a(_("&Open exam"), self.open_selected_exam)
        self.act_save = a(_("&Save"), self.save, QKeySequence.StandardKey.Save)
        self.act_sign = a(_("Sign o&ff…"), self.sign_off, "Ctrl+Shift+S")
        self.act_amend = a(_("&Amend…"), self.amend, "Ctrl+Shift+A")
        self.act_cancel_amend = a(_("Cancel a&mendment"), lambda: self.exam_page.cancel_amendment())
        self.act_history = a(_("Amendment &history…"), self.show_history, "Ctrl+H")
        self.act_close_exam = a(_("&Close exam"), self.close_exam, QKeySequence.StandardKey.Close)
        self.act_delete_draft = a(_("&Delete draft…"), lambda: self.records.delete_draft())

        self.act_summary = a(_("&Summary PDF…"), lambda: self.docs.export_summary(), QKeySequence.StandardKey.Print)
        self.act_letter = a(_("Referral &letter…"), lambda: self.docs.export_letter(), "Ctrl+L")

        self.act_shortcuts = a(_("&Keyboard shortcuts"), self.show_shortcuts, QKeySequence.StandardKey.HelpContents)
        self.act_about = a(_("&About Kinelink"), self.show_about)

        self.sections_menu = QMenu(_("&Go to section"), self)
        menus.fill_menu_bar(self)

    def _connect(self) -> None:
        self.patients.patient_activated.connect(lambda pid: self.open_patient(PatientId(pid)))
        self.patients.new_patient_requested.connect(self.new_patient)
        self.welcome.new_patient_requested.connect(self.new_patient)
        self.welcome.demo_requested.connect(lambda: self.files.open_demo())
        self.welcome.import_requested.connect(lambda: self.files.import_files())
        self.welcome.settings_requested.connect(lambda: self.files.edit_settings())

    def _save_state(self, text: str) -> None:
        self.saved_status.setText(text)
        self.statusBar().clearMessage()  # an earlier hint ("Amending: …") no longer applies

    # -- state ---------------------------------------------------------------------

    def refresh_all(self) -> None:
        who = f" — {self.ws.account.name}" if self.ws.account is not None else ""
        only = " (read-only)" if self.ws.read_only else ""
        self.setWindowTitle(f"{self.ws.name}{only}{who}")  # Qt adds " — Kinelink" (the display name)
        self.patients.refresh()
        page = self._patient_page
        if page is not None and page.patient_id is not None and self.right.currentWidget() is page:
            page.refresh()
        else:
            self.show_welcome()
        self.update_actions()

    def show_welcome(self) -> None:
        empty = not self.patients.summaries() and not self.patients.search.text()
        self.welcome.show_state(empty=empty, database=self.ws.target, clinician=self.ws.settings.clinician_name)
        self.right.setCurrentWidget(self.welcome)

    def current_patient(self) -> PatientId | None:
        if self.exam_is_open():
            return self.exam_page.patient_id
        page = self._patient_page
        if page is not None and self.right.currentWidget() is page:
            return page.patient_id
        return None

    def current_exam(self) -> ExamId | None:
        """The exam the document and history actions act on: the open one, else the selected one."""
        if self.exam_is_open():
            return self.exam_page.exam_id
        page = self._patient_page
        if page is not None and self.right.currentWidget() is page and (summary := page.selected_exam()):
            return summary.id
        return None

    def update_actions(self) -> None:
        from kinelink.desktop.exam_page import NO_CLINICIAN, Mode

        exam_page, patient_page = self._exam_page, self._patient_page  # either may not be built yet
        exam_open = self.exam_is_open()
        mode = exam_page.mode if exam_page is not None else Mode.CLOSED
        patient = self.current_patient() is not None
        exam = self.current_exam() is not None
        selected = patient_page.selected_exam() if patient_page is not None and not exam_open else None
        locked_exam = (exam_page is not None and mode in (Mode.LOCKED, Mode.AMENDING)
                       and exam_page.exam_id is not None) or (selected is not None and selected.is_locked)
        self.act_new_exam.setEnabled(patient)
        self.act_follow_up.setEnabled(patient and patient_page is not None and bool(patient_page.timeline.rowCount()))
        self.act_edit_patient.setEnabled(patient)
        self.act_export_patient.setEnabled(patient)
        self.act_open_exam.setEnabled(not exam_open and selected is not None)
        self.act_save.setEnabled(mode in (Mode.DRAFT, Mode.AMENDING))
        take_over = exam_page.take_over_from if exam_page is not None and mode is Mode.DRAFT else None
        refusal = exam_page.sign_refusal if exam_page is not None and mode is Mode.DRAFT and take_over is None else None
        unnamed = exam_page is not None and mode is Mode.DRAFT and refusal is None and exam_page.signer() is None
        self.act_sign.setEnabled(mode is Mode.DRAFT and refusal is None and not unnamed)
        if exam_page is not None:
            exam_page.sign_button.setToolTip(  # a disabled button says why; an imported draft, what signing does
                _("Only the exam's author signs it: {why}.").format(why=refusal) if refusal else
                _(NO_CLINICIAN) if unnamed else
                _("{tip}: no account started this exam (stored by {stored_by}); signing it takes it over first, "
                  "recorded in the audit trail").format(tip=self._sign_tip, stored_by=take_over) if take_over else
                self._sign_tip)
        self.act_amend.setEnabled(mode is Mode.LOCKED)
        self.act_cancel_amend.setEnabled(mode is Mode.AMENDING)
        self.act_history.setEnabled(locked_exam)
        draft_open = exam_open and mode is Mode.DRAFT and self.exam_page.exam_id is not None
        self.act_delete_draft.setEnabled(draft_open or (selected is not None and not selected.is_locked))
        archived = patient_page is not None and patient_page.archived
        self.act_merge.setEnabled(patient and not exam_open)
        self.act_undo_merge.setEnabled(patient and not exam_open and patient_page is not None
                                       and bool(patient_page.merges) and not self.ws.read_only)
        self.act_archive.setEnabled(patient and not exam_open and not archived)
        self.act_restore_patient.setEnabled(patient and not exam_open and archived)
        self.act_close_exam.setEnabled(exam_open)
        self.act_summary.setEnabled(exam)
        self.act_letter.setEnabled(exam)
        is_file = self.ws.file is not None
        self.act_backup.setEnabled(is_file)
        self.act_restore.setEnabled(is_file)
        self.act_check.setEnabled(is_file)
        if self.ws.database.read_only is not None:  # nothing may write to it: only reading, backups, restore
            for act in (self.act_new_patient, self.act_edit_patient, self.act_import, self.act_new_exam,
                        self.act_save, self.act_sign, self.act_amend):
                act.setEnabled(False)
        self.show_by_role()
        self.show_database_state()

    def show_by_role(self) -> None:
        """Administrators alone see accounts, merging patients and restoring backups; a read-only
        account sees no action that changes records. Without accounts (a single-user file) its one
        user sees everything but Accounts."""
        role = self.ws.account.role if self.ws.account is not None else None
        for act in (self.act_merge, self.act_undo_merge, self.act_restore):
            act.setVisible(role in (None, db.Role.ADMIN))
            if role not in (None, db.Role.ADMIN):
                act.setEnabled(False)
        self.act_accounts.setVisible(role is db.Role.ADMIN)
        self.act_accounts.setEnabled(role is db.Role.ADMIN and self.ws.database.read_only is None)
        editing = role is None or role.can_write
        for act in (self.act_new_patient, self.act_edit_patient, self.act_import, self.act_new_exam,
                    self.act_follow_up, self.act_save, self.act_sign, self.act_amend, self.act_cancel_amend,
                    self.act_delete_draft, self.act_archive, self.act_restore_patient):
            act.setVisible(editing)
            if not editing:
                act.setEnabled(False)
        if self._patient_page is not None:
            for button in (self._patient_page.edit_button, self._patient_page.new_exam_button):
                button.setVisible(editing)

    def show_accounts(self) -> None:
        if self.ws.account is None or self.ws.account.role is not db.Role.ADMIN:
            return
        from kinelink.desktop.accounts_dialog import AccountsDialog

        AccountsDialog(self, self.ws.database, self.ws.author).exec()

    def show_database_state(self) -> None:
        """The banner over every page while the database may not be changed."""
        database = self.ws.database
        if database.read_only is None:
            self.banner.hide()
            return
        from html import escape

        if database.damaged:
            text = _("<b>The database is damaged; it is open read-only and nothing you do now is saved.</b> "
                     "First keep the file as it is: File ▸ Back up now copies it byte for byte. Then restore "
                     "the latest backup (File ▸ Restore from a backup), or contact support with the copy. "
                     "({reason})").format(reason=escape(database.read_only))
        else:
            text = _("<b>This database is open read-only; nothing you do now is saved.</b> {reason}.").format(
                reason=escape(database.read_only))
        self.banner.setText(text)
        self.banner.show()

    def refuse_writes(self, problems: list[str]) -> None:
        """The background check found damage: from now on read-only, and the banner says what to do."""
        self.ws.database.refuse_writes(_("SQLite's check found: {problems}").format(problems="; ".join(problems[:3])))
        self.update_actions()

    def status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def folder(self) -> Path:
        """Where the file dialogs start: the last folder used, else the user's documents."""
        folder = Path(self.ws.settings.last_folder) if self.ws.settings.last_folder else paths.documents_dir()
        return folder if folder.is_dir() else Path.home()

    def remember_folder(self, path: Path) -> None:
        if str(path.parent) != self.ws.settings.last_folder:
            self.ws.update_settings(self.ws.settings.with_(last_folder=str(path.parent)))

    # -- patients ------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.exam_is_open() and not self.close_exam():
            return
        self.pages.setCurrentWidget(self.home)
        self.patients.focus_search()

    def new_patient(self) -> None:
        from kinelink.desktop import dialogs

        patient = dialogs.ask_new_patient(self)
        if patient is None:
            return
        with self.ws.database.read() as s:
            duplicates = db.patient_records.possible_duplicates(s, patient)
        if duplicates:
            choice = dialogs.ask_duplicate(self, patient, duplicates)
            if choice is dialogs.DuplicateChoice.CANCEL:
                return
            if choice is dialogs.DuplicateChoice.OPEN_EXISTING:
                self.records.open_found(duplicates[0].id)
                return
        with self.ws.database.write() as s:
            patient_id = db.repository.create_patient(s, patient, author=self.ws.author)
        self.patients.search.clear()
        self.patients.refresh()
        self.open_patient(patient_id)
        self.status(_('Added {full_name}.').format(full_name=patient.full_name))

    def edit_patient(self) -> None:
        from kinelink.desktop import dialogs

        patient_id = self.current_patient()
        if patient_id is None:
            return
        with self.ws.database.read() as s:
            current = db.repository.get_patient(s, patient_id)
            read = db.repository.patient_version(s, patient_id)
        changed = dialogs.ask_edit_patient(self, current)
        if changed is None or changed == current:
            return
        try:
            with self.ws.database.write() as s:
                db.repository.update_patient(s, patient_id, changed, author=self.ws.author, expected=read)
        except db.StaleEdit as stale:
            dialogs.show_error(self, _("Changed by a colleague"),
                               _("Your changes to {name} were not saved.").format(name=current.full_name), str(stale))
            self.patient_page.show_patient(patient_id)
            return
        self.patients.refresh()
        self.patient_page.show_patient(patient_id)
        self.status(_('Saved the details of {full_name}.').format(full_name=changed.full_name))

    def open_patient(self, patient_id: PatientId, *, select: ExamId | None = None) -> bool:
        if self.exam_is_open() and not self.close_exam():
            return False
        self.pages.setCurrentWidget(self.home)
        if self.right.indexOf(self.patient_page) < 0:
            self.right.addWidget(self.patient_page)
        self.patient_page.show_patient(patient_id, select=select)
        self.right.setCurrentWidget(self.patient_page)
        self.patients.select(patient_id)
        self.update_actions()
        self.patient_page.table.setFocus()
        return True

    # -- exams ---------------------------------------------------------------------

    def show_exam_page(self) -> None:
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
        if patient_id is None or not self._no_draft_in_the_way(patient_id):
            return
        if not self.close_exam(go_back=False):
            return
        self.exam_page.start_new(patient_id)
        self.show_exam_page()
        self.status(_("New exam: it is saved as you type."))

    def _no_draft_in_the_way(self, patient_id: PatientId) -> bool:
        """Before a new exam: if the patient has a draft (open here or stored), ask whether to go on with
        it (opened, False returned) or start another one deliberately (True). Ctrl+N used to start a
        second draft without a word."""
        from kinelink.desktop import dialogs
        from kinelink.desktop.exam_page import Mode
        from kinelink.desktop.usecases import exams

        page = self.exam_page if self.exam_is_open() else None
        open_draft = (page is not None and page.mode is Mode.DRAFT and page.patient_id == patient_id
                      and page.exam_id is not None)
        drafts = exams.drafts_of(self.ws.database, patient_id)
        if page is not None and open_draft:
            drafts = [d for d in drafts if d.id == page.exam_id] or drafts
        if not drafts:
            return True
        draft = drafts[0]
        shown = self._patient_page
        patient = shown.patient.full_name if shown is not None and shown.patient_id == patient_id \
            and shown.patient is not None else _("this patient")
        from kinelink.forms.formats import show_date

        choice = dialogs.ask_existing_draft(self, patient, show_date(draft.date), open_draft)
        if choice is dialogs.DraftChoice.OPEN_DRAFT:
            if open_draft:
                self.show_exam_page()
            else:
                self.open_exam(draft.id)
            return False
        return choice is dialogs.DraftChoice.NEW_EXAM

    def open_exam(self, exam_id: ExamId) -> None:
        if not self.close_exam(go_back=False):
            return
        self.exam_page.open_exam(exam_id)
        self.show_exam_page()

    def open_selected_exam(self) -> None:
        summary = self.patient_page.selected_exam()
        if summary is not None:
            self.open_exam(summary.id)

    def save(self) -> None:
        if self.exam_is_open():
            self.exam_page.save_now()

    def sign_off(self) -> None:
        if self.exam_page.sign_off():
            self.patients.refresh()

    def amend(self) -> None:
        self.exam_page.start_amendment()

    def close_exam(self, *, go_back: bool = True) -> bool:
        """Close the open exam (saving what is pending); False if the user kept it open."""
        if not self.exam_is_open():
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
        from kinelink.desktop.editor.keys import section_label

        editor = self.exam_page.editor
        for number, name in enumerate(editor.section_names(), 1):
            action = self.sections_menu.addAction(_('{name}\tAlt+{number}').format(name=section_label(name),
                                                                                  number=number))
            action.triggered.connect(lambda _checked=False, n=name: self.exam_page.editor.show_section(n, focus=True))

    def show_history(self) -> None:
        from kinelink.desktop import dialogs

        exam_id = self.current_exam()
        if exam_id is not None:
            from kinelink.desktop.usecases import exams

            history = exams.history(self.ws.database, exam_id)
            dialogs.show_history(self, history.title, list(history.versions))

    def offer_recovery(self) -> None:
        """After a crash: offer to reopen the exam that was being edited (its last autosave), and an
        amendment that was being written (kept as typed)."""
        from kinelink.desktop import dialogs
        from kinelink.desktop.usecases import exams

        drafts = exams.drafts_left_open(self.ws.database, self.ws.holding)
        amending = exams.amendments_in_progress(self.ws.database)
        if amending and not drafts:
            newest = amending[-1]
            self.open_patient(newest.patient_id, select=newest.id)
            self.open_exam(newest.id)  # asks: continue the amendment, or discard it
            return
        if not drafts:
            return
        choice = dialogs.ask_recover_draft(self, [d.describe() for d in drafts])
        reopened = exams.settle_recovery(self.ws.database, drafts, self.ws.holding,
                                         reopen=choice is dialogs.RecoveryChoice.RESTORE)
        if reopened is not None:
            self.open_patient(reopened.patient_id, select=reopened.id)
            self.open_exam(reopened.id)
            self.status(_("Your last autosave is back. Nothing was lost up to that moment."))


    # -- help ----------------------------------------------------------------------

    def shortcut_rows(self) -> list[tuple[str, str]]:
        from kinelink.desktop.editor.keys import key_help

        rows = []
        for action in self.actions():
            if not action.shortcut().isEmpty():
                text = action.text().replace("&", "").removesuffix("…")
                rows.append((action.shortcut().toString(QKeySequence.SequenceFormat.NativeText), text))
        return rows + key_help()

    def show_shortcuts(self) -> None:
        from kinelink.desktop import dialogs

        dialogs.show_shortcuts(self, self.shortcut_rows())

    def show_about(self) -> None:
        from kinelink.desktop import about

        about.show(self, self.ws.target)

    # -- several people, one database -------------------------------------------------

    def come_forward(self) -> None:
        """Another start on this file asked for this window (desktop.single_instance)."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()

    def lock_now(self) -> None:
        """The idle lock: save what is typed, hide the records, and ask the encrypted file's passphrase,
        else the account's password."""
        from kinelink.desktop import dialogs

        database = self.ws.database
        account = database.account
        if account is None and not database.encrypted:
            return
        from kinelink.desktop.exam_page import Mode

        if self._exam_page is not None and self._exam_page.mode is Mode.DRAFT:
            self._exam_page.save_now(quiet=True)
        content = self.centralWidget()
        assert content is not None
        content.hide()
        self.locked = True

        from kinelink.db import accounts

        def check(name: str, password: str) -> db.Account:
            with database.write() as s:  # (a login may upgrade the stored hash)
                return accounts.authenticate(s, name, password)

        def check_passphrase(passphrase: str) -> None:
            if not database.unlocks(passphrase):
                raise db.WrongPassphrase(_("wrong passphrase"))

        minutes = self.ws.settings.idle_lock_minutes
        try:
            if database.encrypted:
                unlocked = dialogs.ask_unlock_passphrase(self, self.ws.name, minutes, check_passphrase)
            else:
                assert account is not None
                unlocked = dialogs.ask_unlock(self, account.name, minutes, check)
        finally:
            self.locked = False
            content.show()
        if not unlocked:
            self.close()

    # -- closing -------------------------------------------------------------------

    def remember_layout(self) -> None:
        """Window size and place, the list's width and the analysis panel's width, for next time."""
        editor = self._exam_page.editor_widget() if self._exam_page is not None else None
        panel = editor.panel_width() if editor is not None else None
        layout = self.ws.settings.with_(
            window_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            patient_list_width=self.home.sizes()[0],
            analysis_width=panel if panel is not None else self.ws.settings.analysis_width,
        )
        if layout != self.ws.settings:
            self.ws.update_settings(layout)

    def closeEvent(self, event: QCloseEvent) -> None:
        from kinelink.desktop import dialogs

        if self._exam_page is not None and not self._exam_page.close_exam():
            event.ignore()
            return
        with contextlib.suppress(OSError):  # the layout is a convenience, never a reason to stay open
            self.remember_layout()
        if self.ws.is_open and self.ws.settings.auto_backup and self.ws.file is not None and not self.ws.read_only:
            from kinelink.desktop.usecases import backups

            try:
                backups.automatic_backup(self.ws)
            except (OSError, db.Error) as err:
                dialogs.show_error(self, _("Automatic backup failed"), _("The automatic backup could not be "
                                   "written; your data is safe in the database."), str(err))
        if self.ws.instance is not None:
            self.ws.instance.release()  # the next start on this file may have it
        event.accept()

