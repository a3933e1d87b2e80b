"""File menu: exam files in and out, backups and restore, another database, demo data, settings.

Each action asks (dialogs), calls its use case (desktop/usecases/: the same import and
export as `kinelink import|export`), and shows the outcome; errors from below become
messages here and nowhere else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kinelink import db
from kinelink.desktop import dialogs, paths
from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases import backups, demo_data, encryption
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.model import PatientId

if TYPE_CHECKING:
    from kinelink.desktop.main_window import MainWindow


class FileActions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window

    def import_files(self) -> None:
        files = dialogs.ask_open_paths(self.w, _("Import exam files"), self.w.folder())
        if not files:
            return
        self.w.remember_folder(files[0])
        try:
            from kinelink.desktop.usecases import examfiles  # the exam-file reader: loaded when first used

            report = examfiles.import_files(self.w.ws.database, files, author=self.w.ws.author)
        except UserError as err:
            problems = [(where, what) for where, what in err.problems if where]
            dialogs.show_problems(self.w, _("Import exam files"), _("Nothing was imported. Correct these files, then "
                                  "import them again:"), problems)
            self.w.status(_("Nothing was imported."))
            return
        except db.Error as err:
            dialogs.show_error(self.w, _("Import failed"), _("Nothing was imported."), str(err))
            return
        self.w.patients.refresh()
        if report.last_patient is not None:
            self.w.open_patient(report.last_patient)
        self.w.status(report.summary() + ".")
        if warnings := report.duplicate_warnings():
            dialogs.show_problems(self.w, _("Possible duplicate patients"), _("Check these patients (File ▸ Merge with "
                                  "another record joins two records):"), warnings)

    def _export(self, patient_id: PatientId | None) -> None:
        folder = dialogs.ask_directory(self.w, _("Export exams to folder"), self.w.folder())
        if folder is None:
            return
        try:
            from kinelink.desktop.usecases import examfiles

            written = examfiles.export_exams(self.w.ws.database, folder, patient_id=patient_id)
        except (OSError, db.Error) as err:
            dialogs.show_error(self.w, _("Export stopped"), _('The exams could not all be written to {folder}.').format(
                folder=folder), str(err))
            return
        self.w.ws.update_settings(self.w.ws.settings.with_(last_folder=str(folder)))
        self.w.status(ngettext("Exported {n} exam to {folder}", "Exported {n} exams to {folder}", len(written)).format(
            n=len(written), folder=folder))

    def export_patient(self) -> None:
        patient_id = self.w.current_patient()
        if patient_id is not None and (not self.w.exam_page.is_open() or self.w.exam_page.save_now()):
            self._export(patient_id)

    def export_all(self) -> None:
        if not self.w.exam_page.is_open() or self.w.exam_page.save_now():
            self._export(None)

    # -- backups and databases -------------------------------------------------------

    def backup_now(self) -> None:
        if self.w.exam_page.is_open() and not self.w.exam_page.save_now():
            return
        try:
            path = backups.backup_now(self.w.ws)
        except (OSError, db.Error) as err:
            dialogs.show_error(self.w, _("Backup failed"), _("The backup could not be written."), str(err))
            return
        self.w.status(_('Backed up to {path}').format(path=path))

    def check_database(self) -> None:
        """The command line's `kinelink check` on the open file, its findings shown in the integrity view."""
        from kinelink.desktop import integrity_report
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        file = self.w.ws.file
        if file is None:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # seconds on a clinic's years of records
        try:
            problems = self.w.ws.database.check()
        finally:
            QApplication.restoreOverrideCursor()
        integrity_report.show_report(self.w, file.name, problems)

    def restore_backup(self) -> None:
        file = self.w.ws.file
        if file is None:
            return
        backup = dialogs.ask_backup_file(self.w, self.w.ws.settings.backup_dir())
        if backup is None:
            return
        try:
            candidate = backups.prepare_restore(backup, file, self.w.ws.database.passphrase)
        except (OSError, db.DatabaseError) as err:
            dialogs.show_error(self.w, _("Not a usable backup"), _('{name} cannot be restored.').format(
                name=backup.name), str(err))
            return
        if not dialogs.confirm_restore(self.w, backup, file.name, backups.taken_at(backup)):
            candidate.discard()
            return
        if not self.w.close_exam():
            candidate.discard()
            return
        try:
            account = self.w.ws.account
            self.w.ws.database = backups.restore(self.w.ws, candidate)
            self.w.ws.database.account = account  # the same person goes on working
        except (OSError, db.Error) as err:
            dialogs.show_error(self.w, _("Restore failed"), _("The backup was not restored; the database is as "
                               "it was."), str(err))
            return
        self._after_switch()
        self.w.status(_('Restored {name} from {name2}. The previous state is in the backup folder.').format(
            name=file.name, name2=backup.name))

    def switch_database(self, target: str, *, fill_demo: bool = False, passphrase: str | None = None) -> bool:
        """Open another database in this window; the current one stays open if that fails. `passphrase`
        creates (or opens) an encrypted file; an encrypted file's passphrase is asked otherwise."""
        from kinelink.desktop import app, server_login  # app starts windows: imported when switching only

        if not self.w.close_exam(go_back=False):
            return False
        ws = self.w.ws
        instance = app.claim_file(target)
        try:
            database = app.open_for_window(target, read_only=instance is not None and not instance.owned,
                                           passphrase=passphrase, parent=self.w)
        except db.DatabaseError as err:
            if instance is not None:
                instance.release()
            dialogs.show_error(self.w, _("Cannot open the database"),
                               _('Kinelink cannot open {shown}.').format(shown=server_login.shown(target)),
                               _('{err}\n\nIt has not been changed; {name} is still open.').format(
                                   err=err, name=ws.name))
            return False
        if not app.log_in(database, target):  # a database with accounts: whoever logs in now
            database.close()
            if instance is not None:
                instance.release()
            return False
        if ws.instance is not None:
            ws.instance.release()
        old, ws.database, ws.target, ws.instance = ws.database, database, target, instance
        if instance is not None:
            instance.raise_requested.connect(self.w.come_forward)
        if (database.account is not None or database.encrypted) and self.w.idle_lock is None:
            from kinelink.desktop.idle_lock import IdleLock

            self.w.idle_lock = IdleLock(self.w, ws.settings.idle_lock_minutes, self.w.lock_now)
        old.close()
        if fill_demo:
            demo_data.fill_if_empty(self.w.ws)
        self._after_switch()
        return True

    def _after_switch(self) -> None:
        self.w.exam_page.discard_state()
        self.w.patient_page.patient_id = None
        self.w.pages.setCurrentWidget(self.w.home)
        self.w.patients.search.clear()
        self.w.refresh_all()

    def open_database_file(self) -> None:
        start = self.w.ws.file.parent if self.w.ws.file else paths.data_dir()
        path = dialogs.ask_database_file(self.w, start)
        if path is not None and self.switch_database(str(path)):
            self.w.status(_('Opened {path}').format(path=path))

    def new_database(self) -> None:
        """File ▸ New database: a new file, encrypted if the user chose a passphrase."""
        start = self.w.ws.file.parent if self.w.ws.file else paths.data_dir()
        chosen = dialogs.ask_new_database(self.w, start)
        if chosen is None:
            return
        path, passphrase, remember = chosen
        if self.switch_database(str(path), passphrase=passphrase):
            if passphrase is not None and remember:
                problem = encryption.remember_passphrase(path, passphrase)
                if problem:
                    dialogs.show_error(self.w, _("Passphrase not remembered"), _("The database is created, but its "
                                       "passphrase was not kept in the keyring."), problem)
            self.w.status((_("Created {path} (encrypted)") if passphrase is not None else _("Created {path}")).format(
                path=path))

    def open_demo(self) -> None:
        paths.private_dir(paths.demo_database().parent)
        if self.switch_database(str(paths.demo_database()), fill_demo=True):
            self.w.status(_("Demo data: made-up patients for trying Kinelink. Your own database is not touched."))

    def edit_settings(self) -> None:
        old = self.w.ws.settings
        from kinelink.desktop import server_login

        new = dialogs.ask_settings(self.w, old, server_login.shown(self.w.ws.target))
        if new is None or new == old:
            return
        self.w.ws.update_settings(new)
        self.w.update_actions()
        if new.database_target() != old.database_target() and self.w.ws.target != new.database_target():
            self.switch_database(new.database_target())
        elif self.w.right.currentWidget() is self.w.welcome:
            self.w.show_welcome()
        self.w.status(_("Settings saved."))
